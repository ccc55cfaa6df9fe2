"""Scheduled housekeeping (EventBridge; locally the event pump runs it): expiring untouched drafts."""

from __future__ import annotations

from chalice import Blueprint, Rate

from chalicelib import drafts
from chalicelib.config import settings
from functions.http import logger

bp = Blueprint(__name__)


@bp.schedule(Rate(1, unit=Rate.HOURS), name="housekeeping")
def housekeeping(_event):
    cfg = settings()
    counts = drafts.sweep(cfg.draft_days, cfg.draft_reminder_days)
    logger.info("housekeeping", extra=counts)
    return counts
