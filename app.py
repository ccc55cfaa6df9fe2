"""PISAO API and event handlers: one Chalice app assembled from the blueprints in `functions/`."""

from __future__ import annotations

import time

from chalice import Chalice

from functions.forms import jobs as forms_jobs
from functions.forms import routes as forms_routes
from functions.http import logger, other_methods
from functions.identity import routes as identity_routes
from functions.notify import consumers as notify_consumers
from functions.notify import routes as notify_routes
from functions.payments import routes as payments_routes
from functions.permits import routes as permits_routes
from functions.staff import routes as staff_routes
from functions.submit import consumers as submit_consumers
from functions.submit import jobs as submit_jobs
from functions.submit import queues as submit_queues
from functions.submit import routes as submit_routes

app = Chalice(app_name="pisao")
app.api.binary_types = []  # JSON only

for blueprint in (forms_routes.bp, identity_routes.bp, submit_routes.bp, payments_routes.bp, notify_routes.bp,
                  staff_routes.bp, permits_routes.bp, submit_consumers.bp, notify_consumers.bp, forms_jobs.bp,
                  submit_queues.bp, submit_jobs.bp):
    app.register_blueprint(blueprint)


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
