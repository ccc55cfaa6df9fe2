"""The steps of an application's path and their SLA marks: which step it waits at and how long a waiting task may
wait (entering and closing a step are transitions of chalicelib/applications/lifecycle.py)."""

from __future__ import annotations

import math
from datetime import datetime

from chalicelib import catalogue
from chalicelib.applications import statuses
from chalicelib.catalogue import workflows
from chalicelib.catalogue.workflows import Step
from chalicelib.core import clock
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


def _seconds_until(moment: str, now: datetime) -> int:
    return max(1, math.ceil((clock.parse(moment) - now).total_seconds()))


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
