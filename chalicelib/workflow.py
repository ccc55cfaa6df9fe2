"""The back-office path of an application: validation of a submission, the Step Functions approval
workflow (each human step waits on a task token) and staff decisions. Every step is idempotent: a
redelivered message or a double click changes nothing the second time."""

from __future__ import annotations

import logging

from chalicelib import catalogue, forms, permits, statuses, store
from chalicelib.auth import SYSTEM, Principal
from chalicelib.errors import FieldError, PisaoError, bad_request
from chalicelib.models import ApplicationModel
from chalicelib.ports import Files, Queue, Workflow

logger = logging.getLogger("pisao")

VERIFY_ROLES = ("verifier", "approver")
DECIDED = {statuses.APPROVED: "approve", statuses.ISSUED: "approve", statuses.REJECTED: "reject"}


def check_submission(app: ApplicationModel, files: Files) -> list[FieldError]:
    """Everything wrong with a submitted application: answers against the form, and the evidence."""
    permit = catalogue.get_permit(app.permit_id)
    kept, errors = forms.validate(permit, app.answers)
    rules = forms.compile.rules(permit["form"])
    for question in forms.file_questions(permit["form"]):
        visible = forms.visible_answers(rules, {question["id"]: True, **kept})
        if question["id"] not in visible:
            continue  # a document the answers no longer ask for (e.g. a police report for a damaged card)
        label = catalogue.localize(question["label"], "id")
        upload = app.uploads.get(question["id"])
        meta = files.head(upload["key"]) if upload else None
        if meta is None:
            if forms.is_required(rules, question["id"], kept):
                errors.append(FieldError(question["id"], f"{label} belum diunggah."))
        elif meta["size"] > question["maxBytes"]:
            # Some S3-compatible stores do not enforce the presigned size limit: check again.
            errors.append(FieldError(question["id"], f"{label} terlalu besar."))
    return errors


def process_submission(application_id: str, files: Files, workflow: Workflow) -> ApplicationModel:
    app = store.get(application_id)
    if app.status != statuses.RECEIVED or app.execution_arn:
        return app  # already processed: a redelivery
    errors = check_submission(app, files)
    if errors:
        reasons = [e.to_dict() for e in errors]

        def reject(current: ApplicationModel) -> bool:
            if current.status != statuses.RECEIVED or current.execution_arn:
                return False
            current.status, current.reasons = statuses.REJECTED, reasons
            return True

        return store.update(application_id, store.Change("validation_failed", SYSTEM, {"reasons": reasons}),
                            reject)[0]
    # Start first, record after: a crash in between is healed by the redelivery (same execution name).
    execution_arn = workflow.start(application_id, {"applicationId": application_id})

    def record(current: ApplicationModel) -> bool:
        if current.execution_arn:
            return False
        current.execution_arn = execution_arn
        return True

    return store.update(application_id, store.Change("validated", SYSTEM), record)[0]


def handle_task(message: dict, workflow: Workflow) -> None:
    """A step of the state machine asks for work (waitForTaskToken)."""
    kind, application_id, token = message.get("kind"), message.get("applicationId"), message.get("taskToken")
    if not isinstance(application_id, str) or not isinstance(token, str):
        raise ValueError("task message without applicationId or taskToken")
    if kind == "verify":
        _await_verification(application_id, token, workflow)
    elif kind == "issue":
        app = _issue(application_id)
        workflow.succeed(token, {"documentNumber": app.document_number})
    else:
        raise ValueError(f"unknown task kind {kind!r}")


def _await_verification(application_id: str, token: str, workflow: Workflow) -> None:
    decided: list[str] = []

    def wait(current: ApplicationModel) -> bool:
        decided.clear()
        if current.status in DECIDED:
            decided.append(DECIDED[current.status])
            return False
        if current.status not in (statuses.RECEIVED, statuses.AWAITING_VERIFICATION) or current.task_token == token:
            return False
        current.status, current.task_token = statuses.AWAITING_VERIFICATION, token
        return True

    before = store.get(application_id).status
    # A resumed execution brings a new token for a step already waiting: record it quietly.
    event = "task_token_renewed" if before == statuses.AWAITING_VERIFICATION else "verification_requested"
    store.update(application_id, store.Change(event, SYSTEM), wait)
    if decided:
        # Decided while this execution was being (re)started: answer with the recorded decision.
        answered = workflow.succeed(token, {"decision": decided[0]})
        logger.info("verify task answered from the recorded decision",
                    extra={"application_id": application_id, "answered": answered})


