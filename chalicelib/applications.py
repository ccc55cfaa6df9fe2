"""The citizen's side of an application: draft, answers, evidence uploads, submission, status."""

from __future__ import annotations

import re
import uuid
from functools import lru_cache

from jsonschema import Draft202012Validator

from chalicelib import audit, catalogue, clock, documents, forms, permits, staff, statuses, store, workflow
from chalicelib.auth import Principal
from chalicelib.errors import FieldError, PisaoError, bad_request, not_found
from chalicelib.models import ApplicationModel, IssuedPermitModel
from chalicelib.payments import invoices
from chalicelib.ports import Files, Queue, Scanner, Workflow

_SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")
INCOMPLETE = {"id": "Permohonan belum lengkap: perbaiki isian berikut, lalu kirim lagi.",
              "en": "The application is not complete: fix the following, then submit again."}


def _filed_by_counter_of(principal: Principal, app: ApplicationModel) -> bool:
    """Counter staff act for the citizen on applications filed at their agency's counters."""
    return "counter" in principal.roles and bool(app.filed_by) and app.filed_by.get("agency") == principal.agency


def can_read(principal: Principal, app: ApplicationModel) -> bool:
    """A citizen reads only their own applications; staff only their agency's (or those its counters filed)."""
    if principal.is_citizen:
        return app.owner_id == principal.person_id
    return (principal.agency == app.agency or "system_admin" in principal.roles
            or _filed_by_counter_of(principal, app))


def can_edit(principal: Principal, app: ApplicationModel) -> bool:
    """The owner, or the counter that is filing it for them."""
    if principal.is_citizen:
        return app.owner_id == principal.person_id
    return _filed_by_counter_of(principal, app)


def _refused(principal: Principal, action: str, application_id: str) -> PisaoError:
    audit.record(principal, action, f"application#{application_id}", outcome="refused")
    # 404, not 403: do not confirm that someone else's application exists.
    return not_found("Permohonan tidak ditemukan.")


def load_for(principal: Principal, application_id: str) -> ApplicationModel:
    app = store.get(application_id)
    if not can_read(principal, app):
        raise _refused(principal, "read_application", application_id)
    return app


def editable(principal: Principal, application_id: str) -> ApplicationModel:
    app = store.get(application_id)
    if not can_edit(principal, app):
        raise _refused(principal, "edit_application", application_id)
    return app


def _own_draft(principal: Principal, application_id: str, fields: set[str] | None = None) -> ApplicationModel:
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


def _changeable(current: ApplicationModel) -> bool:
    return current.status in (statuses.DRAFT, statuses.NEEDS_CORRECTION)


def start_draft(principal: Principal, permit_id: object, prefill: dict | None = None,
                owner_id: str | None = None, applicant_name: str | None = None,
                filed_by: dict | None = None, renewing: IssuedPermitModel | None = None) -> ApplicationModel:
    """A new draft, prefilled from `prefill` sources (the owner's profile) and, for a renewal, from the
    permit it renews; a counter passes the citizen it files for (owner) and where it is filed."""
    permit = catalogue.get_permit(permit_id)  # raises a clear 404 for an unknown permit type
    at = clock.iso()
    answers = forms.prefilled(permit, prefill or {})
    if renewing is not None:  # nothing retyped: every answer the permit was issued on, still valid
        carried = {k: v for k, v in renewing.data.items() if k in {q["id"] for q in forms.answer_questions(
            permit["form"])}}
        bad = {e.field for e in forms.validate_answers(permit, carried, partial=True)}
        answers.update({k: v for k, v in carried.items() if k not in bad})
    app = ApplicationModel(
        application_id=store.new_application_id(), owner_id=owner_id or principal.person_id, permit_id=permit["id"],
        form_version=permit["version"], agency=permit["agency"]["id"], status=statuses.DRAFT,
        applicant_name=applicant_name or principal.name, answers=answers, uploads={}, reasons=[],
        renewal_of=renewing.number if renewing is not None else None,
        created_by=principal.person_id, filed_by=filed_by, filed_office=(filed_by or {}).get("office"),
        created_at=at, updated_at=at, edited_at=at, edited_version=1,
    )
    return store.create(app, store.Change("created", principal, {"permitId": permit["id"]}))


def form_update(app: ApplicationModel, permit: dict) -> dict | None:
    """What changed for a draft started on an older form version: the answers the new version no longer
    asks for (they are dropped at the next save, and the person is told)."""
    if app.status != statuses.DRAFT or app.form_version == permit["version"]:
        return None
    asked = {q["id"] for q in forms.answer_questions(permit["form"])}
    return {"from": app.form_version, "to": permit["version"], "removed": sorted(set(app.answers) - asked)}


