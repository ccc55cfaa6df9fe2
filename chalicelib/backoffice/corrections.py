"""The citizen's correction: sent back into the same execution, at the step that returned it."""

from __future__ import annotations

import logging

from chalicelib import catalogue
from chalicelib.applications import evidence, lifecycle, store
from chalicelib.backoffice.steps import path_of, step_label
from chalicelib.backoffice.validation import check_submission
from chalicelib.catalogue import workflows
from chalicelib.core import clock
from chalicelib.core.auth import Principal
from chalicelib.core.errors import PisaoError
from chalicelib.core.models import ApplicationModel
from chalicelib.core.ports import Files, ScanFailed, Scanner, StateMachine

logger = logging.getLogger("pisao")


def resubmit(principal: Principal, application_id: str, files: Files, workflow: StateMachine,
             scanner: Scanner, lang: str = "id") -> ApplicationModel:
    """The citizen sends the corrected application back into the same execution, at the step that
    returned it. Everything is checked again first; a problem is answered at once, nothing changes."""
    app = store.get(application_id)
    try:
        app = evidence.check_all(app, files, scanner, principal)
    except ScanFailed as exc:
        raise PisaoError(503, "scan_unavailable", "Pemeriksaan keamanan berkas sedang tidak tersedia. Coba kirim "
                         "lagi beberapa menit lagi; perbaikan Anda sudah tersimpan.") from exc
    errors = check_submission(app, lang)
    if errors:
        raise PisaoError(422, "incomplete_application", "Masih ada yang perlu diperbaiki sebelum dikirim ulang.",
                         errors)
    # Back to the step that asked for the correction; should the permit's current version no longer have that
    # step, to the first step of its path (the application is checked again from the start).
    step = workflows.step_of(catalogue.get_permit(app.permit_id), app.correction["step"]) \
        or next(iter(path_of(app)), None)
    if step is None:
        raise PisaoError(409, "not_waiting", "Permohonan ini tidak lagi menunggu perbaikan; muat ulang halaman.")
    done = store.update(application_id, store.Change("resubmitted", principal, step_label(step)),
                        lifecycle.resubmit(step, clock.now()))
    if done.changed and done.handed and not workflow.succeed(done.handed, {"resubmitted": True}):
        logger.info("resubmission recorded; the correction token was no longer waiting",
                    extra={"application_id": application_id})
    return done.app
