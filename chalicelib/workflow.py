"""The back-office path of an application: validation of a submission, the Step Functions approval
workflow and staff actions.

The state machine (infra/statemachine/application.asl.json) is a loop that follows the application: its
Plan step asks `plan()` what comes next, each human step (and a correction by the citizen) waits on a task
token, and a timer running out comes back through `overdue()`. The steps themselves are data
(chalicelib/catalogue/workflows.py). Staff actions change the application first, in one guarded write,
then answer the token: exactly one action takes effect per step, and a token that is no longer waiting
(a restarted execution) is answered by the next task message, which finds the step already done. Every
handler is idempotent: a redelivered message changes nothing the second time."""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta

from chalicelib import audit, catalogue, clock, documents, forms, permits, statuses, store
from chalicelib.auth import SYSTEM, Principal
from chalicelib.catalogue import workflows
from chalicelib.catalogue.workflows import Step
from chalicelib.config import settings
from chalicelib.errors import FieldError, PisaoError, bad_request, forbidden
from chalicelib.models import ApplicationModel, InvoiceModel
from chalicelib.payments import invoices
from chalicelib.ports import Accounts, Files, Queue, ScanFailed, Scanner, Workflow

logger = logging.getLogger("pisao")

STAFF_ROLES = ("verifier", "approver", "agency_admin")
OPEN = (statuses.RECEIVED, statuses.AWAITING_VERIFICATION, statuses.NEEDS_CORRECTION, statuses.APPROVED,
        statuses.AWAITING_PAYMENT, statuses.PAYMENT_EXPIRED, statuses.PAID)
DECIDED = (statuses.APPROVED, statuses.AWAITING_PAYMENT, statuses.PAYMENT_EXPIRED, statuses.PAID, statuses.ISSUED,
           statuses.REJECTED)
WAITING = {"human": (statuses.AWAITING_VERIFICATION,), "correction": (statuses.NEEDS_CORRECTION,),
           "payment": (statuses.AWAITING_PAYMENT, statuses.PAYMENT_EXPIRED)}
MAX_ASSESSED_FEE = 10 ** 12  # rupiah; anything larger is a typing error
ESCALATED_RECHECK_SECONDS = 86400  # an escalated step keeps its timer running, once a day


def check_submission(app: ApplicationModel, lang: str = "id", scanned: bool = True) -> list[FieldError]:
    """Everything wrong with a submitted application: answers against the form (the rules and messages the
    browser runs), and the evidence (which must have passed its checks: chalicelib/documents.py). Before
    the queue has scanned the uploads (`scanned=False`, at submit) an upload still unchecked is no error
    yet: it must be there, and not already refused."""
    permit = catalogue.get_permit(app.permit_id)
    kept, errors = forms.validate(permit, app.answers, lang)
    rules = forms.compile.rules(permit["form"])
    for question in forms.file_questions(permit["form"]):
        visible = forms.visible_answers(rules, {question["id"]: True, **kept})
        if question["id"] not in visible:
            continue  # a document the answers no longer ask for (e.g. a police report for a damaged card)
        upload = app.uploads.get(question["id"])
        if upload is None and not forms.is_required(rules, question["id"], kept):
            continue
        if not scanned and upload is not None and upload.get("status") not in ("missing", "rejected"):
            continue  # the queue scans it; a bad file sends the application back then
        problem = documents.problem(upload, catalogue.localize(question["label"], "id"))
        if problem:
            errors.append(FieldError(question["id"], problem))
    return errors


