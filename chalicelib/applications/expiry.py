"""Draft housekeeping (R5): a draft nobody touches expires after `DRAFT_DAYS` (30), and its owner is told
`DRAFT_REMINDER_DAYS` (7) before, in their inbox and through their channels. Run on a schedule; running
it twice changes nothing more (each draft is reminded once per pause and expires once)."""

from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib import catalogue
from chalicelib.applications import lifecycle, statuses, store
from chalicelib.core import clock
from chalicelib.core.auth import SYSTEM


def sweep(days: int, reminder_days: int, now: datetime | None = None) -> dict[str, int]:
    now = now or clock.now()
    expire_before = now - timedelta(days=days)
    remind_before = now - timedelta(days=days - reminder_days)
    counts = {"drafts_reminded": 0, "drafts_expired": 0}
    agencies = sorted({p["agency"]["id"] for p in catalogue.all_permits()})
    for draft in (d for agency in agencies for d in store.list_by_agency_status(agency, [statuses.DRAFT])):
        edited = clock.parse(draft.edited_at or draft.created_at)
        if edited < expire_before:
            counts["drafts_expired"] += _expire(draft.application_id, expire_before)
        elif edited < remind_before and (draft.reminded_at is None or clock.parse(draft.reminded_at) < edited):
            expires = edited + timedelta(days=days)
            counts["drafts_reminded"] += _remind(draft.application_id, remind_before, expires)
    return counts


def _expire(application_id: str, before: datetime) -> int:
    return int(store.update(application_id, store.Change("draft_expired", SYSTEM), lifecycle.expire_draft(before))
               .changed)


def _remind(application_id: str, before: datetime, expires: datetime) -> int:
    change = store.Change("draft_expiring", SYSTEM, {"expiresAt": clock.iso(expires)})
    return int(store.update(application_id, change, lifecycle.remind_draft(before)).changed)
