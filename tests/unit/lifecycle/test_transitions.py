"""Each named transition of the application's life cycle (chalicelib/applications/lifecycle.py), driven through the
use cases that make it, and each refused: on the fakes, in milliseconds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.applications import drafts, expiry, lifecycle, statuses, store, uploads
from chalicelib.backoffice import decisions, tasks, validation
from chalicelib.catalogue import get_permit, workflows
from chalicelib.core import clock
from chalicelib.core.auth import SYSTEM
from chalicelib.core.errors import PisaoError
from chalicelib.core.models import AuditModel
from tests.unit.lifecycle.conftest import CITIZEN, staff
from tests.vectors.build import VALID

DOMISILI = "surat-keterangan-domisili"  # free, one verification step (supervisor: the approver)
STNK = "pengesahan-stnk-tahunan"  # a computed fee (Samsat assesses the tax), verify then approve
GAMBIR, SAMSAT = "kelurahan-gambir", "samsat-jakarta-pusat"
STNK_ANSWERS = {**{k: v for k, v in VALID[STNK].items() if k != "nik_pemilik"}, "nik": "3171014101900001",
                "nama_lengkap": "Siti Aminah", "pemilik_sendiri": "ya"}

VERIFIER = staff("budi", "verifier", GAMBIR)
LURAH = staff("lurah", "approver", GAMBIR)
SAMSAT_VERIFIER, SAMSAT_VERIFIER2 = staff("yusuf", "verifier", SAMSAT), staff("rina", "verifier", SAMSAT)
SAMSAT_APPROVER = staff("hendra", "approver", SAMSAT)


def decide(app_id: str, who, body: dict, world) -> object:
    return decisions.decide(who, app_id, body, world.flow)


# --- the draft ---------------------------------------------------------------------------------------------------

def test_edit_draft_saves_answers_with_the_version_guard(world):
    app = drafts.start_draft(CITIZEN, DOMISILI)
    saved, problems = drafts.save_answers(CITIZEN, app.application_id, {"nama_lengkap": "Siti Aminah"}, app.version)
    assert saved.answers == {"nama_lengkap": "Siti Aminah"} and saved.edited_version == saved.version == 2
    assert world.types(app.application_id) == ["created", "answers_saved"]
    with pytest.raises(PisaoError) as stale:  # another tab saved meanwhile
        drafts.save_answers(CITIZEN, app.application_id, {"alamat": "Jl. Lain"}, app.version)
    assert stale.value.status == 409 and stale.value.code == "version_conflict"


def test_edit_draft_records_an_upload_and_refuses_once_submitted(world):
    app = world.draft(DOMISILI, VALID[DOMISILI])
    post = uploads.request_upload(CITIZEN, app.application_id, {"field": "foto_ktp", "filename": "ktp saya.png",
                                                                "contentType": "image/png", "size": 68},
                                  world.files, 300)
    stored = store.get(app.application_id).uploads["foto_ktp"]
    assert stored == {"key": post["key"], "filename": "ktp_saya.png", "contentType": "image/png", "size": 68}
    world.submit(app)
    refused = store.update(app.application_id, store.Change("answers_saved", CITIZEN),
                           lifecycle.edit_draft(lambda current: None))
    assert not refused.changed and refused.previous == statuses.RECEIVED
    assert world.types(app.application_id)[-1] == "submitted"  # nothing written


def test_record_verdict_keeps_a_check_unless_a_newer_upload_replaced_it(world):
    app = world.draft(DOMISILI, VALID[DOMISILI])
    key = app.uploads["foto_ktp"]["key"]
    verdict = {**app.uploads["foto_ktp"], "status": "rejected", "problem": {"id": "Berkas rusak."}}
    kept = store.update(app.application_id, store.Change("evidence_checked", SYSTEM),
                        lifecycle.record_verdict("foto_ktp", key, verdict))
    assert kept.changed and kept.app.uploads["foto_ktp"]["status"] == "rejected"
    stale = store.update(app.application_id, store.Change("evidence_checked", SYSTEM),
                         lifecycle.record_verdict("foto_ktp", "quarantine/an-older-upload", {"status": "accepted"}))
    assert not stale.changed and store.get(app.application_id).uploads["foto_ktp"]["status"] == "rejected"


def test_delete_draft_then_nothing_more(world):
    app = drafts.start_draft(CITIZEN, DOMISILI)
    assert drafts.delete_draft(CITIZEN, app.application_id).status == statuses.DELETED
    again = store.update(app.application_id, store.Change("draft_deleted", CITIZEN), lifecycle.delete_draft())
    assert not again.changed and world.types(app.application_id) == ["created", "draft_deleted"]
    with pytest.raises(PisaoError) as gone:
        world.submit(app)
    assert gone.value.status == 409 and "dihapus" in gone.value.message


def test_draft_reminded_before_it_expires_then_expired_once(world, at):
    kept, left = drafts.start_draft(CITIZEN, DOMISILI), drafts.start_draft(CITIZEN, DOMISILI)
    at.advance(days=24)  # 6 days to go: both are reminded, once
    assert expiry.sweep(30, 7) == {"drafts_reminded": 2, "drafts_expired": 0}
    assert expiry.sweep(30, 7) == {"drafts_reminded": 0, "drafts_expired": 0}
    assert world.event(left.application_id, "draft_expiring") == {
        "expiresAt": store.get(left.application_id).created_at.replace("11-02", "12-02")}
    drafts.save_answers(CITIZEN, kept.application_id, {"nama_lengkap": "Siti"}, store.get(kept.application_id).version)
    at.advance(days=7)  # 31 days after the start: the untouched one expires; the one saved a week ago is kept
    assert expiry.sweep(30, 7) == {"drafts_reminded": 0, "drafts_expired": 1}
    assert store.get(left.application_id).status == statuses.EXPIRED
    assert store.get(kept.application_id).status == statuses.DRAFT
    assert expiry.sweep(30, 7)["drafts_expired"] == 0
    refused = store.update(kept.application_id, store.Change("draft_expired", SYSTEM),
                           lifecycle.expire_draft(at.moment - timedelta(days=30)))
    assert not refused.changed  # saved within the 30 days: the guard keeps it


# --- submission, the queue's checks, the workflow's start ----------------------------------------------------------

def test_submit_queues_the_application_even_when_the_queue_is_down(world):
    app = world.draft(DOMISILI, VALID[DOMISILI])
    sent = world.submit(app)
    assert sent.status == statuses.RECEIVED and world.queue.messages == [{"applicationId": app.application_id}]
    assert world.event(app.application_id, "submitted") == {}
    other = world.draft(DOMISILI, VALID[DOMISILI])
    world.queue.down = True
    assert world.submit(other).status == statuses.RECEIVED  # saved: the sweeper queues it later
    assert len(world.queue.messages) == 1
    twice = store.update(app.application_id, store.Change("submitted", CITIZEN), lifecycle.submit(
        lambda a: a, None, lambda n: {}))
    assert not twice.changed


def test_return_to_draft_when_the_queue_finds_a_problem(world):
    app = world.draft(DOMISILI, VALID[DOMISILI])
    world.submit(app)
    store.update(app.application_id, store.Change("evidence_checked", SYSTEM), lifecycle.record_verdict(
        "foto_ktp", app.uploads["foto_ktp"]["key"], {**app.uploads["foto_ktp"], "status": "rejected",
                                                     "problem": {"id": "Berkas tidak dapat dibaca."}}))
    back = validation.process_submission(app.application_id, world.files, world.flow, world.scanner)
    assert back.status == statuses.DRAFT and back.reasons[0]["field"] == "foto_ktp"
    assert world.flow.executions == {}  # no workflow started
    assert world.event(app.application_id, "validation_failed")["reasons"] == back.reasons
    assert not store.update(app.application_id, store.Change("validation_failed", SYSTEM),
                            lifecycle.return_to_draft([])).changed


def test_start_workflow_records_the_execution_once(world):
    app = world.submit(world.draft(DOMISILI, VALID[DOMISILI]))
    first = validation.process_submission(app.application_id, world.files, world.flow, world.scanner)
    assert first.execution_arn.endswith(f":{app.application_id}")
    again = validation.process_submission(app.application_id, world.files, world.flow, world.scanner)  # redelivery
    assert again.version == first.version and list(world.flow.executions) == [app.application_id]
    assert world.types(app.application_id).count("validated") == 1


def test_a_racing_delivery_that_returned_the_draft_wins_over_the_start(world):
    """Two deliveries of one submission: one returns it to draft while the other starts the execution. The draft
    keeps no execution (it would be taken for a redelivery when submitted again, and stay "received")."""
    app = world.submit(world.draft(DOMISILI, VALID[DOMISILI]))
    world.tables.before_next_write(lambda: store.update(
        app.application_id, store.Change("validation_failed", SYSTEM), lifecycle.return_to_draft([])))
    after = validation.process_submission(app.application_id, world.files, world.flow, world.scanner)
    assert after.status == statuses.DRAFT and after.execution_arn is None
    assert "validated" not in world.types(app.application_id)


def test_enter_step_then_the_task_token_is_recorded_once(world):
    app = world.submit(world.draft(DOMISILI, VALID[DOMISILI]))
    validation.process_submission(app.application_id, world.files, world.flow, world.scanner)
    answer = tasks.plan(app.application_id)
    assert (answer["next"], answer["step"], answer["stepSeq"]) == ("human", "verify", 1)
    assert answer["timeoutSeconds"] > 3600  # until the SLA's warning mark
    assert tasks.plan(app.application_id)["stepSeq"] == 1  # a redelivered Plan enters nothing twice
    token = world.task(app.application_id, "human")
    assert store.get(app.application_id).task_token == token
    assert world.types(app.application_id)[-3:] == ["validated", "step_started", "task_waiting"]
    assert not tasks._await(app.application_id, 0, "token-old", "human")  # an earlier step's task: not waiting


# --- staff decisions ---------------------------------------------------------------------------------------------

def test_pass_step_then_approve_with_the_assessed_fee_required_on_the_last_step(world):
    app = world.waiting(STNK, STNK_ANSWERS)
    token = app.task_token
    passed = decide(app.application_id, SAMSAT_VERIFIER, {"decision": "approve"}, world)
    assert (passed.status, passed.step, passed.task_token) == (statuses.AWAITING_VERIFICATION, "approve", None)
    assert world.flow.answered[-1] == (token, {"decision": "approve"})
    assert world.event(app.application_id, "step_passed")["next"] == "approve"
    world.task(app.application_id, "human")
    with pytest.raises(PisaoError) as unassessed:  # the tax is computed by Samsat: the amount is required
        decide(app.application_id, SAMSAT_APPROVER, {"decision": "approve"}, world)
    assert unassessed.value.code == "assessed_fee_required" and unassessed.value.fields[0].field == "assessedFee"
    for wrong in (0, -5, True, "350000", 10 ** 12):
        with pytest.raises(PisaoError):
            decide(app.application_id, SAMSAT_APPROVER, {"decision": "approve", "assessedFee": wrong}, world)
    assert store.get(app.application_id).status == statuses.AWAITING_VERIFICATION  # nothing changed
    approved = decide(app.application_id, SAMSAT_APPROVER, {"decision": "approve", "assessedFee": 1_250_000}, world)
    assert (approved.status, approved.assessed_fee) == (statuses.APPROVED, 1_250_000)
    assert [s["outcome"] for s in approved.steps_log] == ["approved", "approved"]


def test_two_racing_decisions_one_wins_the_other_is_told_409(world):
    app = world.waiting(STNK, STNK_ANSWERS)
    # The rejection is read, checked and about to be written when the approval lands first.
    world.tables.before_next_write(lambda: decide(app.application_id, SAMSAT_VERIFIER, {"decision": "approve"},
                                                  world))
    with pytest.raises(PisaoError) as lost:
        decide(app.application_id, SAMSAT_VERIFIER2, {"decision": "reject", "reason": "Data kendaraan tidak cocok."},
               world)
    assert lost.value.status == 409 and lost.value.code == "already_decided"
    types = world.types(app.application_id)
    assert types.count("step_passed") == 1 and "rejected" not in types
    assert store.get(app.application_id).step == "approve"
    assert [output for _, output in world.flow.answered if "decision" in output] == [{"decision": "approve"}]
    refused = [a for a in world.tables.all(AuditModel) if a.outcome == "refused"]
    assert [(a.action, a.data) for a in refused] == [("decision_reject", {"code": "already_decided"})]


def test_reject_with_the_reason_the_citizen_reads(world):
    app = world.waiting(DOMISILI, VALID[DOMISILI])
    with pytest.raises(PisaoError) as bare:
        decide(app.application_id, VERIFIER, {"decision": "reject", "reason": "no"}, world)
    assert bare.value.code == "reason_required"
    done = decide(app.application_id, VERIFIER, {"decision": "reject", "reason": "Alamat tidak ditemukan."}, world)
    assert done.status == statuses.REJECTED and done.reasons == [{"field": None, "message": "Alamat tidak ditemukan."}]
    with pytest.raises(PisaoError) as decided:
        decide(app.application_id, VERIFIER, {"decision": "approve"}, world)
    assert decided.value.code == "already_decided"


def test_send_back_names_the_fields_then_resubmit_returns_to_the_same_step(world, at):
    app = world.waiting(STNK, STNK_ANSWERS)
    for fields in (None, [], ["tidak_ada"]):
        with pytest.raises(PisaoError) as bad:
            decide(app.application_id, SAMSAT_VERIFIER, {"decision": "send_back", "fields": fields,
                                                          "reason": "Perbaiki nomor polisi."}, world)
        assert bad.value.code == "fields_required"
    back = decide(app.application_id, SAMSAT_VERIFIER, {"decision": "send_back", "reason": "Nomor polisi salah.",
                                                        "fields": ["nomor_polisi", "foto_stnk", "nomor_polisi"]},
                  world)
    assert back.status == statuses.NEEDS_CORRECTION
    assert {k: back.correction[k] for k in ("fields", "note", "step")} == {
        "fields": ["foto_stnk", "nomor_polisi"], "note": "Nomor polisi salah.", "step": "verify"}
    assert world.event(app.application_id, "sent_back") == {
        "step": "verify", "stepLabel": workflows.step_of(get_permit(STNK), "verify").label, "role": "verifier",
        "fields": ["foto_stnk", "nomor_polisi"], "note": "Nomor polisi salah."}
    token = world.task(app.application_id, "correction")
    with pytest.raises(PisaoError) as outside:  # only the named fields may change
        drafts.save_answers(CITIZEN, app.application_id, {"nama_lengkap": "Orang Lain"}, back.version + 1)
    assert outside.value.code == "not_in_correction"
    drafts.save_answers(CITIZEN, app.application_id, {"nomor_polisi": "B 4321 ZYX"}, back.version + 1)
    at.advance(hours=2)
    again = world.submit(store.get(app.application_id))
    assert (again.status, again.step, again.step_seq) == (statuses.AWAITING_VERIFICATION, "verify", 2)
    assert world.flow.answered[-1] == (token, {"resubmitted": True})
    assert not store.update(app.application_id, store.Change("resubmitted", CITIZEN), lifecycle.resubmit(
        decisions.step_of_application(again), at.moment)).changed


def test_assign_claims_then_releases_and_writes_nothing_when_unchanged(world):
    app = world.waiting(DOMISILI, VALID[DOMISILI])
    claimed = decisions.assign(VERIFIER, app.application_id, {"assignee": "me"}, None)
    assert claimed.assignee == {"id": VERIFIER.person_id, "name": "budi", "username": "budi"}
    assert decisions.assign(VERIFIER, app.application_id, {"assignee": "me"}, None).version == claimed.version
    assert decisions.assign(VERIFIER, app.application_id, {"assignee": None}, None).assignee is None
    assert world.types(app.application_id)[-2:] == ["claimed", "assigned"]


def test_sla_warns_then_escalates_to_the_supervisor_once_each(world, at):
    app = world.waiting(DOMISILI, VALID[DOMISILI])
    assert tasks.overdue(app.application_id, app.step_seq).step_stage == "on_time"  # nothing due yet
    at.moment = clock.parse(app.step_warn_at)
    assert tasks.overdue(app.application_id, app.step_seq).step_stage == "warned"
    assert tasks.overdue(app.application_id, app.step_seq).version == store.get(app.application_id).version
    at.moment = clock.parse(app.step_due_at)
    escalated = tasks.overdue(app.application_id, app.step_seq)
    assert escalated.step_stage == "escalated" and tasks.timer_seconds(escalated, at.moment) == 86400
    tasks.overdue(app.application_id, app.step_seq)
    types = world.types(app.application_id)
    assert types.count("sla_warning") == 1 and types.count("sla_escalated") == 1
    assert world.event(app.application_id, "sla_escalated")["supervisor"] == "approver"
    assert not store.update(app.application_id, store.Change("sla_warning", SYSTEM),
                            lifecycle.warn(app.step_seq)).changed  # never back from escalated to warned
    assert decide(app.application_id, LURAH, {"decision": "approve"}, world).status == statuses.APPROVED


def test_expire_correction_closes_an_application_whose_correction_never_came(world, at):
    app = world.waiting(DOMISILI, VALID[DOMISILI])
    back = decide(app.application_id, VERIFIER, {"decision": "send_back", "fields": ["alamat"],
                                                 "reason": "Alamat kurang lengkap."}, world)
    world.task(app.application_id, "correction")
    assert tasks.overdue(app.application_id, back.step_seq).status == statuses.NEEDS_CORRECTION  # not yet due
    at.moment = clock.parse(back.correction["dueAt"])
    closed = tasks.overdue(app.application_id, back.step_seq)
    assert closed.status == statuses.REJECTED and "Perbaikan tidak dikirim" in closed.reasons[0]["message"]
    assert closed.task_token is None and world.types(app.application_id)[-1] == "correction_expired"


def test_issue_a_free_application_writes_the_permit_once(world):
    from chalicelib.core.models import IssuedPermitModel

    app = world.waiting(DOMISILI, VALID[DOMISILI])
    decide(app.application_id, VERIFIER, {"decision": "approve"}, world)
    assert tasks.plan(app.application_id)["next"] == "issue"  # free: no invoice
    done = tasks.issue(app.application_id)
    assert done.status == statuses.ISSUED and done.document_number == f"SKD-2026-{app.application_id[-8:]}"
    permit = world.tables.find(IssuedPermitModel, done.document_number)
    assert (permit.state, permit.valid_until, permit.holder_id) == ("active", "2027-05-01", CITIZEN.person_id)
    assert tasks.issue(app.application_id).version == done.version  # a redelivered Issue changes nothing
    assert tasks.plan(app.application_id)["next"] == "issued"
