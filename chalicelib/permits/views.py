"""The read side: an issued permit as its holder sees it, with what they can do next."""

from __future__ import annotations

from datetime import date

from chalicelib import catalogue
from chalicelib.catalogue import rules
from chalicelib.core.i18n import localize
from chalicelib.core.models import IssuedPermitModel
from chalicelib.permits import issued

STATE_LABELS = {
    "active": {"id": "Berlaku", "en": "Valid"},
    "expiring": {"id": "Segera berakhir: dapat diperpanjang", "en": "Expiring soon: can be renewed"},
    "expired": {"id": "Sudah tidak berlaku", "en": "Expired"},
    "renewed": {"id": "Sudah diperpanjang", "en": "Renewed"},
    "revoked": {"id": "Dicabut", "en": "Revoked"},
}


def view(p: IssuedPermitModel, lang: str = "id", on: date | None = None, renewing: str | None = None) -> dict:
    """The permit as its holder sees it; `renewing`: the id of a renewal application already submitted."""
    on = on or issued.today()
    definition = catalogue.get_permit(p.permit_id)
    until = None if p.valid_until == issued.NO_EXPIRY else date.fromisoformat(p.valid_until)
    # An expired permit may still be renewed late, within its grace period.
    renew = rules.renewal(definition, until, on, lang) if p.state in ("active", "expired") else {"allowed": False}
    state = p.state
    if state == "active" and until and on > until:
        state = "expired"
    elif state == "active" and renew.get("allowed") and not renew.get("late"):
        state = "expiring"
    if p.state == "revoked":
        renew = {"allowed": False, "reason": localize({
            "id": "Izin ini dicabut dan tidak dapat diperpanjang.",
            "en": "This permit was revoked and cannot be renewed."}, lang)}
    elif p.state == "renewed":
        renew = {"allowed": False, "reason": localize({
            "id": f"Izin ini sudah diperpanjang dengan nomor {p.renewed_by}.",
            "en": f"This permit has been renewed as number {p.renewed_by}."}, lang)}
    elif renewing:
        renew = {"allowed": False, "inProgress": renewing, "reason": localize({
            "id": f"Perpanjangan sedang diproses (permohonan {renewing}).",
            "en": f"The renewal is being processed (application {renewing})."}, lang)}
    return {
        "number": p.number, "permitId": p.permit_id, "permitName": localize(definition["name"], lang),
        "agency": p.agency, "holderName": p.holder_name, "issuedOn": p.issued_on,
        "validUntil": None if until is None else p.valid_until, "state": state,
        "stateLabel": localize(STATE_LABELS[state], lang), "previous": p.previous,
        "renewedBy": p.renewed_by, "renewal": renew, "applicationId": p.application_id,
    }
