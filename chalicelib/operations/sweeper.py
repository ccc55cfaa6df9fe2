"""Work that was saved but whose next step was never told: submissions the API answered "received" while
the submissions queue was down (or whose message was lost), queued again; payments the bank confirmed while
Step Functions could not be reached, whose payment token is answered again. Both are found by status; every
consumer is idempotent, so what was only slow is handled once all the same."""

from __future__ import annotations

from datetime import timedelta

from chalicelib import catalogue
from chalicelib.applications import statuses, store
from chalicelib.core import clock
from chalicelib.core.models import ApplicationModel
from chalicelib.core.ports import Queue, StateMachine
from chalicelib.payments import crediting

STALLED_AFTER = timedelta(minutes=10)  # longer than a normal pass through the queue, retries included


def _with_status(status: str) -> list[ApplicationModel]:
    agencies = sorted({p["agency"]["id"] for p in catalogue.all_permits()})
    return [app for agency in agencies for app in store.list_by_agency_status(agency, [status])]


def stalled(older_than: timedelta | None = None) -> list[ApplicationModel]:
    cutoff = clock.now() - (STALLED_AFTER if older_than is None else older_than)
    return [app for app in _with_status(statuses.RECEIVED)
            if not app.execution_arn and app.submitted_at and clock.parse(app.submitted_at) <= cutoff]


def answer_paid(workflow: StateMachine, older_than: timedelta = timedelta(minutes=2)) -> dict[str, int]:
    """Paid applications still holding their payment token a while after the credit: tell the workflow."""
    cutoff = clock.now() - older_than
    waiting = [app for app in _with_status(statuses.PAID) if app.task_token and clock.parse(app.updated_at) <= cutoff]
    return {"paidWaiting": len(waiting), "told": sum(crediting.tell_workflow(app, workflow) for app in waiting)}


def requeue(queue: Queue, older_than: timedelta | None = None) -> dict[str, int]:
    found = stalled(older_than)
    sent = sum(queue.send({"applicationId": app.application_id}) for app in found)
    return {"stalled": len(found), "requeued": sent}
