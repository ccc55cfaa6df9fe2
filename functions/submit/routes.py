"""Submission, and the staff side: work queue, application view, decisions, audit trail."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import applications, audit, catalogue, statuses, store, workflow
from functions import adapters
from functions.http import SIGNED_IN, STAFF, json_body, lang_of, logger, route

bp = Blueprint(__name__)


@route(bp, "/applications/{application_id}/submit", "POST", SIGNED_IN, status=202)  # owner or counter
def submit(request, principal, application_id):
    app = applications.submit(principal, application_id, adapters.submissions())
    logger.info("application submitted", extra={"application_id": app.application_id})
    return applications.view(app, lang_of(request))


@route(bp, "/staff/tasks", "GET", STAFF)
def tasks(request, principal):
    principal.require_role(*workflow.VERIFY_ROLES)
    lang = lang_of(request)
    waiting = store.list_by_agency_status(principal.agency, [statuses.AWAITING_VERIFICATION])
    return {"tasks": [{
        "applicationId": a.application_id,
        "permitName": catalogue.localize(catalogue.get_permit(a.permit_id)["name"], lang),
        "applicantName": a.applicant_name,
        "submittedAt": a.submitted_at,
        "status": a.status,
        "statusLabel": catalogue.localize(statuses.LABELS[a.status], lang),
    } for a in waiting]}


@route(bp, "/staff/applications/{application_id}", "GET", STAFF)
def staff_view(request, principal, application_id):
    app = applications.load_for(principal, application_id)
    audit.record(principal, "view_application", f"application#{application_id}")  # staff saw personal data
    return applications.view(app, lang_of(request))


@route(bp, "/staff/applications/{application_id}/decision", "POST", STAFF)
def decide(request, principal, application_id):
    applications.load_for(principal, application_id)  # 404 for another agency's application
    app = workflow.decide(principal, application_id, json_body(request), adapters.workflow())
    return applications.view(app, lang_of(request))


@route(bp, "/staff/applications/{application_id}/events", "GET", STAFF)
def audit_trail(_request, principal, application_id):
    applications.load_for(principal, application_id)
    return {"events": [{
        "seq": e.seq, "type": e.type, "at": e.at, "actorId": e.actor_id, "actorRole": e.actor_role,
        "status": e.status, "data": e.data,
    } for e in store.events(application_id)]}
