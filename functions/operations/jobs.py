"""Schedules (EventBridge; locally the event pump runs them).

Hourly housekeeping: untouched drafts reminded and expired; issued permits reminded when their renewal window opens,
and expired when their validity ends; yesterday's bank statement reconciled once it has arrived. Every 5 minutes:
submissions saved while the submissions queue was down are queued again, and payments credited while Step Functions
was down are told to the state machine."""

from __future__ import annotations

from chalice import Blueprint, Rate

from chalicelib.applications import expiry
from chalicelib.core.auth import SYSTEM
from chalicelib.core.config import settings
from chalicelib.operations import sweeper
from chalicelib.payments import treasury
from chalicelib.permits import reminders
from functions import adapters
from functions.http import logger

bp = Blueprint(__name__)


@bp.schedule(Rate(1, unit=Rate.HOURS), name="housekeeping")
def housekeeping(_event):
    cfg = settings()
    counts = {**expiry.sweep(cfg.draft_days, cfg.draft_reminder_days), **reminders.sweep(),
              "reconciled": treasury.reconcile_arrived(SYSTEM, adapters.documents())}
    logger.info("housekeeping", extra=counts)
    return counts


@bp.schedule(Rate(5, unit=Rate.MINUTES), name="requeue_stalled")
def requeue_stalled(_event):
    counts = {**sweeper.requeue(adapters.submissions()), **sweeper.answer_paid(adapters.state_machine())}
    logger.info("stalled submissions", extra=counts)
    return counts
