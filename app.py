"""PISAO API and event handlers: one Chalice app assembled from the blueprints in `functions/`."""

from __future__ import annotations

import importlib
import time

from chalice import Chalice

from functions import HANDLER_MODULES
from functions.http import logger, other_methods

app = Chalice(app_name="pisao")
app.api.binary_types = []  # JSON only

for module in HANDLER_MODULES:
    app.register_blueprint(importlib.import_module(module).bp)


@app.middleware("http")
def access_log(event, get_response):
    """One structured line per request: route and status, never bodies (they hold NIKs and addresses)."""
    started = time.perf_counter()
    response = get_response(event)
    logger.info("request", extra={
        "method": event.method, "route": event.context.get("resourcePath"), "status": response.status_code,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    })
    return response


app.register_middleware(other_methods, "http")  # inside the access log: a TRACE is logged with its 405
