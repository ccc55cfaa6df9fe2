"""Turns application and permit events into the citizen's inbox messages (channels such as SMS come
later). A permit's events have the aggregate id `permit#<number>`."""

from __future__ import annotations

from chalicelib import catalogue
from chalicelib.applications import statuses, store
from chalicelib.core.i18n import LANGS, localize
from chalicelib.core.models import NotificationModel

NOTIFY = {"permit_renewal_open", "permit_expired", "draft_expiring", "draft_expired", "submitted", "validation_failed",
          "step_started", "sent_back", "correction_expired", "approved", "rejected", "issued", "invoice_issued",
          "invoice_expired", "invoice_renewed", "paid", "payment_lapsed"}
PERMIT = "permit#"


def from_event(event: dict, permit_name: dict) -> NotificationModel | None:
    if event["type"] not in NOTIFY:
        return None
    label = statuses.EVENT_LABELS[event["type"]]
    subject = event["aggregate_id"].removeprefix(PERMIT)
    step = (event.get("data") or {}).get("stepLabel")
    return NotificationModel(
        owner_id=event["owner_id"],
        notification_id=f"{event['at']}#{event['aggregate_id']}#{int(event['seq']):06d}",
        application_id=event["aggregate_id"], at=event["at"], type=event["type"],
        title={lang: f"{localize(permit_name, lang)} ({subject}): "
                     f"{label[lang].format(step=localize(step, lang) or '')}"
               for lang in LANGS},
    )


def record(event: dict) -> NotificationModel | None:
    """A stored event (from the stream) written as its owner's inbox message. The message's id is the event's,
    so a redelivered stream record writes the same item again: nothing doubles."""
    permit_id = (event.get("data") or {}).get("permitId") or store.get(event["aggregate_id"]).permit_id
    note = from_event(event, catalogue.get_permit(permit_id)["name"])
    if note is not None:
        note.save()
    return note


def inbox(owner_id: str, lang: str, limit: int = 50) -> list[dict]:
    items = NotificationModel.query(owner_id, scan_index_forward=False, limit=limit)
    return [{"id": n.notification_id, "at": n.at, "type": n.type, "title": localize(n.title, lang),
             **({"permitNumber": n.application_id.removeprefix(PERMIT)} if n.application_id.startswith(PERMIT)
                else {"applicationId": n.application_id})} for n in items]
