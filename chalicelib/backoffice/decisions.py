"""Staff actions on a waiting step: approve, reject, send back for correction; claim and assign.

Staff actions change the application first, in one guarded write, then answer the token: exactly one action takes
effect per step, and a token that is no longer waiting (a restarted execution) is answered by the next task message,
which finds the step already done."""

from __future__ import annotations

import logging
from datetime import timedelta

from chalicelib import catalogue, forms
from chalicelib.applications import lifecycle, statuses, store
from chalicelib.backoffice.steps import DECIDED, path_of, step_label, step_of_application
from chalicelib.catalogue import workflows
from chalicelib.catalogue.workflows import Step
from chalicelib.core import audit, clock
from chalicelib.core.auth import Principal
from chalicelib.core.errors import FieldError, PisaoError, bad_request, forbidden
from chalicelib.core.i18n import localize
from chalicelib.core.models import ApplicationModel
from chalicelib.core.ports import Accounts, StateMachine

MAX_ASSESSED_FEE = 10 ** 12  # rupiah; anything larger is a typing error

logger = logging.getLogger("pisao")


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
    step = step_of_application(app)
    label = localize(statuses.LABELS[app.status], "id")
    if app.status in DECIDED:
        raise PisaoError(409, "already_decided",
                         f"Permohonan ini sudah {label.lower()}; tindakan Anda tidak diterapkan.")
    if app.status != statuses.AWAITING_VERIFICATION or step is None:
        raise PisaoError(409, "not_waiting", "Permohonan ini tidak sedang menunggu tindakan petugas "
                         f"(status: {label}); tindakan Anda tidak diterapkan.")
    if not step.may_act(set(principal.roles), app.step_stage == "escalated"):
        raise forbidden(f"Tahap {localize(step.label, 'id')} dikerjakan oleh peran {step.role}; "
                        "peran Anda tidak mengizinkan tindakan ini.")
    return step


def decide(principal: Principal, application_id: str, body: dict, workflow: StateMachine,
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
    path = path_of(app)
    following = path[[s.id for s in path].index(step.id) + 1:]
    assessed = _assessed_fee(app, body) if decision == "approve" and not following else None
    now = clock.now()
    data = {**step_label(step), "role": _acting_role(principal, step)}
    if decision == "approve" and following:
        change = store.Change("step_passed", principal, {**data, "next": following[0].id,
                                                         "nextLabel": following[0].label})
        move = lifecycle.pass_step(seq, following[0], now)
    elif decision == "approve":
        change, move = store.Change("approved", principal, data), lifecycle.approve(seq, now, assessed)
    elif decision == "reject":
        change, move = store.Change("rejected", principal, data), lifecycle.reject(seq, now, str(reason))
    else:
        change = store.Change("sent_back", principal, {**data, "fields": fields, "note": reason})
        move = lifecycle.send_back(seq, now, fields, str(reason), step.id,
                                   now + timedelta(days=workflows.correction_days()))
    done = store.update(application_id, change, move)
    app, changed, token = done.app, done.changed, done.handed
    audit.record(principal, f"decision_{decision}", f"application#{application_id}",
                 outcome="allowed" if changed else "refused", source_ip=source_ip,
                 data={"step": step.id} if changed else {"code": "already_decided"})
    if not changed:
        raise PisaoError(409, "already_decided", "Tahap ini sudah diputuskan oleh petugas lain; tindakan Anda "
                         "tidak diterapkan. Muat ulang untuk melihat keadaan terbaru.")
    if token and not workflow.succeed(token, {"decision": decision}):
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
    event = "claimed" if who == "me" else "assigned"
    done = store.update(application_id, store.Change(event, principal, {**step_label(step), "assignee": (
        assignee or {}).get("name")}), lifecycle.assign(app.step_seq, assignee))
    if done.changed:
        audit.record(principal, event, f"application#{application_id}", source_ip=source_ip,
                     data={"assignee": (assignee or {}).get("username")})
    return done.app
