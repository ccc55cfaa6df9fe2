"""Evidence on a draft: an upload requested, checked right after it arrives, or a document reused."""

from __future__ import annotations

import re
import uuid

from chalicelib import catalogue, forms
from chalicelib.applications import evidence, lifecycle, store
from chalicelib.applications.access import own_draft
from chalicelib.core.auth import Principal
from chalicelib.core.errors import FieldError, bad_request
from chalicelib.core.i18n import localize
from chalicelib.core.models import ApplicationModel
from chalicelib.core.ports import Files, Scanner

_SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def request_upload(principal: Principal, application_id: str, body: dict, files: Files,
                   expires: int) -> dict:
    field = body.get("field")
    app = own_draft(principal, application_id, {str(field)})
    permit = catalogue.get_permit(app.permit_id)
    question = next((q for q in forms.file_questions(permit["form"]) if q["id"] == field), None)
    if question is None:
        raise bad_request("unknown_field", "Dokumen ini tidak diminta oleh formulir.",
                          [FieldError(str(field)[:40], "Dokumen ini tidak diminta oleh formulir.")])
    label = localize(question["label"], "id")
    content_type, size, filename = body.get("contentType"), body.get("size"), body.get("filename")
    if content_type not in question["accept"]:
        kinds = ", ".join(t.split("/")[1].upper() for t in question["accept"])
        raise bad_request("file_type", f"Jenis berkas untuk {label} harus {kinds}.",
                          [FieldError(field, f"Jenis berkas harus {kinds}.")])
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0 or size > question["maxBytes"]:
        mb = question["maxBytes"] // (1024 * 1024)
        raise bad_request("file_size", f"Ukuran berkas untuk {label} paling besar {mb} MB.",
                          [FieldError(field, f"Ukuran berkas paling besar {mb} MB.")])
    if not isinstance(filename, str) or not filename.strip():
        raise bad_request("file_name", "Nama berkas tidak boleh kosong.", [FieldError(field, "Nama berkas kosong.")])
    safe_name = _SAFE_FILENAME.sub("_", filename.strip())[-80:]
    # Uploads land in quarantine: they are checked again after upload before anyone sees them.
    key = f"quarantine/{app.application_id}/{field}/{uuid.uuid4().hex}"
    post = files.presign_post(key, content_type, question["maxBytes"], expires)  # type: ignore[arg-type]  # accepted

    def edit(current: ApplicationModel) -> None:
        current.uploads = {**current.uploads, field: {
            "key": key, "filename": safe_name, "contentType": content_type, "size": size}}

    store.update(application_id, store.Change("upload_requested", principal, {"field": field}),
                 lifecycle.edit_draft(edit))
    return {"url": post["url"], "fields": post["fields"], "key": key, "expiresIn": expires}


def check_upload(principal: Principal, application_id: str, field: str, files: Files, scanner: Scanner,
                 lang: str) -> dict:
    """Right after the browser's upload: is this file acceptable? (The answer is kept on the application.)"""
    app = own_draft(principal, application_id, {field})
    result = evidence.check(app, field, files, scanner, principal)
    problem = result.get("problem")
    return {"field": field, "status": result["status"], "filename": result.get("filename"),
            "message": localize(problem, lang) if problem else None}


def reuse_document(principal: Principal, application_id: str, body: dict, files: Files) -> ApplicationModel:
    """Attach a document that was accepted on one of the owner's earlier applications."""
    field = body.get("field")
    app = own_draft(principal, application_id, {str(field)})
    record = evidence.reuse(app, str(field), body.get("applicationId"), files, principal)

    def edit(current: ApplicationModel) -> None:
        current.uploads = {**current.uploads, str(field): record}

    return store.update(application_id, store.Change("document_reused", principal, {"field": field}),
                        lifecycle.edit_draft(edit)).app
