"""Submissions that were saved but never reached the validation consumer: the API answered "received"
while the submissions queue was down, or a message was lost. Found by status and queued again; the
consumer is idempotent, so a message that was only slow is handled once all the same."""

from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib import catalogue, clock, statuses, store
from chalicelib.models import ApplicationModel
from chalicelib.ports import Queue

STALLED_AFTER = timedelta(minutes=10)  # longer than a normal pass through the queue, retries included


def _at(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def stalled(older_than: timedelta | None = None) -> list[ApplicationModel]:
    cutoff = clock.now() - (STALLED_AFTER if older_than is None else older_than)
    agencies = sorted({p["agency"]["id"] for p in catalogue.all_permits()})
    return [app for agency in agencies for app in store.list_by_agency_status(agency, [statuses.RECEIVED])
            if not app.execution_arn and app.submitted_at and _at(app.submitted_at) <= cutoff]


def requeue(queue: Queue, older_than: timedelta | None = None) -> dict[str, int]:
    found = stalled(older_than)
    sent = sum(queue.send({"applicationId": app.application_id}) for app in found)
    return {"stalled": len(found), "requeued": sent}