def process_submission(application_id: str, files: Files, workflow: Workflow, scanner: Scanner) -> ApplicationModel:
    app = store.get(application_id)
    if app.status != statuses.RECEIVED or app.execution_arn:
        return app  # already processed: a redelivery
    app = documents.check_all(app, files, scanner, SYSTEM)  # a scanner outage raises: the message is retried
    errors = check_submission(app)
    if errors:
        reasons = [e.to_dict() for e in errors]

        def send_back(current: ApplicationModel) -> bool:
            """Back to the person as a draft they can fix and submit again, with what to fix (no workflow
            has started yet, so nothing else is undone)."""
            if current.status != statuses.RECEIVED or current.execution_arn:
                return False
            current.status, current.reasons = statuses.DRAFT, reasons
            current.edited_at = clock.iso()  # the draft's 30 days start again: it was just returned
            return True

        return store.update(application_id, store.Change("validation_failed", SYSTEM, {"reasons": reasons}),
                            send_back)[0]
    # Start first, record after: a crash in between is healed by the redelivery (same execution name).
    execution_arn = workflow.start(application_id, {"applicationId": application_id})

    def record(current: ApplicationModel) -> bool:
        if current.execution_arn:
            return False
        current.execution_arn = execution_arn
        return True

    return store.update(application_id, store.Change("validated", SYSTEM), record)[0]


def _parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def _path(app: ApplicationModel) -> list[Step]:
    return workflows.path_for(catalogue.get_permit(app.permit_id), bool(app.direct_renewal))


def _step(app: ApplicationModel) -> Step | None:
    return next((s for s in _path(app) if s.id == app.step), None)


def current_step(app: ApplicationModel) -> Step | None:
    """The step the application waits at (or was sent back from), for views."""
    if app.status not in (statuses.AWAITING_VERIFICATION, statuses.NEEDS_CORRECTION) or not app.step:
        return None
    return workflows.step_of(catalogue.get_permit(app.permit_id), app.step)


def is_last_step(app: ApplicationModel, step: Step) -> bool:
    """Approving this step approves the application (and, for a computed fee, needs the assessed amount)."""
    path = _path(app)
    return bool(path) and path[-1].id == step.id


def _label(step: Step) -> dict:
    return {"step": step.id, "stepLabel": step.label}


def _enter(current: ApplicationModel, step: Step, now: datetime) -> None:
    """The application waits at `step` from now: its SLA marks start here (time with the citizen does
    not count against staff)."""
    warn, due = step.marks(now)
    current.status, current.step, current.step_seq = statuses.AWAITING_VERIFICATION, step.id, current.step_seq + 1
    current.step_started_at, current.step_warn_at, current.step_due_at = clock.iso(now), clock.iso(warn), clock.iso(due)
    current.step_stage, current.task_token, current.assignee = "on_time", None, None
    current.steps_log = [*current.steps_log, {"step": step.id, "seq": current.step_seq, "startedAt": clock.iso(now),
                                              "dueAt": clock.iso(due)}]


def _close(current: ApplicationModel, outcome: str, now: datetime) -> None:
    log = list(current.steps_log)
    if log and "endedAt" not in log[-1]:
        log[-1] = {**log[-1], "endedAt": clock.iso(now), "outcome": outcome,
                   "withinSla": clock.iso(now) <= log[-1]["dueAt"]}
    current.steps_log = log


def _seconds_until(moment: str, now: datetime) -> int:
    return max(1, math.ceil((_parse(moment) - now).total_seconds()))


def timer_seconds(app: ApplicationModel, now: datetime) -> int:
    """How long the waiting task may wait before Overdue looks at it: to the next SLA mark."""
    if app.status == statuses.NEEDS_CORRECTION:
        return _seconds_until(app.correction["dueAt"], now)
    if app.status == statuses.AWAITING_PAYMENT:
        return _seconds_until(invoices.get(app.invoice_id).expires_at, now)
    if app.status == statuses.PAYMENT_EXPIRED:
        return _seconds_until(app.payment_lapses_at, now)
    if app.step_stage == "on_time":
        return _seconds_until(app.step_warn_at, now)
    if app.step_stage == "warned":
        return _seconds_until(app.step_due_at, now)
    return ESCALATED_RECHECK_SECONDS


