"""Renewal (R19): a draft from the issued permit with every answer carried over, once per permit."""

from __future__ import annotations

from chalicelib.applications import statuses, store
from chalicelib.applications.drafts import start_draft
from chalicelib.core.auth import Principal
from chalicelib.core.errors import PisaoError, not_found
from chalicelib.core.models import ApplicationModel, IssuedPermitModel
from chalicelib.permits import issued
from chalicelib.permits.views import view


def start_renewal(principal: Principal, number: str, prefill: dict) -> ApplicationModel:
    """A renewal draft of an issued permit (R19), or the one already open for it."""
    held = issued.load_for(principal, number)
    if not principal.is_citizen:
        raise not_found("Izin tidak ditemukan.")
    renewing = renewals_in_progress(principal.person_id)
    for app in store.list_by_owner(principal.person_id):
        if app.renewal_of == held.number and app.status == statuses.DRAFT:
            return app
    renewal_check(held, renewing.get(held.number))
    return start_draft(principal, held.permit_id, prefill, renewing=held)


def renewals_in_progress(owner_id: str) -> dict[str, str]:
    """Permit number → the submitted renewal application still being decided."""
    done = (statuses.DRAFT, statuses.DELETED, statuses.EXPIRED, statuses.REJECTED, statuses.ISSUED)
    return {a.renewal_of: a.application_id for a in store.list_by_owner(owner_id)
            if a.renewal_of and a.status not in done}


def renewal_check(p: IssuedPermitModel, renewing: str | None = None) -> None:
    """Raise with the reason and what to do instead when this permit cannot be renewed now."""
    shown = view(p, renewing=renewing)
    if shown["renewal"].get("allowed"):
        return
    code = "renewal_new_application" if shown["renewal"].get("newApplication") else "renewal_not_allowed"
    raise PisaoError(409, code, shown["renewal"].get("reason", "Izin ini tidak dapat diperpanjang sekarang."))