def _issue(application_id: str) -> ApplicationModel:
    on = permits.today()

    def issue(current: ApplicationModel) -> bool:
        if current.status != statuses.APPROVED:
            return False
        current.status = statuses.ISSUED
        current.document_number = permits.number_for(current, on)
        return True

    # The issued permit ("Izin Saya") is written in the same transaction as the application's change.
    app, _ = store.update(application_id, store.Change("issued", SYSTEM), issue,
                          extras=lambda app: permits.issued_from(app, app.document_number, on))
    return app


def resume(app: ApplicationModel, queue: Queue, workflow: Workflow) -> str | None:
    """Re-start the work of an application whose queue message or execution was lost (the local stack
    after a restart; production after a redrive). Safe to repeat: every step it triggers is idempotent."""
    if app.status == statuses.RECEIVED and not app.execution_arn:
        queue.send({"applicationId": app.application_id})
        return "revalidate"
    # Step Functions keeps execution names for 90 days: a resumed one is named after the state it
    # resumes, so resuming the same state twice is still one execution.
    name = f"{app.application_id}-r{app.version}"
    if app.status in (statuses.RECEIVED, statuses.AWAITING_VERIFICATION):
        workflow.start(name, {"applicationId": app.application_id})
        return "verify"
    if app.status == statuses.APPROVED:
        workflow.start(name, {"applicationId": app.application_id, "resumeAt": "issue"})
        return "issue"
    return None


def decide(principal: Principal, application_id: str, body: dict, workflow: Workflow) -> ApplicationModel:
    """A verifier approves or rejects. Exactly one decision takes effect, however many are sent."""
    principal.require_role(*VERIFY_ROLES)
    decision, reason = body.get("decision"), body.get("reason")
    if decision not in ("approve", "reject"):
        raise bad_request("invalid_decision", "Keputusan harus 'approve' (setujui) atau 'reject' (tolak).",
                          [FieldError("decision", "Pilih setujui atau tolak.")])
    if decision == "reject" and (not isinstance(reason, str) or len(reason.strip()) < 5):
        raise bad_request("reason_required", "Tuliskan alasan penolakan agar pemohon tahu apa yang harus dilakukan.",
                          [FieldError("reason", "Alasan penolakan wajib diisi (paling sedikit 5 karakter).")])
    if isinstance(reason, str) and len(reason) > 1000:
        raise bad_request("reason_too_long", "Alasan penolakan paling panjang 1000 karakter.",
                          [FieldError("reason", "Paling panjang 1000 karakter.")])
    app = store.get(application_id)
    principal.require_agency(app.agency)
    token = app.task_token

    def apply(current: ApplicationModel) -> bool:
        if current.status != statuses.AWAITING_VERIFICATION or current.task_token != token:
            return False
        current.task_token = None
        if decision == "approve":
            current.status = statuses.APPROVED
        else:
            current.status, current.reasons = statuses.REJECTED, [{"field": None, "message": reason.strip()}]
        return True

    event = "approved" if decision == "approve" else "rejected"
    app, changed = store.update(application_id, store.Change(event, principal), apply)
    if not changed:
        raise PisaoError(409, "already_decided",
                         f"Permohonan ini sudah {catalogue.localize(statuses.LABELS[app.status], 'id').lower()}; "
                         "keputusan Anda tidak diterapkan.")
    if not workflow.succeed(token, {"decision": decision}):
        # The execution no longer waits on this token (restarted): its next verify task reads the
        # decision recorded above and answers itself (see _await_verification).
        logger.info("decision recorded; the workflow token was no longer waiting",
                    extra={"application_id": application_id})
    return app
