"""Turns application events into the citizen's inbox messages (channels such as SMS come later)."""

from __future__ import annotations

from chalicelib import catalogue, statuses
from chalicelib.models import NotificationModel

NOTIFY = {"draft_expiring", "draft_expired", "submitted", "validation_failed", "verification_requested", "approved",
          "rejected", "issued"}


def from_event(event: dict, permit_name: dict) -> NotificationModel | None:
    if event["type"] not in NOTIFY:
        return None
    label = statuses.EVENT_LABELS[event["type"]]
    return NotificationModel(
        owner_id=event["owner_id"],
        notification_id=f"{event['at']}#{event['aggregate_id']}#{int(event['seq']):06d}",
        application_id=event["aggregate_id"], at=event["at"], type=event["type"],
        title={lang: f"{catalogue.localize(permit_name, lang)} ({event['aggregate_id']}): {label[lang]}"
               for lang in catalogue.LANGS},
    )


def inbox(owner_id: str, lang: str, limit: int = 50) -> list[dict]:
    items = NotificationModel.query(owner_id, scan_index_forward=False, limit=limit)
    return [{"id": n.notification_id, "applicationId": n.application_id, "at": n.at, "type": n.type,
             "title": catalogue.localize(n.title, lang)} for n in items]
