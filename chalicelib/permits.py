"""Issued permits ("Izin Saya", R19): recorded when an application is issued, in the same transaction;
listed for their holder with what they can do next; renewed from the permit itself with every answer
carried over; reminded before they expire and expired when their validity ends (the housekeeping job).
A permit's changes are events too (aggregate `permit#<number>`), so its holder's inbox hears of them."""

from __future__ import annotations

import re
from datetime import date, timedelta, timezone

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import catalogue, clock, store
from chalicelib.auth import SYSTEM, Principal
from chalicelib.catalogue import rules
from chalicelib.errors import PisaoError, not_found
from chalicelib.models import ApplicationModel, EventModel, IssuedPermitModel

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
        items.append((previous, IssuedPermitModel.version == expected))
    until = rules.valid_until(permit, start)
    items.append((IssuedPermitModel(
        number=number, permit_id=app.permit_id, permit_version=app.form_version, agency=app.agency,
        holder_id=app.owner_id, holder_name=app.applicant_name, application_id=app.application_id,
        data=app.answers, issued_on=on.isoformat(), valid_until=until.isoformat() if until else NO_EXPIRY,
        state="active", previous=app.renewal_of, reminders=[], version=1, updated_at=clock.iso(),
    ), IssuedPermitModel.number.does_not_exist()))
    return items


def get(number: object) -> IssuedPermitModel:
    try:
        if not isinstance(number, str) or len(number) > 40:
            raise DoesNotExist
        return IssuedPermitModel.get(number, consistent_read=True)
    except DoesNotExist as exc:
        raise not_found("Izin tidak ditemukan.") from exc


def held_by(holder_id: str) -> list[IssuedPermitModel]:
    return list(IssuedPermitModel.by_holder.query(holder_id))


def load_for(principal: Principal, number: str) -> IssuedPermitModel:
    permit = get(number)
    mine = principal.is_citizen and permit.holder_id == principal.person_id
    staff = not principal.is_citizen and (permit.agency == principal.agency or "system_admin" in principal.roles)
    if not (mine or staff):
        raise not_found("Izin tidak ditemukan.")
    return permit


def view(p: IssuedPermitModel, lang: str = "id", on: date | None = None, renewing: str | None = None) -> dict:
    """The permit as its holder sees it; `renewing`: the id of a renewal application already submitted."""
    on = on or today()
    definition = catalogue.get_permit(p.permit_id)
    until = None if p.valid_until == NO_EXPIRY else date.fromisoformat(p.valid_until)
    # An expired permit may still be renewed late, within its grace period.
    renew = rules.renewal(definition, until, on, lang) if p.state in ("active", "expired") else {"allowed": False}
    state = p.state
    if state == "active" and until and on > until:
        state = "expired"
    elif state == "active" and renew.get("allowed") and not renew.get("late"):
        state = "expiring"
    if p.state == "revoked":
        renew = {"allowed": False, "reason": catalogue.localize({
            "id": "Izin ini dicabut dan tidak dapat diperpanjang.",
            "en": "This permit was revoked and cannot be renewed."}, lang)}
    elif p.state == "renewed":
        renew = {"allowed": False, "reason": catalogue.localize({
            "id": f"Izin ini sudah diperpanjang dengan nomor {p.renewed_by}.",
            "en": f"This permit has been renewed as number {p.renewed_by}."}, lang)}
    elif renewing:
        renew = {"allowed": False, "inProgress": renewing, "reason": catalogue.localize({
            "id": f"Perpanjangan sedang diproses (permohonan {renewing}).",
            "en": f"The renewal is being processed (application {renewing})."}, lang)}
    return {
        "number": p.number, "permitId": p.permit_id, "permitName": catalogue.localize(definition["name"], lang),
        "agency": p.agency, "holderName": p.holder_name, "issuedOn": p.issued_on,
        "validUntil": None if until is None else p.valid_until, "state": state,
        "stateLabel": catalogue.localize(STATE_LABELS[state], lang), "previous": p.previous,
        "renewedBy": p.renewed_by, "renewal": renew, "applicationId": p.application_id,
    }


STATE_LABELS = {
    "active": {"id": "Berlaku", "en": "Valid"},
    "expiring": {"id": "Segera berakhir: dapat diperpanjang", "en": "Expiring soon: can be renewed"},
    "expired": {"id": "Sudah tidak berlaku", "en": "Expired"},
    "renewed": {"id": "Sudah diperpanjang", "en": "Renewed"},
    "revoked": {"id": "Dicabut", "en": "Revoked"},
}


def renewal_check(p: IssuedPermitModel, renewing: str | None = None) -> None:
    """Raise with the reason and what to do instead when this permit cannot be renewed now."""
    shown = view(p, renewing=renewing)
    if shown["renewal"].get("allowed"):
        return
    code = "renewal_new_application" if shown["renewal"].get("newApplication") else "renewal_not_allowed"
    raise PisaoError(409, code, shown["renewal"].get("reason", "Izin ini tidak dapat diperpanjang sekarang."))


# --- reminders and expiry (the housekeeping job) --------------------------------------------------------------
def _change(p: IssuedPermitModel, event: str, data: dict, mutate) -> bool:
    """Apply `mutate` and record the event in one transaction, once (version-guarded)."""
    expected = p.version
    if not mutate(p):
        return False
    p.version, p.updated_at = expected + 1, clock.iso()
    record = EventModel(aggregate_id=f"permit#{p.number}", seq=p.version, owner_id=p.holder_id, type=event,
                        at=p.updated_at, actor_id=SYSTEM.person_id, actor_role=SYSTEM.role_label(), status=p.state,
                        data={"permitId": p.permit_id, "number": p.number, **data})
    try:
        with TransactWrite(connection=store.connection()) as tx:
            tx.save(p, condition=IssuedPermitModel.version == expected)
            tx.save(record, condition=EventModel.seq.does_not_exist())
    except TransactWriteError:
        return False  # changed meanwhile (another run, a renewal): the next run looks again
    return True


def sweep(on: date | None = None) -> dict[str, int]:
    """Record a reminder for each active permit whose renewal window has opened (once per permit and
    expiry date), and expire those whose validity has ended."""
    on = on or today()
    counts = {"permits_reminded": 0, "permits_expired": 0}
    for p in IssuedPermitModel.by_state_expiry.query("active", IssuedPermitModel.valid_until < NO_EXPIRY):
        definition = catalogue.get_permit(p.permit_id)
        until = date.fromisoformat(p.valid_until)
        if on > until:
            def expire(item: IssuedPermitModel) -> bool:
                item.state = "expired"
                return True
            counts["permits_expired"] += _change(p, "permit_expired", {"validUntil": p.valid_until}, expire)
            continue
        key = f"window:{p.valid_until}"
        if rules.renewal(definition, until, on).get("allowed") and key not in p.reminders:
            def remind(item: IssuedPermitModel, key: str = key) -> bool:
                item.reminders = [*item.reminders, key]
                return True
            counts["permits_reminded"] += _change(p, "permit_renewal_open", {"validUntil": p.valid_until}, remind)
    return counts

