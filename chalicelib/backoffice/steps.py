"""The steps of an application's path and their SLA marks: which step it waits at, entering and closing one, and how
long a waiting task may wait."""

from __future__ import annotations

import math
from datetime import datetime

from chalicelib import catalogue
from chalicelib.applications import statuses, store
from chalicelib.catalogue import workflows
from chalicelib.catalogue.workflows import Step
from chalicelib.core import clock
from chalicelib.core.auth import SYSTEM
from chalicelib.core.models import ApplicationModel
from chalicelib.payments import invoices

STAFF_ROLES = ("verifier", "approver", "agency_admin")


OPEN = (statuses.RECEIVED, statuses.AWAITING_VERIFICATION, statuses.NEEDS_CORRECTION, statuses.APPROVED,
        statuses.AWAITING_PAYMENT, statuses.PAYMENT_EXPIRED, statuses.PAID)


DECIDED = (statuses.APPROVED, statuses.AWAITING_PAYMENT, statuses.PAYMENT_EXPIRED, statuses.PAID, statuses.ISSUED,
           statuses.REJECTED)


WAITING = {"human": (statuses.AWAITING_VERIFICATION,), "correction": (statuses.NEEDS_CORRECTION,),
           "payment": (statuses.AWAITING_PAYMENT, statuses.PAYMENT_EXPIRED)}


ESCALATED_RECHECK_SECONDS = 86400  # an escalated step keeps its timer running, once a day


def parse_moment(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def path_of(app: ApplicationModel) -> list[Step]:
    return workflows.path_for(catalogue.get_permit(app.permit_id), bool(app.direct_renewal))


def step_of_application(app: ApplicationModel) -> Step | None:
    return next((s for s in path_of(app) if s.id == app.step), None)


def current_step(app: ApplicationModel) -> Step | None:
    """The step the application waits at (or was sent back from), for views."""
    if app.status not in (statuses.AWAITING_VERIFICATION, statuses.NEEDS_CORRECTION) or not app.step:
        return None
    return workflows.step_of(catalogue.get_permit(app.permit_id), app.step)


def is_last_step(app: ApplicationModel, step: Step) -> bool:
    """Approving this step approves the application (and, for a computed fee, needs the assessed amount)."""
    path = path_of(app)
    return bool(path) and path[-1].id == step.id


def step_label(step: Step) -> dict:
    return {"step": step.id, "stepLabel": step.label}


def enter_step(current: ApplicationModel, step: Step, now: datetime) -> None:
    """The application waits at `step` from now: its SLA marks start here (time with the citizen does
    not count against staff)."""
    warn, due = step.marks(now)
    current.status, current.step, current.step_seq = statuses.AWAITING_VERIFICATION, step.id, current.step_seq + 1
    current.step_started_at, current.step_warn_at, current.step_due_at = clock.iso(now), clock.iso(warn), clock.iso(due)
    current.step_stage, current.task_token, current.assignee = "on_time", None, None
    current.steps_log = [*current.steps_log, {"step": step.id, "seq": current.step_seq, "startedAt": clock.iso(now),
                                              "dueAt": clock.iso(due)}]


def close_step(current: ApplicationModel, outcome: str, now: datetime) -> None:
    log = list(current.steps_log)
    if log and "endedAt" not in log[-1]:
        log[-1] = {**log[-1], "endedAt": clock.iso(now), "outcome": outcome,
                   "withinSla": clock.iso(now) <= log[-1]["dueAt"]}
    current.steps_log = log


def _seconds_until(moment: str, now: datetime) -> int:
    return max(1, math.ceil((parse_moment(moment) - now).total_seconds()))


def timer_seconds(app: ApplicationModel, now: datetime) -> int:
    """How long the waiting task may wait before Overdue looks at it: to the next SLA mark."""
    if app.status == statuses.NEEDS_CORRECTION:
        return _seconds_until(app.correction["dueAt"], now)
    if app.status == statuses.AWAITING_PAYMENT:
        return _seconds_until(invoices.get(app.invoice_id).expires_at, now)
    if app.status == statuses.PAYMENT_EXPIRED:
        return _seconds_until(app.payment_lapses_at, now)
    if app.step_stage == "on_time":
        return _seconds_until(app.step_warn_at, now)
    if app.step_stage == "warned":
        return _seconds_until(app.step_due_at, now)
    return ESCALATED_RECHECK_SECONDS


def close_unanswered(app: ApplicationModel, event: str, now: datetime, reason: str) -> ApplicationModel:
    """The citizen did not act by the deadline (a correction, a payment): the application closes, with why."""
    status, seq = app.status, app.step_seq

    def close(current: ApplicationModel) -> bool:
        if current.status != status or current.step_seq != seq:
            return False
        current.status, current.decided_at, current.task_token = statuses.REJECTED, clock.iso(now), None
        current.reasons = [{"field": None, "message": reason}]
        return True

    return store.update(app.application_id, store.Change(event, SYSTEM), close)[0]