# --- the state machine's tasks ------------------------------------------------------------------------------
def handle_task(message: dict, workflow: Workflow) -> None:
    """A step of the state machine asks for work (waitForTaskToken)."""
    kind, application_id, token = message.get("kind"), message.get("applicationId"), message.get("taskToken")
    if not isinstance(application_id, str) or not isinstance(token, str):
        raise ValueError("task message without applicationId or taskToken")
    if kind == "plan":
        workflow.succeed(token, plan(application_id))
    elif kind in WAITING:
        if not _await(application_id, message.get("stepSeq"), token, kind):
            workflow.succeed(token, {})  # already acted on while this execution was (re)starting: go on
    elif kind == "overdue":
        overdue(application_id, message.get("stepSeq"))
        workflow.succeed(token, {})
    elif kind == "issue":
        app = _issue(application_id)
        workflow.succeed(token, {"documentNumber": app.document_number})
    else:
        raise ValueError(f"unknown task kind {kind!r}")


def plan(application_id: str) -> dict:
    """What the execution does next, read from the application; a validated one enters its first step."""
    now = clock.now()

    def start(current: ApplicationModel) -> bool:
        if current.status != statuses.RECEIVED or not current.execution_arn:
            return False
        path = _path(current)
        if not path:  # a workflow with no human step left (a direct renewal of a one-step path)
            current.status, current.decided_at = statuses.APPROVED, clock.iso(now)
            return True
        _enter(current, path[0], now)
        return True

    first = _path(store.get(application_id))
    change = store.Change("step_started", SYSTEM, _label(first[0]) if first else {"step": None})
    app, _ = store.update(application_id, change if first else store.Change("approved", SYSTEM), start)
    if app.status == statuses.APPROVED and not app.invoice_id:
        app = _bill(app, now)
    answer = {"next": "", "step": app.step or "", "stepSeq": app.step_seq, "timeoutSeconds": 1}
    waits = {status: kind for kind, waiting in WAITING.items() for status in waiting}
    if app.status in waits:
        return {**answer, "next": waits[app.status], "timeoutSeconds": timer_seconds(app, now)}
    following = {statuses.APPROVED: "issue", statuses.PAID: "issue", statuses.ISSUED: "issued",
                 statuses.REJECTED: "rejected"}
    if app.status in following:
        return {**answer, "next": following[app.status]}
    raise ValueError(f"application {application_id} is {app.status}: nothing to plan")


def _bill(app: ApplicationModel, now: datetime) -> ApplicationModel:
    """An approved application that owes a fee gets its invoice and waits for payment; a free one goes on to
    issue. The invoice is written with the application's change, so a redelivered Plan bills once."""
    invoice = invoices.draw_up(app, now)
    if invoice is None:
        return app
    lapses = now + timedelta(days=settings().payment_days)

    def open_payment(current: ApplicationModel) -> bool:
        if current.status != statuses.APPROVED or current.invoice_id:
            return False
        current.status, current.invoice_id, current.task_token = statuses.AWAITING_PAYMENT, invoice.invoice_id, None
        current.step_seq, current.payment_lapses_at = current.step_seq + 1, clock.iso(lapses)
        return True

    change = store.Change("invoice_issued", SYSTEM, {"invoiceId": invoice.invoice_id, "total": int(invoice.total),
                                                     "expiresAt": invoice.expires_at})
    return store.update(app.application_id, change, open_payment,
                        extras=lambda _: [(invoice, InvoiceModel.invoice_id.does_not_exist())])[0]


def _await(application_id: str, step_seq: object, token: str, kind: str) -> bool:
    """Record the token the waiting step answers to; False when the step is no longer waiting."""
    waiting = WAITING[kind]

    def wait(current: ApplicationModel) -> bool:
        if current.status not in waiting or current.step_seq != step_seq or current.task_token == token:
            return False
        current.task_token = token
        return True

    app, changed = store.update(application_id, store.Change("task_waiting", SYSTEM, {"kind": kind}), wait)
    return changed or (app.status in waiting and app.step_seq == step_seq)


