"""The way out of quarantine. A file the browser uploaded (to quarantine/{application}/{field}/{uuid}) is read,
inspected, and either written cleaned to clean/{application}/{field}/{sha256[:16]} or refused; the quarantined
object is deleted either way, so staff only ever see what passed.

Each verdict is also kept as a receipt (checked/{application}/{field}/{uuid}.json) before the quarantined object is
deleted: a redelivered message, or a retry after a crash at any step, gets the same answer instead of "missing"."""

from __future__ import annotations

import json

from chalicelib.core import clock
from chalicelib.core.ports import Files, Scanner
from chalicelib.evidence.inspection import inspect
from chalicelib.evidence.rejections import EvidenceRejected

QUARANTINE, CLEAN, RECEIPTS = "quarantine/", "clean/", "checked/"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
RECEIPT_MAX_BYTES = 64 * 1024
JUDGED = ("accepted", "rejected")


def clean_key(application_id: str, field: str, sha256: str) -> str:
    return f"{CLEAN}{application_id}/{field}/{sha256[:16]}"


def receipt_key(quarantine_key: str) -> str:
    return f"{RECEIPTS}{quarantine_key.removeprefix(QUARANTINE)}.json"


def check_upload(application_id: str, field: str, upload: dict, question: dict, files: Files,
                 scanner: Scanner) -> dict:
    """The upload record after the check: status "accepted" (key now in clean/, real type, size, sha256),
    "rejected" (problem {id, en} for the citizen, code), or "missing" (nothing was uploaded to the key).
    Raises ScanFailed when the scanner gives no verdict: the file stays in quarantine for the retry."""
    if upload.get("status") in JUDGED:
        return upload  # the stored record already carries the verdict
    key = str(upload.get("key", ""))
    prefix = f"{QUARANTINE}{application_id}/{field}/"
    name = key.removeprefix(prefix)
    if not key.startswith(prefix) or not name or "/" in name:
        raise ValueError(f"upload key {key!r} is not in the quarantine of {application_id}/{field}")
    receipt = receipt_key(key)
    earlier = files.get(receipt, RECEIPT_MAX_BYTES)
    if earlier:
        files.delete(key)  # a crash may have come between the receipt and the delete
        return json.loads(earlier)
    max_bytes = int(question.get("maxBytes") or DEFAULT_MAX_BYTES)
    data = files.get(key, max_bytes)
    if data is None:
        return {**upload, "status": "missing"}
    checked_at = clock.iso()
    try:
        accepted = inspect(data, allowed=list(question.get("accept") or []), max_bytes=max_bytes, scanner=scanner)
    except EvidenceRejected as refused:
        result = {**upload, "status": "rejected", "problem": {"id": refused.message_id, "en": refused.message_en},
                  "code": refused.code, "checkedAt": checked_at}
    else:
        target = clean_key(application_id, field, accepted.sha256)
        files.put(target, accepted.data, accepted.content_type)  # same bytes, same key: a retry rewrites it
        facts = {k: v for k, v in (("width", accepted.width), ("height", accepted.height),
                                   ("pages", accepted.pages)) if v is not None}
        result = {**upload, "key": target, "status": "accepted", "contentType": accepted.content_type,
                  "size": accepted.size, "sha256": accepted.sha256, "checkedAt": checked_at, **facts}
    files.put(receipt, json.dumps(result, ensure_ascii=False).encode(), "application/json")
    files.delete(key)
    return result


def staff_view_url(upload: dict, files: Files, expires: int) -> str | None:
    """A viewing link only for evidence that passed the check and lives in the clean store; None otherwise."""
    key = str(upload.get("key", ""))
    if upload.get("status") != "accepted" or not key.startswith(CLEAN):
        return None
    return files.view_url(key, expires)
