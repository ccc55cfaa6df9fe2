"""The transaction queue for the system admin: queue and dead-letter counts, what failed, redrive."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.operations import deadletters
from functions import adapters
from functions.http import json_body, lang_of, roles, route

bp = Blueprint(__name__)


SYSTEM_ADMIN = roles("system_admin")


@route(bp, "/admin/queues", "GET", SYSTEM_ADMIN)
def queues(request, _principal):
    return {"queues": deadletters.overview(adapters.dead_letters(), lang_of(request))}


@route(bp, "/admin/queues/{name}/dead-letters", "GET", SYSTEM_ADMIN)
def dead_letters(request, principal, name):
    limit = (request.query_params or {}).get("limit")
    return {"messages": deadletters.messages(principal, name, adapters.dead_letters(), limit)}


@route(bp, "/admin/queues/{name}/redrive", "POST", SYSTEM_ADMIN)
def redrive(request, principal, name):
    body = json_body(request) if request.raw_body else {}  # no body: up to the batch maximum
    return deadletters.redrive(principal, name, adapters.dead_letters(), body.get("limit"))
