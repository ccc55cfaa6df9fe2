"""Submitting an application (the owner, or the counter filing it)."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.backoffice import submission
from chalicelib.views import applications as views
from functions import adapters
from functions.http import SIGNED_IN, lang_of, logger, route

bp = Blueprint(__name__)


@route(bp, "/applications/{application_id}/submit", "POST", SIGNED_IN, status=202)  # owner or counter
def submit(request, principal, application_id):
    app = submission.submit(principal, application_id, adapters.submissions(), adapters.uploads(),
                              adapters.state_machine(), adapters.scanner(), lang_of(request))
    logger.info("application submitted", extra={"application_id": app.application_id})
    return views.view(app, lang_of(request))