def start_renewal(principal: Principal, number: str, prefill: dict) -> ApplicationModel:
    """A renewal draft of an issued permit (R19), or the one already open for it."""
    issued = permits.load_for(principal, number)
    if not principal.is_citizen:
        raise not_found("Izin tidak ditemukan.")
    renewing = renewals_in_progress(principal.person_id)
    for app in store.list_by_owner(principal.person_id):
        if app.renewal_of == issued.number and app.status == statuses.DRAFT:
            return app
    permits.renewal_check(issued, renewing.get(issued.number))
    return start_draft(principal, issued.permit_id, prefill, renewing=issued)


def renewals_in_progress(owner_id: str) -> dict[str, str]:
    """Permit number → the submitted renewal application still being decided."""
    done = (statuses.DRAFT, statuses.DELETED, statuses.EXPIRED, statuses.REJECTED, statuses.ISSUED)
    return {a.renewal_of: a.application_id for a in store.list_by_owner(owner_id)
            if a.renewal_of and a.status not in done}


def delete_draft(principal: Principal, application_id: str) -> ApplicationModel:
    _own_draft(principal, application_id)

    def apply(current: ApplicationModel) -> bool:
        if current.status != statuses.DRAFT:
            return False
        current.status = statuses.DELETED
        return True

    app, _ = store.update(application_id, store.Change("draft_deleted", principal), apply)
    return app


# What a draft must hold to be stored at all: answers to questions the form asks, of the right JSON type and
# within the size limits. Everything else a person can type (too short, a wrong pattern, a NIK that does
# not match the sex) is stored as typed and reported, so leaving a page never loses it; submit checks all.
_SHAPE = ("type", "properties", "additionalProperties", "items", "maxLength", "maxItems")


def _shape(node: object) -> object:
    if not isinstance(node, dict):
        return node
    out = {k: v for k, v in node.items() if k in _SHAPE}
    if isinstance(out.get("properties"), dict):
        out["properties"] = {k: _shape(v) for k, v in out["properties"].items()}
    if "items" in out:
        out["items"] = _shape(out["items"])
    return out


@lru_cache(maxsize=64)
def _shape_of(permit_id: str, version: int) -> dict:
    return _shape(forms.compile.inline(forms.compile_schema(catalogue.get_permit(permit_id))))  # type: ignore[return-value]


def _unstorable(permit: dict, answers: dict) -> set[str]:
    """The top-level questions whose sent answer no draft can hold (unknown, wrong type, too long)."""
    shape = _shape_of(permit["id"], permit["version"])
    sent = {k: v for k, v in answers.items() if v not in (None, "", [])}
    bad = {str(k) for k in sent if k not in shape["properties"]}  # type: ignore[index]
    for err in Draft202012Validator(shape).iter_errors({k: v for k, v in sent.items() if k not in bad}):
        if err.absolute_path:
            bad.add(str(err.absolute_path[0]))
    return bad


def save_answers(principal: Principal, application_id: str, answers: object, version: object,
                 lang: str = "id") -> tuple[ApplicationModel, list[FieldError]]:
    """Save answers to a draft: (the application, the problems its answers still have). A draft stores what
    the person typed even when it is wrong (only what no draft can hold is refused); in a correction, a
    save refuses what it sends or newly breaks, as before."""
    if not isinstance(version, int) or isinstance(version, bool):
        raise bad_request("invalid_version", "Versi draf tidak valid. Muat ulang halaman lalu coba lagi.")
    if not isinstance(answers, dict):
        raise bad_request("invalid_answers", "Jawaban formulir harus berupa objek JSON.")
    app = editable(principal, application_id)
    answers = forms.stored_answers(catalogue.get_permit(app.permit_id), answers)  # "0812 …" → "+62812…"
    # In a correction only what staff named may change (a page sent whole repeats the rest unchanged).
    changed = {k for k, v in answers.items() if app.answers.get(k) != v and not (v in (None, "", []) and k not in
                                                                                app.answers)}
    app = _own_draft(principal, application_id, changed)
    permit = catalogue.get_permit(app.permit_id)
    update = form_update(app, permit)
    removed = set(update["removed"]) if update else set()  # a new form version no longer asks these

    def merge(current: dict) -> dict:
        merged = {**current, **answers}  # type: ignore[dict-item]
        return {k: v for k, v in merged.items() if k not in removed and v not in (None, "", [])}  # emptied = gone

    # The whole draft as it would be, so rules across fields (NIK and sex) see every answer.
    problems = forms.validate_answers(permit, merge(app.answers), lang, partial=True)
    whole = [e for e in problems if e.field == "answers"]  # e.g. too many answers: nothing else to say
    if whole:
        raise bad_request("invalid_answers", "Ada jawaban yang perlu diperbaiki.", whole)
    if app.status == statuses.DRAFT:
        # Nothing of a save is stored when part of it cannot be: then every problem is told at once.
        bad = _unstorable(permit, answers)
        named = {(e.field or "").split(".")[0] for e in problems}
        refused = [*problems, *(FieldError(f[:40], _NOT_STORABLE) for f in sorted(bad - named))] \
            if bad or any(e.field is None for e in problems) else []
    else:
        # Refused are only problems with what this save sends or newly causes (an old answer a page no
        # longer accepts must not block saving another page).
        before = {e.field for e in forms.validate_answers(permit, app.answers, lang, partial=True)}
        refused = [e for e in problems if (e.field or "").split(".")[0] in answers or e.field not in before]
    if refused:
        raise bad_request("invalid_answers", "Ada jawaban yang perlu diperbaiki.", refused)

    def apply(current: ApplicationModel) -> bool:
        if not _changeable(current):
            return False
        current.answers = merge(current.answers)
        current.form_version = permit["version"]
        current.edited_at, current.edited_version = clock.iso(), current.version + 1
        return True

    change = store.Change("draft_migrated" if update else "answers_saved", principal, update)
    updated, _ = store.update(application_id, change, apply, version)
    return updated, problems


