"""Agencies and their staff: system admins manage agencies, agency admins their staff."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.agencies import staff
from functions import adapters
from functions.http import ADMINS, SIGNED_IN, json_body, roles, route

bp = Blueprint(__name__)


@route(bp, "/agencies", "GET", SIGNED_IN)
def agencies(_request, _principal):
    return {"agencies": staff.list_agencies()}


@route(bp, "/admin/agencies", "POST", roles("system_admin"), status=201)
def save_agency(request, principal):
    return staff.save_agency(principal, json_body(request))


@route(bp, "/agency/staff", "GET", ADMINS)
def list_staff(request, principal):
    return {"staff": staff.list_staff(principal, (request.query_params or {}).get("agency"))}


@route(bp, "/agency/staff", "POST", ADMINS, status=201)
def create_staff(request, principal):
    return staff.create_staff(principal, json_body(request), adapters.accounts(), adapters.messenger())


@route(bp, "/agency/staff/{username}", "PATCH", ADMINS)
def update_staff(request, principal, username):
    return staff.update_staff(principal, username, json_body(request), adapters.accounts())
