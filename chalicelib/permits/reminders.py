"""Housekeeping of issued permits: reminded before they expire, expired when their validity ends."""

from __future__ import annotations

from datetime import date

from chalicelib import catalogue
from chalicelib.catalogue import rules
from chalicelib.core import clock
from chalicelib.core.auth import SYSTEM
from chalicelib.core.models import EventModel, IssuedPermitModel
from chalicelib.permits import issued, repository


def change_permit(p: IssuedPermitModel, event: str, data: dict, mutate) -> bool:
    """Apply `mutate` and record the event in one transaction, once (version-guarded)."""
    expected = p.version
    if not mutate(p):
        return False
    p.version, p.updated_at = expected + 1, clock.iso()
    record = EventModel(aggregate_id=f"permit#{p.number}", seq=p.version, owner_id=p.holder_id, type=event,
                        at=p.updated_at, actor_id=SYSTEM.person_id, actor_role=SYSTEM.role_label(), status=p.state,
                        data={"permitId": p.permit_id, "number": p.number, **data})
    # False when changed meanwhile (another run, a renewal): the next run looks again.
    return repository.save_with_event(p, expected, record)


def sweep(on: date | None = None) -> dict[str, int]:
    """Record a reminder for each active permit whose renewal window has opened (once per permit and
    expiry date), and expire those whose validity has ended."""
    on = on or issued.today()
    counts = {"permits_reminded": 0, "permits_expired": 0}
    for p in repository.active_expiring(before=issued.NO_EXPIRY):
        definition = catalogue.get_permit(p.permit_id)
        until = date.fromisoformat(p.valid_until)
        if on > until:
            def expire(item: IssuedPermitModel) -> bool:
                item.state = "expired"
                return True
            counts["permits_expired"] += change_permit(p, "permit_expired", {"validUntil": p.valid_until}, expire)
            continue
        key = f"window:{p.valid_until}"
        if rules.renewal(definition, until, on).get("allowed") and key not in p.reminders:
            def remind(item: IssuedPermitModel, key: str = key) -> bool:
                item.reminders = [*item.reminders, key]
                return True
            counts["permits_reminded"] += change_permit(p, "permit_renewal_open", {"validUntil": p.valid_until}, remind)
    return counts