def overdue(application_id: str, step_seq: object) -> ApplicationModel:
    """A timer ran out: raise the SLA warning, escalate to the supervisor, or close a correction that
    never came. Only what is due happens; a repeated message finds it done."""
    now = clock.now()
    app = store.get(application_id)
    if app.step_seq != step_seq:
        return app
    if app.status in WAITING["payment"]:
        return _payment_overdue(app, now)
    if app.status == statuses.NEEDS_CORRECTION:
        if clock.iso(now) < app.correction["dueAt"]:
            return app
        return _close_unanswered(app, "correction_expired", now, "Perbaikan tidak dikirim sampai batas waktu "
                                 "sehingga permohonan ditutup. Anda dapat mengajukan permohonan baru.")
    step = _step(app)
    if app.status != statuses.AWAITING_VERIFICATION or step is None:
        return app
    stage = "escalated" if clock.iso(now) >= app.step_due_at else "warned" if clock.iso(now) >= app.step_warn_at \
        else app.step_stage
    if stage == app.step_stage or app.step_stage == "escalated":
        return app

    def mark(current: ApplicationModel) -> bool:
        if current.status != statuses.AWAITING_VERIFICATION or current.step_seq != step_seq \
                or current.step_stage in (stage, "escalated"):
            return False
        current.step_stage = stage
        return True

    event = "sla_escalated" if stage == "escalated" else "sla_warning"
    return store.update(application_id, store.Change(event, SYSTEM, {**_label(step), "supervisor": step.supervisor}),
                        mark)[0]


def _payment_overdue(app: ApplicationModel, now: datetime) -> ApplicationModel:
    """The invoice's time ran out unpaid (the citizen may ask for a new code), or the last day to pay passed
    (the application closes). A payment the bank confirmed first wins: the invoice write is guarded."""
    seq = app.step_seq
    if app.status == statuses.AWAITING_PAYMENT:
        if invoices.is_due(invoices.get(app.invoice_id), now):
            return app

        def expire(current: ApplicationModel) -> bool:
            if current.status != statuses.AWAITING_PAYMENT or current.step_seq != seq:
                return False
            current.status, current.step_seq, current.task_token = statuses.PAYMENT_EXPIRED, seq + 1, None
            return True

        return store.update(app.application_id, store.Change("invoice_expired", SYSTEM, {"invoiceId": app.invoice_id}),
                            expire, extras=lambda current: [invoices.expired_copy(invoices.get(current.invoice_id))])[0]
    if clock.iso(now) < app.payment_lapses_at:
        return app
    return _close_unanswered(app, "payment_lapsed", now, "Tagihan tidak dibayar sampai batas akhir pembayaran "
                             "sehingga permohonan ditutup. Anda dapat mengajukan permohonan baru.")


def _close_unanswered(app: ApplicationModel, event: str, now: datetime, reason: str) -> ApplicationModel:
    """The citizen did not act by the deadline (a correction, a payment): the application closes, with why."""
    status, seq = app.status, app.step_seq

    def close(current: ApplicationModel) -> bool:
        if current.status != status or current.step_seq != seq:
            return False
        current.status, current.decided_at, current.task_token = statuses.REJECTED, clock.iso(now), None
        current.reasons = [{"field": None, "message": reason}]
        return True

    return store.update(app.application_id, store.Change(event, SYSTEM), close)[0]


