"""Scheduled housekeeping (EventBridge; locally the event pump runs it): untouched drafts reminded and
expired; issued permits reminded when their renewal window opens, and expired when their validity ends;
yesterday's bank statement reconciled once it has arrived."""

from __future__ import annotations

from chalice import Blueprint, Rate

from chalicelib import drafts, permits
from chalicelib.auth import SYSTEM
from chalicelib.config import settings
from chalicelib.payments import treasury
from functions import adapters
from functions.http import logger

bp = Blueprint(__name__)


@bp.schedule(Rate(1, unit=Rate.HOURS), name="housekeeping")
def housekeeping(_event):
    cfg = settings()
    counts = {**drafts.sweep(cfg.draft_days, cfg.draft_reminder_days), **permits.sweep(),
              "reconciled": treasury.reconcile_arrived(SYSTEM, adapters.documents())}
    logger.info("housekeeping", extra=counts)
    return counts
