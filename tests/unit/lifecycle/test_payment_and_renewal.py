"""The payment stage (open_payment, credit, expire_invoice, new_payment_code, lapse_payment, then issue) and a
renewal from an issued permit to its successor, on the fakes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.applications import lifecycle, statuses, store
from chalicelib.backoffice import decisions, tasks, validation
from chalicelib.core import clock
from chalicelib.core.auth import Principal
from chalicelib.core.errors import PisaoError
from chalicelib.core.models import InvoiceModel, IssuedPermitModel
from chalicelib.payments import crediting, invoices, stage
from chalicelib.permits import renewal
from tests.unit.lifecycle.conftest import CITIZEN, staff
from tests.vectors.build import VALID

SKCK = "skck"  # a fixed fee; verify, then the official's approval (skipped by a direct renewal)
POLRES = "polres-jakarta-pusat"
VERIFIER, APPROVER = staff("agus", "verifier", POLRES), staff("kompol", "approver", POLRES)
BANK = Principal("bank-rkud", "Bank DKI", frozenset({"bank"}), None)


def billed(world):
    """An SKCK approved at both steps and billed: waiting for payment, its payment token recorded."""
    app = world.waiting(SKCK, VALID[SKCK])
    decisions.decide(VERIFIER, app.application_id, {"decision": "approve"}, world.flow)
    world.task(app.application_id, "human")
    decisions.decide(APPROVER, app.application_id, {"decision": "approve"}, world.flow)
    answer = tasks.plan(app.application_id)
    assert answer["next"] == "payment" and answer["timeoutSeconds"] == 24 * 3600  # until the invoice expires
    world.task(app.application_id, "payment")
    return store.get(app.application_id)


def payment(invoice: InvoiceModel, request_id: str = "req-1", amount: int | None = None) -> crediting.Payment:
    return crediting.Payment("VA", request_id, f"ref-{request_id}", int(invoice.total) if amount is None else amount,
                             "2026-11-02T10:00:00+07:00", {"responseCode": "2002500"})


def test_open_payment_bills_an_approved_application_once(world, at):
    app = billed(world)
    invoice = invoices.get(app.invoice_id)
    assert app.status == statuses.AWAITING_PAYMENT and invoice.status == invoices.UNPAID and int(invoice.total) > 0
    assert clock.parse(app.payment_lapses_at) == at.moment + timedelta(days=14)
    assert world.event(app.application_id, "invoice_issued") == {
        "invoiceId": invoice.invoice_id, "total": int(invoice.total), "expiresAt": invoice.expires_at}
    assert stage.bill(store.get(app.application_id), at.moment).invoice_id == app.invoice_id  # a redelivered Plan
    assert len(world.tables.all(InvoiceModel)) == 1


def test_credit_pays_once_then_the_permit_is_issued(world):
    app = billed(world)
    invoice = invoices.get(app.invoice_id)
    assert crediting.credit(invoice.invoice_id, payment(invoice, amount=1), BANK, world.flow).result == "wrong_amount"
    credited = crediting.credit(invoice.invoice_id, payment(invoice), BANK, world.flow)
    assert credited.result == "credited" and credited.invoice.status == invoices.PAID
    paid = store.get(app.application_id)
    assert paid.status == statuses.PAID and world.flow.answered[-1] == (paid.task_token, {"paid": True})
    assert crediting.credit(invoice.invoice_id, payment(invoice), BANK, world.flow).result == "repeated"
    assert crediting.credit(invoice.invoice_id, payment(invoice, "req-2"), BANK, world.flow).result == "already_paid"
    assert world.types(app.application_id).count("paid") == 1
    assert world.event(app.application_id, "paid") == {"invoiceId": invoice.invoice_id, "channel": "VA",
                                                       "amount": int(invoice.total), "bankReference": "ref-req-1"}
    assert tasks.plan(app.application_id)["next"] == "issue"
    issued = tasks.issue(app.application_id)
    assert issued.status == statuses.ISSUED and issued.task_token is None


def test_two_payments_racing_credit_one(world):
    app = billed(world)
    invoice = invoices.get(app.invoice_id)
    world.tables.before_next_write(lambda: crediting.credit(invoice.invoice_id, payment(invoice, "req-a"), BANK,
                                                            world.flow))
    late = crediting.credit(invoice.invoice_id, payment(invoice, "req-b"), BANK, world.flow)
    assert late.result == "already_paid" and late.invoice.payment["requestId"] == "req-a"
    assert world.types(app.application_id).count("paid") == 1


def test_expire_invoice_then_new_payment_code_then_lapse(world, at):
    app = billed(world)
    first = invoices.get(app.invoice_id)
    with pytest.raises(PisaoError) as early:
        stage.new_payment_code(CITIZEN, app.application_id, world.flow)
    assert early.value.code == "invoice_not_expired"
    at.moment = clock.parse(first.expires_at)
    expired = tasks.overdue(app.application_id, app.step_seq)
    assert expired.status == statuses.PAYMENT_EXPIRED and invoices.get(first.invoice_id).status == invoices.EXPIRED
    assert crediting.credit(first.invoice_id, payment(first), BANK, world.flow).result == "expired"
    token = world.task(app.application_id, "payment")
    renewed = stage.new_payment_code(CITIZEN, app.application_id, world.flow)
    assert renewed.status == statuses.AWAITING_PAYMENT and renewed.invoice_id != first.invoice_id
    assert world.event(app.application_id, "invoice_renewed") == {"invoiceId": renewed.invoice_id,
                                                                  "previous": first.invoice_id}
    assert world.flow.answered[-1] == (token, {"renewed": True})
    assert renewed.payment_lapses_at == app.payment_lapses_at  # the last day to pay does not move
    # The new code expires too; then the last day to pay passes: the application closes.
    at.moment = clock.parse(invoices.get(renewed.invoice_id).expires_at)
    tasks.overdue(app.application_id, renewed.step_seq)
    assert tasks.overdue(app.application_id, renewed.step_seq + 1).status == statuses.PAYMENT_EXPIRED  # not yet
    at.moment = clock.parse(app.payment_lapses_at)
    with pytest.raises(PisaoError) as lapsed:
        stage.new_payment_code(CITIZEN, app.application_id, world.flow)
    assert lapsed.value.code == "payment_lapsed"
    closed = tasks.overdue(app.application_id, renewed.step_seq + 1)
    assert closed.status == statuses.REJECTED and "Tagihan tidak dibayar" in closed.reasons[0]["message"]
    assert world.types(app.application_id)[-1] == "payment_lapsed"


def test_two_requests_for_a_new_payment_code_make_one(world, at):
    app = billed(world)
    at.moment = clock.parse(invoices.get(app.invoice_id).expires_at)
    tasks.overdue(app.application_id, app.step_seq)
    world.tables.before_next_write(lambda: stage.new_payment_code(CITIZEN, app.application_id, world.flow))
    with pytest.raises(PisaoError) as second:
        stage.new_payment_code(CITIZEN, app.application_id, world.flow)
    assert second.value.status == 409 and second.value.code == "already_renewed"
    assert world.types(app.application_id).count("invoice_renewed") == 1


def test_renewal_carries_every_answer_takes_the_short_path_and_replaces_the_permit(world, at):
    app = billed(world)
    invoice = invoices.get(app.invoice_id)
    crediting.credit(invoice.invoice_id, payment(invoice), BANK, world.flow)
    number = tasks.issue(app.application_id).document_number
    old = world.tables.find(IssuedPermitModel, number)
    with pytest.raises(PisaoError) as early:  # six months' validity; renewable in its last 30 days
        renewal.start_renewal(CITIZEN, number, {})
    assert early.value.status == 409
    at.advance(days=170)
    draft = renewal.start_renewal(CITIZEN, number, {})
    assert draft.renewal_of == number and draft.answers == store.get(app.application_id).answers
    assert renewal.start_renewal(CITIZEN, number, {}).application_id == draft.application_id  # one per permit

    def attach(current):  # the evidence is what a renewal renews
        current.uploads = store.get(app.application_id).uploads

    store.update(draft.application_id, store.Change("document_reused", CITIZEN), lifecycle.edit_draft(attach))
    world.submit(store.get(draft.application_id))
    assert world.event(draft.application_id, "submitted") == {"renewalOf": number, "direct": True}
    validation.process_submission(draft.application_id, world.files, world.flow, world.scanner)
    world.task(draft.application_id, "plan")
    world.task(draft.application_id, "human")
    done = decisions.decide(VERIFIER, draft.application_id, {"decision": "approve"}, world.flow)
    assert done.status == statuses.APPROVED  # the official's approval is skipped for a direct renewal
    tasks.plan(draft.application_id)
    second = invoices.get(store.get(draft.application_id).invoice_id)
    crediting.credit(second.invoice_id, payment(second, "req-renewal"), BANK, world.flow)
    new_number = tasks.issue(draft.application_id).document_number
    new, replaced = world.tables.find(IssuedPermitModel, new_number), world.tables.find(IssuedPermitModel, number)
    assert (replaced.state, replaced.renewed_by) == ("renewed", new_number) and new.previous == number
    assert new.valid_until > old.valid_until
