"""The counter service (R3): counter staff find or register a person and file for them."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.applications import counter
from chalicelib.views import applications as views
from functions import adapters
from functions.http import json_body, lang_of, roles, route

bp = Blueprint(__name__)


@route(bp, "/counter/people/lookup", "POST", roles("counter"))
def lookup_person(request, principal):
    return counter.lookup(principal, json_body(request), adapters.accounts())


@route(bp, "/counter/people", "POST", roles("counter"), status=201)
def register_walk_in(request, principal):
    return counter.register_walk_in(principal, json_body(request), adapters.accounts())


@route(bp, "/counter/applications", "POST", roles("counter"), status=201)
def start_for_citizen(request, principal):
    app = counter.start_application(principal, json_body(request), adapters.accounts())
    return views.view(app, lang_of(request))


@route(bp, "/counter/applications", "GET", roles("counter"))
def filed_here(request, principal):
    lang = lang_of(request)
    return {"applications": [views.view(a, lang, with_timeline=False) for a in counter.filed_here(principal)]}