_NOT_STORABLE = "Jawaban ini tidak dapat disimpan. Muat ulang formulir lalu coba lagi."


def request_upload(principal: Principal, application_id: str, body: dict, files: Files,
                   expires: int) -> dict:
    field = body.get("field")
    app = _own_draft(principal, application_id, {str(field)})
    permit = catalogue.get_permit(app.permit_id)
    question = next((q for q in forms.file_questions(permit["form"]) if q["id"] == field), None)
    if question is None:
        raise bad_request("unknown_field", "Dokumen ini tidak diminta oleh formulir.",
                          [FieldError(str(field)[:40], "Dokumen ini tidak diminta oleh formulir.")])
    label = catalogue.localize(question["label"], "id")
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
    post = files.presign_post(key, content_type, question["maxBytes"], expires)

    def apply(current: ApplicationModel) -> bool:
        if not _changeable(current):
            return False
        current.uploads = {**current.uploads, field: {
            "key": key, "filename": safe_name, "contentType": content_type, "size": size}}
        current.edited_at, current.edited_version = clock.iso(), current.version + 1
        return True

    store.update(application_id, store.Change("upload_requested", principal, {"field": field}), apply)
    return {"url": post["url"], "fields": post["fields"], "key": key, "expiresIn": expires}


def check_upload(principal: Principal, application_id: str, field: str, files: Files, scanner: Scanner,
                 lang: str) -> dict:
    """Right after the browser's upload: is this file acceptable? (The answer is kept on the application.)"""
    app = _own_draft(principal, application_id, {field})
    result = documents.check(app, field, files, scanner, principal)
    problem = result.get("problem")
    return {"field": field, "status": result["status"], "filename": result.get("filename"),
            "message": catalogue.localize(problem, lang) if problem else None}


def reuse_document(principal: Principal, application_id: str, body: dict, files: Files) -> ApplicationModel:
    """Attach a document that was accepted on one of the owner's earlier applications."""
    field = body.get("field")
    app = _own_draft(principal, application_id, {str(field)})
    record = documents.reuse(app, str(field), body.get("applicationId"), files, principal)

    def apply(current: ApplicationModel) -> bool:
        if not _changeable(current):
            return False
        current.uploads = {**current.uploads, str(field): record}
        current.edited_at, current.edited_version = clock.iso(), current.version + 1
        return True

    return store.update(application_id, store.Change("document_reused", principal, {"field": field}), apply)[0]


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


