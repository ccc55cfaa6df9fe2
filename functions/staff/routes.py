"""Agencies and their staff (system and agency admins) and the counter service (counter staff)."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import applications, counter, staff
from chalicelib.catalogue import publish
from functions import adapters
from functions.http import SIGNED_IN, json_body, lang_of, roles, route

bp = Blueprint(__name__)
ADMINS = roles("agency_admin", "system_admin")


@route(bp, "/agencies", "GET", SIGNED_IN)
def agencies(_request, _principal):
    return {"agencies": staff.list_agencies()}


@route(bp, "/admin/agencies", "POST", roles("system_admin"), status=201)
def save_agency(request, principal):
    return staff.save_agency(principal, json_body(request))


@route(bp, "/admin/permits", "POST", ADMINS, status=201, max_body=512 * 1024)  # a whole permit definition
def publish_permit(request, principal):
    """A new permit type, or a new version of one, for the caller's agency (validated before it is live)."""
    return publish.publish(principal, json_body(request), lang_of(request))


@route(bp, "/agency/staff", "GET", ADMINS)
def list_staff(request, principal):
    return {"staff": staff.list_staff(principal, (request.query_params or {}).get("agency"))}


@route(bp, "/agency/staff", "POST", ADMINS, status=201)
def create_staff(request, principal):
    return staff.create_staff(principal, json_body(request), adapters.accounts(), adapters.messenger())


@route(bp, "/agency/staff/{username}", "PATCH", ADMINS)
def update_staff(request, principal, username):
    return staff.update_staff(principal, username, json_body(request), adapters.accounts())


@route(bp, "/counter/people/lookup", "POST", roles("counter"))
def lookup_person(request, principal):
    return counter.lookup(principal, json_body(request), adapters.accounts())


@route(bp, "/counter/people", "POST", roles("counter"), status=201)
def register_walk_in(request, principal):
    return counter.register_walk_in(principal, json_body(request), adapters.accounts())


@route(bp, "/counter/applications", "POST", roles("counter"), status=201)
def start_for_citizen(request, principal):
    app = counter.start_application(principal, json_body(request), adapters.accounts())
    return applications.view(app, lang_of(request))


@route(bp, "/counter/applications", "GET", roles("counter"))
def filed_here(request, principal):
    lang = lang_of(request)
    return {"applications": [applications.view(a, lang, with_timeline=False) for a in counter.filed_here(principal)]}