def renew_invoice(principal: Principal, application_id: str, workflow: Workflow) -> ApplicationModel:
    """A new payment code for an application whose invoice expired unpaid (until the last day to pay)."""
    app = store.get(application_id)
    if app.status != statuses.PAYMENT_EXPIRED:
        raise PisaoError(409, "invoice_not_expired", "Kode pembayaran baru hanya dapat diminta setelah kode yang lama "
                         "kedaluwarsa." if app.status == statuses.AWAITING_PAYMENT else
                         "Permohonan ini tidak sedang menunggu pembayaran.")
    now, seq, answered = clock.now(), app.step_seq, []
    if clock.iso(now) >= app.payment_lapses_at:
        raise PisaoError(409, "payment_lapsed", "Batas akhir pembayaran sudah lewat; permohonan akan ditutup.")
    invoice = invoices.draw_up(app, now)

    def reopen(current: ApplicationModel) -> bool:
        if current.status != statuses.PAYMENT_EXPIRED or current.step_seq != seq or invoice is None:
            return False
        answered[:] = [current.task_token]
        current.status, current.invoice_id, current.task_token = statuses.AWAITING_PAYMENT, invoice.invoice_id, None
        current.step_seq = seq + 1
        return True

    change = store.Change("invoice_renewed", principal, {"invoiceId": invoice.invoice_id if invoice else None,
                                                         "previous": app.invoice_id})
    app, changed = store.update(application_id, change, reopen,
                                extras=lambda _: [(invoice, InvoiceModel.invoice_id.does_not_exist())])
    if not changed:
        raise PisaoError(409, "already_renewed", "Kode pembayaran baru sudah dibuat. Muat ulang halaman.")
    if answered[0] and not workflow.succeed(answered[0], {"renewed": True}):
        logger.info("new payment code recorded; the payment token was no longer waiting",
                    extra={"application_id": application_id})
    return app


def _issue(application_id: str) -> ApplicationModel:
    on = permits.today()

    def issue(current: ApplicationModel) -> bool:
        if current.status not in (statuses.APPROVED, statuses.PAID) \
                or (current.status == statuses.APPROVED and current.invoice_id):
            return False
        current.status, current.task_token = statuses.ISSUED, None
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
    if app.status not in OPEN:
        return None
    # Step Functions keeps execution names for 90 days: a resumed one is named after the version it
    # resumes, so resuming the same state twice is still one execution. Its Plan step reads where to go on.
    workflow.start(f"{app.application_id}-r{app.version}", {"applicationId": app.application_id})
    return app.status


# --- staff actions --------------------------------------------------------------------------------------------
def _reason(body: dict, label: str) -> str:
    reason = body.get("reason")
    if not isinstance(reason, str) or len(reason.strip()) < 5:
        raise bad_request("reason_required", f"Tuliskan {label} agar pemohon tahu apa yang harus dilakukan.",
                          [FieldError("reason", f"{label.capitalize()} wajib diisi (paling sedikit 5 karakter).")])
    if len(reason) > 1000:
        raise bad_request("reason_too_long", f"{label.capitalize()} paling panjang 1000 karakter.",
                          [FieldError("reason", "Paling panjang 1000 karakter.")])
    return reason.strip()


def _correction_fields(app: ApplicationModel, body: dict) -> list[str]:
    fields = body.get("fields")
    asked = {q["id"] for q in forms.answer_questions(catalogue.get_permit(app.permit_id)["form"])} | \
        {q["id"] for q in forms.file_questions(catalogue.get_permit(app.permit_id)["form"])}
    if not isinstance(fields, list) or not fields or any(f not in asked for f in fields):
        raise bad_request("fields_required", "Pilih jawaban atau dokumen yang harus diperbaiki pemohon.",
                          [FieldError("fields", "Pilih paling sedikit satu isian dari formulir ini.")])
    return sorted(set(fields))


def acting_step(principal: Principal, app: ApplicationModel, action: str, source_ip: str | None = None) -> Step:
    """The open step, if this staff member may act on it; a refusal is recorded in the audit."""
    try:
        return _open_step_for(principal, app)
    except PisaoError as exc:
        audit.record(principal, action, f"application#{app.application_id}", outcome="refused",
                     data={"code": exc.code}, source_ip=source_ip)
        raise


def _open_step_for(principal: Principal, app: ApplicationModel) -> Step:
    principal.require_agency(app.agency)
    step = _step(app)
    label = catalogue.localize(statuses.LABELS[app.status], "id")
    if app.status in DECIDED:
        raise PisaoError(409, "already_decided",
                         f"Permohonan ini sudah {label.lower()}; tindakan Anda tidak diterapkan.")
    if app.status != statuses.AWAITING_VERIFICATION or step is None:
        raise PisaoError(409, "not_waiting", "Permohonan ini tidak sedang menunggu tindakan petugas "
                         f"(status: {label}); tindakan Anda tidak diterapkan.")
    if not step.may_act(set(principal.roles), app.step_stage == "escalated"):
        raise forbidden(f"Tahap {catalogue.localize(step.label, 'id')} dikerjakan oleh peran {step.role}; "
                        "peran Anda tidak mengizinkan tindakan ini.")
    return step


