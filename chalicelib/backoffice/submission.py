"""Submitting a draft: checked at once (what the form engine can tell now is said now), then queued."""

from __future__ import annotations

from chalicelib import catalogue, forms
from chalicelib.agencies import staff
from chalicelib.applications import lifecycle, statuses, store
from chalicelib.applications.access import editable
from chalicelib.backoffice import corrections, validation
from chalicelib.core.auth import Principal
from chalicelib.core.errors import PisaoError
from chalicelib.core.i18n import localize
from chalicelib.core.models import ApplicationModel
from chalicelib.core.ports import Files, Queue, Scanner, StateMachine
from chalicelib.permits import issued

INCOMPLETE = {"id": "Permohonan belum lengkap: perbaiki isian berikut, lalu kirim lagi.",
              "en": "The application is not complete: fix the following, then submit again."}


# Why an application in this state cannot be submitted again (409).
_NOT_SUBMITTABLE = {
    statuses.REJECTED: {"id": "Permohonan ini sudah ditolak dan tidak dapat dikirim ulang. Baca alasannya, lalu "
                              "ajukan permohonan baru bila perlu.",
                        "en": "This application was rejected and cannot be submitted again. Read the reason, then "
                              "apply again if needed."},
    statuses.DELETED: {"id": "Draf ini sudah dihapus. Mulai permohonan baru.",
                       "en": "This draft was deleted. Start a new application."},
    statuses.EXPIRED: {"id": "Draf ini sudah kedaluwarsa. Mulai permohonan baru.",
                       "en": "This draft has expired. Start a new application."},
}


_DECIDED = {"id": "Permohonan ini sudah diputuskan dan tidak dapat dikirim ulang.",
            "en": "This application has been decided and cannot be submitted again."}


def submit(principal: Principal, application_id: str, queue: Queue, files: Files, flow: StateMachine,
           scanner: Scanner, lang: str = "id") -> ApplicationModel:
    app = editable(principal, application_id)
    if app.status == statuses.NEEDS_CORRECTION:  # corrected: back into the same execution, at the same step
        return corrections.resubmit(principal, application_id, files, flow, scanner, lang)
    if app.status not in (statuses.DRAFT, statuses.RECEIVED, statuses.AWAITING_VERIFICATION):  # (those two: a retry)
        reason = _NOT_SUBMITTABLE.get(app.status, _DECIDED)
        raise PisaoError(409, "not_submittable", localize(reason, lang))
    permit = catalogue.get_permit(app.permit_id)
    errors = validation.check_submission(app, lang, scanned=False) if app.status == statuses.DRAFT else []
    if errors:  # what the form engine can tell now is said now, not after the queue; nothing changes
        raise PisaoError(422, "incomplete_application", localize(INCOMPLETE, lang), errors)
    rules = forms.compile.rules(permit["form"])
    office = app.filed_office or staff_offices(app.agency)
    move = lifecycle.submit(lambda answers: forms.visible_answers(rules, answers), office,
                            lambda number: issued.get(number).data)
    app = store.update(application_id, store.Change("submitted", principal, {}), move).app
    if app.status == statuses.RECEIVED:
        # Also on a repeated submit: the message may have been lost; the consumer is idempotent. If the
        # queue is down the application is still saved as received: the sweeper queues it later.
        queue.send({"applicationId": app.application_id})
    return app


def staff_offices(agency: str) -> str | None:
    """The office whose queue holds an application filed online: the agency's first (main) office."""
    try:
        offices = staff.agency(agency).get("offices") or []
    except PisaoError:
        return None
    return offices[0]["id"] if offices else None
