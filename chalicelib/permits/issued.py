"""Issued permits: recorded when an application is issued, in the same transaction; found by number or holder."""

from __future__ import annotations

import re
from datetime import date, timedelta, timezone

from chalicelib import catalogue
from chalicelib.catalogue import rules
from chalicelib.core import clock
from chalicelib.core.auth import Principal
from chalicelib.core.errors import not_found
from chalicelib.core.models import ApplicationModel, IssuedPermitModel
from chalicelib.permits import repository

NO_EXPIRY = "9999-12-31"


WIB = timezone(timedelta(hours=7))  # issue dates are Jakarta dates (the demo region); no DST in Indonesia


def today() -> date:
    return clock.now().astimezone(WIB).date()


def number_for(app: ApplicationModel, on: date) -> str:
    """e.g. "PST-2026-3F9K2M1A": the permit type's initials, the year, the application's own suffix
    (unique, and the same on a retried issue: issuing twice cannot make two permits)."""
    initials = "".join(word[0] for word in re.split(r"-+", app.permit_id) if word)[:4].upper()
    return f"{initials}-{on:%Y}-{app.application_id[-8:]}"


def issued_from(app: ApplicationModel, number: str, on: date) -> list[tuple]:
    """The items an issue writes with the application's own change: the new permit and, for a renewal,
    the permit it replaces (guarded by its version, so a permit is renewed once)."""
    permit = catalogue.get_permit(app.permit_id)
    start = on
    items: list[tuple] = []
    if app.renewal_of:
        previous = get(app.renewal_of)
        if previous.valid_until != NO_EXPIRY:
            # Renewed before it ran out: the new validity continues where the old one ends.
            start = max(on, date.fromisoformat(previous.valid_until) + timedelta(days=1))
        expected = previous.version
        previous.state, previous.renewed_by = "renewed", number
        previous.version, previous.updated_at = expected + 1, clock.iso()
        items.append(repository.unchanged(previous, expected))
    until = rules.valid_until(permit, start)
    items.append(repository.new_permit(IssuedPermitModel(
        number=number, permit_id=app.permit_id, permit_version=app.form_version, agency=app.agency,
        holder_id=app.owner_id, holder_name=app.applicant_name, application_id=app.application_id,
        data=app.answers, issued_on=on.isoformat(), valid_until=until.isoformat() if until else NO_EXPIRY,
        state="active", previous=app.renewal_of, reminders=[], version=1, updated_at=clock.iso(),
    )))
    return items


def get(number: object) -> IssuedPermitModel:
    permit = repository.find(number) if isinstance(number, str) and len(number) <= 40 else None
    if permit is None:
        raise not_found("Izin tidak ditemukan.")
    return permit


def held_by(holder_id: str) -> list[IssuedPermitModel]:
    return repository.held_by(holder_id)


def load_for(principal: Principal, number: str) -> IssuedPermitModel:
    permit = get(number)
    mine = principal.is_citizen and permit.holder_id == principal.person_id
    staff = not principal.is_citizen and (permit.agency == principal.agency or "system_admin" in principal.roles)
    if not (mine or staff):
        raise not_found("Izin tidak ditemukan.")
    return permit