def submit(principal: Principal, application_id: str, queue: Queue, files: Files, flow: Workflow,
           scanner: Scanner, lang: str = "id") -> ApplicationModel:
    app = editable(principal, application_id)
    if app.status == statuses.NEEDS_CORRECTION:  # corrected: back into the same execution, at the same step
        return workflow.resubmit(principal, application_id, files, flow, scanner, lang)
    if app.status not in (statuses.DRAFT, statuses.RECEIVED, statuses.AWAITING_VERIFICATION):  # (those two: a retry)
        reason = _NOT_SUBMITTABLE.get(app.status, _DECIDED)
        raise PisaoError(409, "not_submittable", catalogue.localize(reason, lang))  # type: ignore[arg-type]
    permit = catalogue.get_permit(app.permit_id)
    errors = workflow.check_submission(app, lang, scanned=False) if app.status == statuses.DRAFT else []
    if errors:  # what the form engine can tell now is said now, not after the queue; nothing changes
        raise PisaoError(422, "incomplete_application", catalogue.localize(INCOMPLETE, lang), errors)  # type: ignore[arg-type]
    rules = forms.compile.rules(permit["form"])
    office = app.filed_office or staff_offices(app.agency)

    def apply(current: ApplicationModel) -> bool:
        if current.status != statuses.DRAFT:
            return False
        # What is submitted is what the person was last shown: answers to hidden questions are dropped.
        current.answers = forms.visible_answers(rules, current.answers)
        current.status, current.reasons = statuses.RECEIVED, []  # a returned draft's reasons are answered
        if current.renewal_of:
            # A "direct" renewal changes nothing but the evidence: a later step may take a shorter path.
            previous = permits.get(current.renewal_of).data
            details["renewalOf"], details["direct"] = current.renewal_of, current.answers == previous
            current.direct_renewal = details["direct"]
        current.submitted_at, current.office = clock.iso(), office
        return True

    details: dict = {}
    app, changed = store.update(application_id, store.Change("submitted", principal, details), apply)
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


def filed_at(office: str, agency: str, limit: int = 100) -> list[ApplicationModel]:
    """The latest applications filed at `office` by the counter staff of `agency`."""
    if not office or not agency:
        return []
    return store.list_by_filed_office(office, limit, lambda a: (a.filed_by or {}).get("agency") == agency)


def _upload_view(upload: dict, files: Files | None, lang: str) -> dict:
    shown = documents.view(upload, files)
    if "problem" in shown:
        shown["problem"] = catalogue.localize(shown["problem"], lang)
    return shown


def view(app: ApplicationModel, lang: str = "id", with_timeline: bool = True, files: Files | None = None) -> dict:
    """What the API shows of an application; with `files` (staff) each accepted upload gets a viewing link."""
    permit = catalogue.get_permit(app.permit_id)
    returned = app.status == statuses.DRAFT and bool(app.reasons)  # sent back by the queue's checks
    body = {
        "id": app.application_id,
        "permitId": app.permit_id,
        "permitName": catalogue.localize(permit["name"], lang),
        "agency": app.agency,
        "applicantName": app.applicant_name,
        "status": app.status,
        "statusLabel": catalogue.localize(statuses.RETURNED_LABEL if returned else statuses.LABELS[app.status], lang),
        "returned": returned,
        "answers": app.answers,
        "uploads": {k: _upload_view(v, files, lang) for k, v in app.uploads.items()},
        "version": app.version,
        "reasons": app.reasons,
        "documentNumber": app.document_number,
        "createdAt": app.created_at,
        "updatedAt": app.updated_at,
        "submittedAt": app.submitted_at,
        "filedBy": {k: app.filed_by[k] for k in ("agency", "office", "at")} if app.filed_by else None,
        "formVersion": app.form_version,
        "renewalOf": app.renewal_of,
        "editedAt": app.edited_at,
        "formUpdate": form_update(app, permit),
    }
    step = workflow.current_step(app)
    body["feeRule"] = permit["fee"]["rule"]
    body["step"] = step and {
        "id": step.id, "label": catalogue.localize(step.label, lang), "role": step.role, "seq": app.step_seq,
        "last": workflow.is_last_step(app, step),
        "startedAt": app.step_started_at, "dueAt": app.step_due_at, "stage": app.step_stage,
        "assignee": (app.assignee or {}).get("name")}
    body["correction"] = app.correction if app.status == statuses.NEEDS_CORRECTION else None
    body["nextAction"] = catalogue.localize(statuses.RETURNED_NEXT if returned else statuses.next_action(app.status),
                                            lang)
    current = invoices.find(app.invoice_id) if app.invoice_id else None
    body["invoice"] = invoices.view(current, lang) if current else None
    if with_timeline:
        body["timeline"] = [
            {"at": e.at, "type": e.type, "actorRole": e.data.get("role") or e.actor_role,
             "label": catalogue.localize(statuses.EVENT_LABELS[e.type], lang).format(
                 step=catalogue.localize(e.data.get("stepLabel"), lang) or "",
                 next=catalogue.localize(e.data.get("nextLabel"), lang) or ""),
             "note": e.data.get("note") if e.type == "sent_back" else None,
             "fields": e.data.get("fields") if e.type == "sent_back" else None}
            for e in store.events(app.application_id) if e.type in statuses.TIMELINE
        ]
    return body
