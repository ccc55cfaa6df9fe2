"""The staff side: work queue, application view, decisions and assignment, audit trail, measures."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.applications import access, store
from chalicelib.backoffice import decisions, measures, worklist
from chalicelib.core import audit
from chalicelib.views import applications as views
from functions import adapters
from functions.http import ADMINS, STAFF, json_body, lang_of, route, source_ip

bp = Blueprint(__name__)


@route(bp, "/staff/tasks", "GET", STAFF)  # verifier, approver, agency admin: the steps they may act on
def tasks(request, principal):
    return {"tasks": worklist.tasks(principal, request.query_params or {}, lang_of(request))}


@route(bp, "/staff/applications/{application_id}", "GET", STAFF)
def staff_view(request, principal, application_id):
    app = access.load_for(principal, application_id)
    audit.record(principal, "view_application", f"application#{application_id}",  # staff saw personal data
                 source_ip=source_ip(request))
    return views.view(app, lang_of(request), files=adapters.uploads())


@route(bp, "/staff/applications/{application_id}/decision", "POST", STAFF)
def decide(request, principal, application_id):
    access.load_for(principal, application_id)  # 404 for another agency's application
    app = decisions.decide(principal, application_id, json_body(request), adapters.state_machine(), source_ip(request))
    return views.view(app, lang_of(request))


@route(bp, "/staff/applications/{application_id}/assignment", "PUT", STAFF)  # claim, release, reassign
def assign(request, principal, application_id):
    access.load_for(principal, application_id)
    app = decisions.assign(principal, application_id, json_body(request), adapters.accounts(), source_ip(request))
    return views.view(app, lang_of(request))


@route(bp, "/staff/applications/{application_id}/events", "GET", STAFF)
def audit_trail(_request, principal, application_id):
    access.load_for(principal, application_id)
    return {"events": [{
        "seq": e.seq, "type": e.type, "at": e.at, "actorId": e.actor_id, "actorRole": e.actor_role,
        "status": e.status, "data": e.data,
    } for e in store.events(application_id)]}


@route(bp, "/staff/measures", "GET", STAFF)  # staff of an agency: their agency's figures
def measures_of_agency(request, principal):
    return {"agency": principal.agency, "measures": measures.for_agency(principal.agency, lang_of(request))}


@route(bp, "/staff/applications/{application_id}/audit", "GET", ADMINS)
def application_audit(_request, principal, application_id):
    """Who saw or did what on one application: its events and every access, for the agency admin."""
    access.load_for(principal, application_id)
    return {"events": [{"seq": e.seq, "type": e.type, "at": e.at, "actorId": e.actor_id, "actorRole": e.actor_role}
                       for e in store.events(application_id)],
            "access": audit.trail(f"application#{application_id}")}
