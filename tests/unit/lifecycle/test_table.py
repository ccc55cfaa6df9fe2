"""The table of allowed moves and what the store does with it: every transition leaves only from the statuses it
declares and enters only those it declares; a write that would move a status outside the table is refused before
anything is stored (a programming error, answered as a 500)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from chalicelib.applications import drafts, lifecycle, statuses, store
from chalicelib.applications.lifecycle import ALLOWED, TRANSITIONS, IllegalTransition
from chalicelib.catalogue import get_permit, workflows
from chalicelib.core.auth import SYSTEM
from chalicelib.core.models import ApplicationModel
from tests.unit.lifecycle.conftest import CITIZEN, START

LATER = START + timedelta(days=1)
VERIFY = workflows.step_of(get_permit("surat-keterangan-domisili"), "verify")
KEY = "quarantine/x/foto_ktp/1"

# Each transition with arguments it accepts, and what the application must hold besides its status for the guard
# to let it pass (so that only the status decides).
CASES = {
    "edit_draft": (lambda: lifecycle.edit_draft(lambda current: None), {}),
    "record_verdict": (lambda: lifecycle.record_verdict("foto_ktp", KEY, {"key": KEY, "status": "accepted"}), {}),
    "delete_draft": (lambda: lifecycle.delete_draft(), {}),
    "remind_draft": (lambda: lifecycle.remind_draft(LATER), {}),
    "expire_draft": (lambda: lifecycle.expire_draft(LATER), {}),
    "submit": (lambda: lifecycle.submit(lambda answers: answers, "office", lambda number: {}), {}),
    "return_to_draft": (lambda: lifecycle.return_to_draft([{"field": "x", "message": "y"}]), {"execution_arn": None}),
    "start_workflow": (lambda: lifecycle.start_workflow("arn:new"), {"execution_arn": None}),
    "enter_step": (lambda: lifecycle.enter_step(lambda current: [VERIFY], START), {}),
    "await_task": (lambda: lifecycle.await_task(tuple(lifecycle._WAITING), 1, "token-new"), {}),
    "pass_step": (lambda: lifecycle.pass_step(1, VERIFY, START), {}),
    "approve": (lambda: lifecycle.approve(1, START, None), {}),
    "reject": (lambda: lifecycle.reject(1, START, "Tidak memenuhi syarat."), {}),
    "send_back": (lambda: lifecycle.send_back(1, START, ["alamat"], "Lengkapi.", "verify", LATER), {}),
    "assign": (lambda: lifecycle.assign(1, {"id": "person-budi"}), {}),
    "warn": (lambda: lifecycle.warn(1), {}),
    "escalate": (lambda: lifecycle.escalate(1), {}),
    "resubmit": (lambda: lifecycle.resubmit(VERIFY, START), {}),
    "expire_correction": (lambda: lifecycle.expire_correction(1, START, "Ditutup."), {}),
    "open_payment": (lambda: lifecycle.open_payment("INV-2", LATER), {"invoice_id": None}),
    "expire_invoice": (lambda: lifecycle.expire_invoice(1), {}),
    "new_payment_code": (lambda: lifecycle.new_payment_code(1, "INV-2"), {}),
    "credit": (lambda: lifecycle.credit("INV-1"), {}),
    "lapse_payment": (lambda: lifecycle.lapse_payment(1, START, "Ditutup."), {}),
    "issue": (lambda: lifecycle.issue(lambda current: "SKD-2026-X"), {"invoice_id": None}),
}


def application(status: str, **fields) -> ApplicationModel:
    at = "2026-11-02T02:00:00.000Z"
    values = dict(application_id="PSO-20261102-TEST0001", owner_id=CITIZEN.person_id,
                  permit_id="surat-keterangan-domisili", form_version=1, agency="kelurahan-gambir", status=status,
                  agency_status=f"kelurahan-gambir#{status}", answers={}, version=3, created_by=CITIZEN.person_id,
                  created_at=at, updated_at=at, edited_at=at, step="verify", step_seq=1, step_stage="on_time",
                  steps_log=[{"step": "verify", "seq": 1, "startedAt": at, "dueAt": at}], execution_arn="arn:old",
                  task_token="token-old", invoice_id="INV-1", uploads={"foto_ktp": {"key": KEY}},
                  correction={"fields": ["alamat"], "note": "", "step": "verify", "at": at, "dueAt": at})
    values.update(fields)
    return ApplicationModel(**values)


def test_every_transition_is_exercised_here():
    assert set(CASES) == set(TRANSITIONS)


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_a_transition_leaves_only_from_its_statuses_and_enters_only_its_own(name):
    make, fields = CASES[name]
    declared = TRANSITIONS[name]
    for status in statuses.LABELS:
        app = application(status, **fields)
        applied = make()(app)
        if status not in declared.leaves:
            assert applied is None, f"{name} must refuse an application that is {status}"
            continue
        assert applied is not None, f"{name} must apply to an application that is {status}"
        assert app.status in (declared.enters or {status}), f"{name} from {status} wrote {app.status}"
        lifecycle.check_move(status, app.status)


def test_the_table_lists_every_status_and_the_final_ones_lead_nowhere():
    assert set(ALLOWED) == set(statuses.LABELS)
    final = {status for status, targets in ALLOWED.items() if not targets}
    assert final == {statuses.ISSUED, statuses.REJECTED, statuses.DELETED, statuses.EXPIRED}
    assert ALLOWED[statuses.AWAITING_VERIFICATION] == {statuses.APPROVED, statuses.REJECTED,
                                                       statuses.NEEDS_CORRECTION}
    assert ALLOWED[statuses.PAYMENT_EXPIRED] == {statuses.AWAITING_PAYMENT, statuses.REJECTED}


def test_the_store_refuses_a_move_the_table_does_not_allow_and_writes_nothing(world):
    app = drafts.start_draft(CITIZEN, "surat-keterangan-domisili")

    def skip_ahead(current):  # a bug: a draft issued without passing through anything
        current.status = statuses.ISSUED
        return lifecycle.Applied()

    with pytest.raises(IllegalTransition) as illegal:
        store.update(app.application_id, store.Change("issued", SYSTEM), skip_ahead)
    assert "from 'draft' to 'issued'" in str(illegal.value)
    assert store.get(app.application_id).status == statuses.DRAFT and world.types(app.application_id) == ["created"]
    with pytest.raises(IllegalTransition):
        store.create(application(statuses.RECEIVED, application_id="PSO-20261102-TEST0002"),
                     store.Change("created", CITIZEN))
    assert world.tables.find(ApplicationModel, "PSO-20261102-TEST0002") is None


def test_an_illegal_move_is_a_server_error_not_a_user_error():
    from chalicelib.core.errors import PisaoError

    assert issubclass(IllegalTransition, RuntimeError) and not issubclass(IllegalTransition, PisaoError)


def test_the_table_renders_as_markdown_with_every_transition():
    table = lifecycle.markdown()
    assert table.startswith("| From | To | Transitions |")
    assert "| `awaiting_verification` | `needs_correction` | `send_back` |" in table
    assert "| `payment_expired` | `awaiting_payment` | `new_payment_code` |" in table
    assert all(f"| `{name}` |" in table for name in TRANSITIONS)


def test_the_architecture_document_prints_the_table_the_code_has():
    document = (Path(__file__).resolve().parents[3] / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert lifecycle.markdown().strip() in document, "paste `python -m chalicelib.applications.lifecycle` into it"
