"""Who may read or change an application: its owner, staff of its agency, and the counter that filed it."""

from __future__ import annotations

from chalicelib.applications import statuses, store
from chalicelib.core import audit
from chalicelib.core.auth import Principal
from chalicelib.core.errors import FieldError, PisaoError, bad_request, not_found
from chalicelib.core.models import ApplicationModel


def filed_by_counter_of(principal: Principal, app: ApplicationModel) -> bool:
    """Counter staff act for the citizen on applications filed at their agency's counters."""
    return "counter" in principal.roles and bool(app.filed_by) and app.filed_by.get("agency") == principal.agency


def can_read(principal: Principal, app: ApplicationModel) -> bool:
    """A citizen reads only their own applications; staff only their agency's (or those its counters filed)."""
    if principal.is_citizen:
        return app.owner_id == principal.person_id
    return (principal.agency == app.agency or "system_admin" in principal.roles
            or filed_by_counter_of(principal, app))


def can_edit(principal: Principal, app: ApplicationModel) -> bool:
    """The owner, or the counter that is filing it for them."""
    if principal.is_citizen:
        return app.owner_id == principal.person_id
    return filed_by_counter_of(principal, app)


def refused(principal: Principal, action: str, application_id: str) -> PisaoError:
    audit.record(principal, action, f"application#{application_id}", outcome="refused")
    # 404, not 403: do not confirm that someone else's application exists.
    return not_found("Permohonan tidak ditemukan.")


def load_for(principal: Principal, application_id: str) -> ApplicationModel:
    app = store.get(application_id)
    if not can_read(principal, app):
        raise refused(principal, "read_application", application_id)
    return app


def editable(principal: Principal, application_id: str) -> ApplicationModel:
    app = store.get(application_id)
    if not can_edit(principal, app):
        raise refused(principal, "edit_application", application_id)
    return app


def own_draft(principal: Principal, application_id: str, fields: set[str] | None = None) -> ApplicationModel:
    """An application its owner may still change: a draft, or one sent back for correction (then only the
    fields staff named)."""
    app = editable(principal, application_id)
    if app.status == statuses.NEEDS_CORRECTION and fields is not None:
        outside = sorted(fields - set(app.correction["fields"]))
        if outside:
            raise bad_request("not_in_correction", "Hanya isian yang diminta petugas yang dapat diubah.",
                              [FieldError(f, "Isian ini tidak diminta untuk diperbaiki.") for f in outside])
        return app
    if app.status != statuses.DRAFT:
        raise PisaoError(409, "not_draft", "Permohonan ini sudah dikirim dan tidak dapat diubah lagi.")
    return app

