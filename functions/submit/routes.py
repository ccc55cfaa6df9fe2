"""Submission, and the staff side: work queue, application view, decisions, audit trail."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import applications, audit, measures, store, workflow, worklist
from functions import adapters
from functions.http import SIGNED_IN, STAFF, json_body, lang_of, logger, roles, route, source_ip

bp = Blueprint(__name__)


@route(bp, "/applications/{application_id}/submit", "POST", SIGNED_IN, status=202)  # owner or counter
def submit(request, principal, application_id):
    app = applications.submit(principal, application_id, adapters.submissions(), adapters.uploads(),
                              adapters.workflow(), adapters.scanner(), lang_of(request))
    logger.info("application submitted", extra={"application_id": app.application_id})
    return applications.view(app, lang_of(request))


@route(bp, "/staff/tasks", "GET", STAFF)  # verifier, approver, agency admin: the steps they may act on
def tasks(request, principal):
    return {"tasks": worklist.tasks(principal, request.query_params or {}, lang_of(request))}


@route(bp, "/staff/applications/{application_id}", "GET", STAFF)
def staff_view(request, principal, application_id):
    app = applications.load_for(principal, application_id)
    audit.record(principal, "view_application", f"application#{application_id}",  # staff saw personal data
                 source_ip=source_ip(request))
    return applications.view(app, lang_of(request), files=adapters.uploads())


@route(bp, "/staff/applications/{application_id}/decision", "POST", STAFF)
def decide(request, principal, application_id):
    applications.load_for(principal, application_id)  # 404 for another agency's application
    app = workflow.decide(principal, application_id, json_body(request), adapters.workflow(), source_ip(request))
    return applications.view(app, lang_of(request))


@route(bp, "/staff/applications/{application_id}/assignment", "PUT", STAFF)  # claim, release, reassign
def assign(request, principal, application_id):
    applications.load_for(principal, application_id)
    app = workflow.assign(principal, application_id, json_body(request), adapters.accounts(), source_ip(request))
    return applications.view(app, lang_of(request))


@route(bp, "/staff/applications/{application_id}/events", "GET", STAFF)
def audit_trail(_request, principal, application_id):
    applications.load_for(principal, application_id)
    return {"events": [{
        "seq": e.seq, "type": e.type, "at": e.at, "actorId": e.actor_id, "actorRole": e.actor_role,
        "status": e.status, "data": e.data,
    } for e in store.events(application_id)]}


@route(bp, "/staff/measures", "GET", STAFF)  # staff of an agency: their agency's figures
def measures_of_agency(request, principal):
    return {"agency": principal.agency, "measures": measures.for_agency(principal.agency, lang_of(request))}


@route(bp, "/staff/applications/{application_id}/audit", "GET", roles("agency_admin", "system_admin"))
def application_audit(_request, principal, application_id):
    """Who saw or did what on one application: its events and every access, for the agency admin."""
    applications.load_for(principal, application_id)
    return {"events": [{"seq": e.seq, "type": e.type, "at": e.at, "actorId": e.actor_id, "actorRole": e.actor_role}
                       for e in store.events(application_id)],
            "access": audit.trail(f"application#{application_id}")}