def decide(principal: Principal, application_id: str, body: dict, workflow: Workflow,
           source_ip: str | None = None) -> ApplicationModel:
    """Approve, reject (with a reason for the citizen) or send back for correction (naming the fields).
    Exactly one action takes effect per step, however many are sent."""
    decision = body.get("decision")
    if decision not in ("approve", "reject", "send_back"):
        raise bad_request("invalid_decision", "Tindakan harus 'approve' (setujui), 'reject' (tolak), atau "
                          "'send_back' (kembalikan untuk perbaikan).",
                          [FieldError("decision", "Pilih setujui, tolak, atau kembalikan.")])
    app = store.get(application_id)
    step = acting_step(principal, app, f"decision_{decision}", source_ip)
    seq = body.get("stepSeq", app.step_seq)
    reason = _reason(body, "alasan penolakan" if decision == "reject" else "catatan perbaikan") \
        if decision != "approve" else None
    fields = _correction_fields(app, body) if decision == "send_back" else []
    path = _path(app)
    following = path[[s.id for s in path].index(step.id) + 1:]
    assessed = _assessed_fee(app, body) if decision == "approve" and not following else None
    now, answered = clock.now(), []

    def apply(current: ApplicationModel) -> bool:
        if current.status != statuses.AWAITING_VERIFICATION or current.step_seq != seq:
            return False
        answered[:] = [current.task_token]
        current.task_token = None
        if decision == "approve" and following:
            _close(current, "approved", now)
            _enter(current, following[0], now)
        elif decision == "approve":
            _close(current, "approved", now)
            current.status, current.decided_at, current.assessed_fee = statuses.APPROVED, clock.iso(now), assessed
        elif decision == "reject":
            _close(current, "rejected", now)
            current.status, current.decided_at = statuses.REJECTED, clock.iso(now)
            current.reasons = [{"field": None, "message": reason}]
        else:
            _close(current, "sent_back", now)
            due = now + timedelta(days=workflows.correction_days())
            current.status = statuses.NEEDS_CORRECTION
            current.correction = {"fields": fields, "note": reason, "step": step.id, "at": clock.iso(now),
                                  "dueAt": clock.iso(due)}
        return True

    data = {**_label(step), "role": _acting_role(principal, step)}
    if decision == "approve" and following:
        change = store.Change("step_passed", principal, {**data, "next": following[0].id,
                                                         "nextLabel": following[0].label})
    elif decision == "send_back":
        change = store.Change("sent_back", principal, {**data, "fields": fields, "note": reason})
    else:
        change = store.Change("approved" if decision == "approve" else "rejected", principal, data)
    app, changed = store.update(application_id, change, apply)
    audit.record(principal, f"decision_{decision}", f"application#{application_id}",
                 outcome="allowed" if changed else "refused", source_ip=source_ip,
                 data={"step": step.id} if changed else {"code": "already_decided"})
    if not changed:
        raise PisaoError(409, "already_decided", "Tahap ini sudah diputuskan oleh petugas lain; tindakan Anda "
                         "tidak diterapkan. Muat ulang untuk melihat keadaan terbaru.")
    if answered[0] and not workflow.succeed(answered[0], {"decision": decision}):
        # The execution no longer waits on this token (restarted, or its timer ran out): the next task
        # message finds the step done and goes on by itself (see _await).
        logger.info("decision recorded; the workflow token was no longer waiting",
                    extra={"application_id": application_id})
    return app


