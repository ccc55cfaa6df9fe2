"""Evidence on an application: each upload is checked after it arrives (chalicelib/evidence: real type,
size, metadata stripped, PDF sanity, virus scan) and only what passed leaves quarantine; a person may reuse
a document that passed on an earlier application instead of uploading it again."""

from __future__ import annotations

from chalicelib import catalogue, forms
from chalicelib.applications import lifecycle, store
from chalicelib.core.auth import Principal
from chalicelib.core.errors import FieldError, PisaoError, bad_request, not_found
from chalicelib.core.models import ApplicationModel
from chalicelib.core.ports import Files, ScanFailed, Scanner
from chalicelib.evidence.checkpoint import check_upload, staff_view_url

VIEW_SECONDS = 300  # a staff member's link to a piece of evidence


def question_of(app: ApplicationModel, field: object) -> dict:
    question = next((q for q in forms.file_questions(catalogue.get_permit(app.permit_id)["form"])
                     if q["id"] == field), None)
    if question is None:
        raise bad_request("unknown_field", "Dokumen ini tidak diminta oleh formulir.",
                          [FieldError(str(field)[:40], "Dokumen ini tidak diminta oleh formulir.")])
    return question


def _judge(app: ApplicationModel, field: str, files: Files, scanner: Scanner, actor: Principal) -> dict:
    """Check one upload and keep the verdict on the application (the same answer when asked again).
    Raises ScanFailed when no verdict can be had now."""
    upload = app.uploads[field]
    result = check_upload(app.application_id, field, upload, question_of(app, field), files, scanner)
    if result.get("status") == "missing" or result == upload:
        return result

    store.update(app.application_id, store.Change("evidence_checked", actor, {
        "field": field, "status": result["status"], "code": result.get("code")}),
        lifecycle.record_verdict(field, upload["key"], result))
    return result


def check(app: ApplicationModel, field: str, files: Files, scanner: Scanner, actor: Principal) -> dict:
    """The browser asks right after uploading, so the person hears at once what is wrong with a file."""
    question_of(app, field)  # a field the form does not ask for (e.g. "../x") is named as such, not "not uploaded"
    if field not in app.uploads:
        raise PisaoError(409, "nothing_uploaded", "Belum ada berkas yang diunggah untuk dokumen ini. Unggah dulu.")
    try:
        return _judge(app, field, files, scanner, actor)
    except ScanFailed as exc:
        raise PisaoError(503, "scan_unavailable", "Pemeriksaan keamanan berkas sedang tidak tersedia. Berkas Anda "
                         "tersimpan dan diperiksa lagi saat permohonan dikirim.") from exc


def check_all(app: ApplicationModel, files: Files, scanner: Scanner, actor: Principal) -> ApplicationModel:
    """Every upload not yet judged (the browser may not have asked); ScanFailed propagates (retry later)."""
    pending = [f for f, u in app.uploads.items() if u.get("status") not in ("accepted", "rejected")]
    for field in pending:
        _judge(app, field, files, scanner, actor)
    return store.get(app.application_id) if pending else app


def problem(upload: dict | None, label: str) -> str | None:
    """Why an upload cannot be used, in the citizen's words (None when it passed)."""
    if upload is None or upload.get("status") == "missing":
        return f"{label} belum diunggah."
    if upload.get("status") == "rejected":
        return f"{label}: {upload['problem']['id']}"
    if upload.get("status") != "accepted":
        return f"{label} belum selesai diperiksa. Coba kirim lagi sebentar lagi."
    return None


def view(upload: dict, files: Files | None) -> dict:
    """What a view shows of an upload: a staff member gets a short-lived link, and only to what passed."""
    shown = {"filename": upload["filename"], "status": upload.get("status", "checking")}
    if upload.get("status") == "rejected":
        shown["problem"] = upload["problem"]
    url = staff_view_url(upload, files, VIEW_SECONDS) if files is not None else None
    if url:
        shown["url"] = url
    return shown


def reusable(owner_id: str) -> list[dict]:
    """Documents this person had accepted on earlier applications, newest first, one per kind."""
    found: dict[str, dict] = {}
    for app in store.list_by_owner(owner_id):  # newest first
        for field, upload in app.uploads.items():
            if upload.get("status") == "accepted" and field not in found:
                found[field] = {"field": field, "filename": upload["filename"], "applicationId": app.application_id,
                                "contentType": upload.get("contentType"), "checkedAt": upload.get("checkedAt")}
    return list(found.values())


def reuse(app: ApplicationModel, field: str, source_id: object, files: Files, actor: Principal) -> dict:
    """Attach a document accepted on another of the owner's applications (e.g. the KK) to this one."""
    question = question_of(app, field)
    source = store.get(source_id) if isinstance(source_id, str) else None
    earlier = (source.uploads.get(field) or {}) if source and source.owner_id == app.owner_id else {}
    if earlier.get("status") != "accepted":
        raise bad_request("not_reusable", "Dokumen itu tidak dapat dipakai ulang: pilih dokumen yang sudah "
                          "diterima pada permohonan Anda sebelumnya.", [FieldError(field, "Pilih dokumen lain.")])
    if earlier.get("contentType") not in question["accept"] or earlier.get("size", 0) > question["maxBytes"]:
        raise bad_request("file_type", "Dokumen itu tidak sesuai jenis atau ukuran yang diminta formulir ini.",
                          [FieldError(field, "Unggah berkas baru.")])
    key = f"clean/{app.application_id}/{field}/{earlier['sha256'][:16]}"
    data = files.get(earlier["key"], question["maxBytes"])
    if data is None:
        raise not_found("Berkas dokumen itu tidak ditemukan lagi. Unggah berkas baru.")
    files.put(key, data, earlier["contentType"])
    return {**earlier, "key": key, "reusedFrom": source.application_id}  # type: ignore[union-attr]  # {} without one
