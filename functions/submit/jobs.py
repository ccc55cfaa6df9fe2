"""Every 5 minutes: submissions saved while the submissions queue was down are queued again, and payments
credited while Step Functions was down are told to the workflow."""

from __future__ import annotations

from chalice import Blueprint, Rate

from chalicelib import sweeper
from functions import adapters
from functions.http import logger

bp = Blueprint(__name__)


@bp.schedule(Rate(5, unit=Rate.MINUTES), name="requeue_stalled")
def requeue_stalled(_event):
    counts = {**sweeper.requeue(adapters.submissions()), **sweeper.answer_paid(adapters.workflow())}
    logger.info("stalled submissions", extra=counts)
    return counts