def _assessed_fee(app: ApplicationModel, body: dict) -> int | None:
    """The amount the approving officer assessed, for a fee the agency computes (a tax, a retribution)."""
    if catalogue.get_permit(app.permit_id)["fee"]["rule"] != "computed":
        return None
    amount = body.get("assessedFee")
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount < MAX_ASSESSED_FEE:
        raise bad_request("assessed_fee_required", "Tuliskan jumlah tagihan hasil penetapan sebelum menyetujui: "
                          "biaya layanan ini dihitung oleh instansi.",
                          [FieldError("assessedFee", "Isi jumlah dalam rupiah, angka bulat tanpa titik, "
                                                     "misalnya 350000.")])
    return amount


def _acting_role(principal: Principal, step: Step) -> str:
    for role in (step.role, "approver", step.supervisor):
        if role in principal.roles:
            return role
    return principal.role_label()


def assign(principal: Principal, application_id: str, body: dict, accounts: Accounts,
           source_ip: str | None = None) -> ApplicationModel:
    """Claim (`"me"`), release (`null`) or reassign (a username; approvers and agency admins only)."""
    app = store.get(application_id)
    step = acting_step(principal, app, "assign", source_ip)
    who = body.get("assignee")
    if who == "me":
        assignee = {"id": principal.person_id, "name": principal.name, "username": principal.username}
    elif who is None:
        assignee = None
    else:
        principal.require_role("approver", "agency_admin")
        user = accounts.get(who) if isinstance(who, str) and 0 < len(who) <= 128 else None
        attrs = (user or {}).get("attributes", {})
        roles = accounts.groups(who) if user else set()
        if not user or attrs.get("custom:agency") != app.agency or not step.may_act(roles, True):
            raise bad_request("invalid_assignee", "Petugas tujuan tidak ditemukan di instansi ini atau tidak "
                              "berperan pada tahap ini.", [FieldError("assignee", "Pilih petugas lain.")])
        assignee = {"id": attrs.get("custom:person_id", who), "name": attrs.get("name", who), "username": who}
    seq = app.step_seq

    def apply(current: ApplicationModel) -> bool:
        if current.status != statuses.AWAITING_VERIFICATION or current.step_seq != seq:
            return False
        if (current.assignee or {}).get("id") == (assignee or {}).get("id"):
            return False
        current.assignee = assignee
        return True

    event = "claimed" if who == "me" else "assigned"
    updated, changed = store.update(application_id, store.Change(event, principal, {**_label(step), "assignee": (
        assignee or {}).get("name")}), apply)
    if changed:
        audit.record(principal, event, f"application#{application_id}", source_ip=source_ip,
                     data={"assignee": (assignee or {}).get("username")})
    return updated


def resubmit(principal: Principal, application_id: str, files: Files, workflow: Workflow,
             scanner: Scanner, lang: str = "id") -> ApplicationModel:
    """The citizen sends the corrected application back into the same execution, at the step that
    returned it. Everything is checked again first; a problem is answered at once, nothing changes."""
    app = store.get(application_id)
    try:
        app = documents.check_all(app, files, scanner, principal)
    except ScanFailed as exc:
        raise PisaoError(503, "scan_unavailable", "Pemeriksaan keamanan berkas sedang tidak tersedia. Coba kirim "
                         "lagi beberapa menit lagi; perbaikan Anda sudah tersimpan.") from exc
    errors = check_submission(app, lang)
    if errors:
        raise PisaoError(422, "incomplete_application", "Masih ada yang perlu diperbaiki sebelum dikirim ulang.",
                         errors)
    step = workflows.step_of(catalogue.get_permit(app.permit_id), app.correction["step"])
    now, answered = clock.now(), []

    def apply(current: ApplicationModel) -> bool:
        if current.status != statuses.NEEDS_CORRECTION:
            return False
        answered[:] = [current.task_token]
        _enter(current, step, now)
        return True

    app, changed = store.update(application_id, store.Change("resubmitted", principal, _label(step)), apply)
    if changed and answered[0] and not workflow.succeed(answered[0], {"resubmitted": True}):
        logger.info("resubmission recorded; the correction token was no longer waiting",
                    extra={"application_id": application_id})
    return app
