"""The staff work queue: an agency's open steps that this staff member may act on, most urgent first."""

from __future__ import annotations

from chalicelib import catalogue
from chalicelib.applications import statuses, store
from chalicelib.backoffice import steps
from chalicelib.core import clock
from chalicelib.core.auth import Principal
from chalicelib.core.errors import FieldError, bad_request
from chalicelib.core.i18n import localize

FILTERS = ("office", "permit", "stage", "assignee")
STAGES = ("on_time", "warned", "escalated")


def _filters(query: dict) -> dict:
    found = {k: query[k] for k in FILTERS if query.get(k)}
    if found.get("stage") not in (None, *STAGES):
        raise bad_request("invalid_filter", "Filter tahap SLA tidak dikenal.",
                          [FieldError("stage", f"Pilih salah satu: {', '.join(STAGES)}.")])
    if found.get("assignee") not in (None, "me", "none", "all"):
        raise bad_request("invalid_filter", "Filter petugas tidak dikenal.",
                          [FieldError("assignee", "Pilih me, none, atau all.")])
    return found


def tasks(principal: Principal, query: dict, lang: str) -> list[dict]:
    """Open steps of the caller's agency in the caller's office (unless `office=all`), each with its SLA
    state; sorted by due time so the most urgent is on top."""
    principal.require_role(*steps.STAFF_ROLES)
    wanted = _filters(query)
    office = wanted.get("office", principal.office or "all")
    now = clock.iso()
    found: list[dict] = []
    if not principal.agency:  # staff of no agency (a system admin holding a staff role) have no queue
        return found
    for app in store.list_by_agency_status(principal.agency, [statuses.AWAITING_VERIFICATION]):
        step = steps.current_step(app)
        if step is None or not step.may_act(set(principal.roles), app.step_stage == "escalated"):
            continue
        mine = (app.assignee or {}).get("id")
        if (office != "all" and app.office not in (office, None)) \
                or wanted.get("permit", app.permit_id) != app.permit_id \
                or wanted.get("stage", app.step_stage) != app.step_stage \
                or (wanted.get("assignee") == "me" and mine != principal.person_id) \
                or (wanted.get("assignee") == "none" and mine):
            continue
        found.append({
            "applicationId": app.application_id,
            "permitId": app.permit_id,
            "permitName": localize(catalogue.get_permit(app.permit_id)["name"], lang),
            "applicantName": app.applicant_name,
            "submittedAt": app.submitted_at,
            "office": app.office,
            "status": app.status,
            "statusLabel": localize(statuses.LABELS[app.status], lang),
            "step": {"id": step.id, "label": localize(step.label, lang), "seq": app.step_seq},
            "dueAt": app.step_due_at,
            "stage": app.step_stage,
            "overdue": app.step_due_at < now,
            "assignee": (app.assignee or {}).get("name"),
            "mine": mine == principal.person_id,
            "renewal": bool(app.renewal_of),
        })
    return sorted(found, key=lambda t: (t["dueAt"], t["submittedAt"] or ""))
