"""Evidence on a draft: upload links, the check right after an upload, reuse of an earlier document, and the person's
documents."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.applications import evidence, uploads
from chalicelib.core.config import settings
from chalicelib.views import applications as views
from functions import adapters
from functions.http import CITIZEN, SIGNED_IN, json_body, lang_of, route

bp = Blueprint(__name__)


@route(bp, "/applications/{application_id}/uploads", "POST", SIGNED_IN, status=201)  # owner or counter
def request_upload(request, principal, application_id):
    return uploads.request_upload(
        principal, application_id, json_body(request), adapters.uploads(), settings().presign_expires_seconds
    )


@route(bp, "/applications/{application_id}/uploads/{field}/check", "POST", SIGNED_IN)  # owner or counter
def check_upload(request, principal, application_id, field):
    """After the browser's upload: the file's checks (type, size, metadata, virus) and the verdict."""
    return uploads.check_upload(principal, application_id, field, adapters.uploads(), adapters.scanner(),
                                     lang_of(request))


@route(bp, "/applications/{application_id}/uploads/reuse", "POST", SIGNED_IN)  # owner or counter
def reuse_document(request, principal, application_id):
    """Attach a document accepted on one of the owner's earlier applications (e.g. the KK) instead of a new upload."""
    app = uploads.reuse_document(principal, application_id, json_body(request), adapters.uploads())
    return views.view(app, lang_of(request), with_timeline=False)


@route(bp, "/me/documents", "GET", CITIZEN)
def my_documents(_request, principal):
    """Documents accepted on the person's earlier applications, which a new application may reuse."""
    return {"documents": evidence.reusable(principal.person_id)}
