"""Crediting a payment the bank confirmed: the one place where an invoice becomes paid.

The invoice, the application (now "paid") and its event are written in one transaction guarded by the
invoice's version, so of any number of concurrent or repeated confirmations exactly one credits; the others
read what happened and get the same answer (the same payment) or "already paid" (another payment). Then the
workflow's payment token is answered; if it is not waiting (an execution restarting), Plan finds the
application paid and goes on to issue."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from chalicelib.applications import lifecycle, statuses, store
from chalicelib.applications.lifecycle import Applied
from chalicelib.core import clock
from chalicelib.core.auth import Principal
from chalicelib.core.models import ApplicationModel, InvoiceModel
from chalicelib.core.ports import StateMachine
from chalicelib.payments import invoices, repository

logger = logging.getLogger("pisao")

CREDITED, REPEATED, ALREADY_PAID, EXPIRED, WRONG_AMOUNT, NOT_FOUND = (
    "credited", "repeated", "already_paid", "expired", "wrong_amount", "not_found")


@dataclass(frozen=True)
class Payment:
    channel: str  # "VA" | "QRIS"
    request_id: str  # the bank's id of this payment (paymentRequestId, QRIS originalReferenceNo)
    bank_reference: str  # the reference printed on the statement and the receipt
    amount: int  # whole rupiah
    bank_time: str  # when the bank says it happened, as it wrote it
    answer: dict  # our answer to the bank, repeated verbatim to a retry of the same payment


@dataclass(frozen=True)
class Outcome:
    result: str
    invoice: InvoiceModel | None = None

    @property
    def answer(self) -> dict | None:
        """For a credited or repeated payment, the answer given when it was credited."""
        return (self.invoice.payment or {}).get("answer") if self.invoice else None


def _settled(invoice: InvoiceModel, payment: Payment, workflow: StateMachine) -> Outcome:
    """A paid invoice: the same payment again (the bank did not hear us) or another one (refused)."""
    stored = invoice.payment or {}
    same = stored.get("requestId") == payment.request_id and stored.get("amount") == payment.amount \
        and stored.get("channel") == payment.channel
    if same:  # tell the workflow again too, in case it missed it the first time
        tell_workflow(store.get(invoice.application_id), workflow)
    return Outcome(REPEATED if same else ALREADY_PAID, invoice)


def credit(invoice_id: str, payment: Payment, bank: Principal, workflow: StateMachine,
           now: datetime | None = None) -> Outcome:
    now = now or clock.now()
    invoice = invoices.find(invoice_id)
    if invoice is None:
        return Outcome(NOT_FOUND)
    if invoice.status == invoices.PAID:
        return _settled(invoice, payment, workflow)
    if not invoices.is_due(invoice, now):
        return Outcome(EXPIRED, invoice)
    if payment.amount != int(invoice.total):
        return Outcome(WRONG_AMOUNT, invoice)
    to_paid = lifecycle.credit(invoice_id)

    def pay(current: ApplicationModel) -> Applied | None:
        """The application paid and, in the same transaction, its invoice (if nobody changed it first)."""
        latest = invoices.get(invoice_id)  # re-read on every attempt: a concurrent credit may have won
        if not invoices.is_due(latest, now) or to_paid(current) is None:
            return None
        expected = latest.version
        latest.status, latest.version, latest.paid_at = invoices.PAID, expected + 1, clock.iso(now)
        latest.paid_day = invoices.paid_day(now)
        latest.payment = {"channel": payment.channel, "requestId": payment.request_id,
                          "bankReference": payment.bank_reference, "amount": payment.amount,
                          "bankTime": payment.bank_time, "answer": payment.answer}
        return Applied(handed=latest, also=[repository.unchanged(latest, expected, invoices.UNPAID)])

    change = store.Change("paid", bank, {"invoiceId": invoice_id, "channel": payment.channel,
                                         "amount": payment.amount, "bankReference": payment.bank_reference})
    done = store.update(invoice.application_id, change, pay)
    if not done.changed:
        # Read again: the copy `pay` saw may predate the concurrent credit that made this write lose.
        latest = invoices.get(invoice_id)
        return _settled(latest, payment, workflow) if latest.status == invoices.PAID else Outcome(EXPIRED, latest)
    tell_workflow(done.app, workflow)
    return Outcome(CREDITED, done.handed)


def tell_workflow(app: ApplicationModel, workflow: StateMachine) -> bool:
    """Answer the payment step's token of a paid application. The payment stands whatever happens here: the
    bank is answered "paid" all the same, and a token not answered now is answered by the bank's retry or by
    the 5-minute sweeper (chalicelib/operations/sweeper.py)."""
    if app.status != statuses.PAID or not app.task_token:
        return False
    try:
        if workflow.succeed(app.task_token, {"paid": True}):
            return True
        logger.info("payment credited; the payment token was no longer waiting",
                    extra={"application_id": app.application_id})
    except Exception as exc:  # noqa: BLE001 - Step Functions unreachable: answered later
        logger.warning("payment credited; the workflow could not be told yet",
                       extra={"application_id": app.application_id, "error": type(exc).__name__})
    return False
