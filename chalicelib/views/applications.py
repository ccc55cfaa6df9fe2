"""The read side: what the API shows of an application."""

from __future__ import annotations

from chalicelib import catalogue
from chalicelib.applications import evidence, statuses, store
from chalicelib.applications.drafts import form_update
from chalicelib.backoffice import steps
from chalicelib.core.i18n import localize
from chalicelib.core.models import ApplicationModel
from chalicelib.core.ports import Files
from chalicelib.payments import invoices


def upload_view(upload: dict, files: Files | None, lang: str) -> dict:
    shown = evidence.view(upload, files)
    if "problem" in shown:
        shown["problem"] = localize(shown["problem"], lang)
    return shown


def view(app: ApplicationModel, lang: str = "id", with_timeline: bool = True, files: Files | None = None) -> dict:
    """What the API shows of an application; with `files` (staff) each accepted upload gets a viewing link."""
    permit = catalogue.get_permit(app.permit_id)
    returned = app.status == statuses.DRAFT and bool(app.reasons)  # sent back by the queue's checks
    body = {
        "id": app.application_id,
        "permitId": app.permit_id,
        "permitName": localize(permit["name"], lang),
        "agency": app.agency,
        "applicantName": app.applicant_name,
        "status": app.status,
        "statusLabel": localize(statuses.RETURNED_LABEL if returned else statuses.LABELS[app.status], lang),
        "returned": returned,
        "answers": app.answers,
        "uploads": {k: upload_view(v, files, lang) for k, v in app.uploads.items()},
        "version": app.version,
        "reasons": app.reasons,
        "documentNumber": app.document_number,
        "createdAt": app.created_at,
        "updatedAt": app.updated_at,
        "submittedAt": app.submitted_at,
        "filedBy": {k: app.filed_by[k] for k in ("agency", "office", "at")} if app.filed_by else None,
        "formVersion": app.form_version,
        "renewalOf": app.renewal_of,
        "editedAt": app.edited_at,
        "formUpdate": form_update(app, permit),
    }
    step = steps.current_step(app)
    body["feeRule"] = permit["fee"]["rule"]
    body["step"] = step and {
        "id": step.id, "label": localize(step.label, lang), "role": step.role, "seq": app.step_seq,
        "last": steps.is_last_step(app, step),
        "startedAt": app.step_started_at, "dueAt": app.step_due_at, "stage": app.step_stage,
        "assignee": (app.assignee or {}).get("name")}
    body["correction"] = app.correction if app.status == statuses.NEEDS_CORRECTION else None
    body["nextAction"] = localize(statuses.RETURNED_NEXT if returned else statuses.next_action(app.status),
                                            lang)
    current = invoices.find(app.invoice_id) if app.invoice_id else None
    body["invoice"] = invoices.view(current, lang) if current else None
    if with_timeline:
        body["timeline"] = [
            {"at": e.at, "type": e.type, "actorRole": e.data.get("role") or e.actor_role,
             "label": localize(statuses.EVENT_LABELS[e.type], lang).format(
                 step=localize(e.data.get("stepLabel"), lang) or "",
                 next=localize(e.data.get("nextLabel"), lang) or ""),
             "note": e.data.get("note") if e.type == "sent_back" else None,
             "fields": e.data.get("fields") if e.type == "sent_back" else None}
            for e in store.events(app.application_id) if e.type in statuses.TIMELINE
        ]
    return body
