"""The payment stage of an application: billed when approved, an invoice that expires and a new payment code, and the
last day to pay."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from chalicelib.applications import statuses, store
from chalicelib.backoffice.steps import close_unanswered
from chalicelib.core import clock
from chalicelib.core.auth import SYSTEM, Principal
from chalicelib.core.config import settings
from chalicelib.core.errors import PisaoError
from chalicelib.core.models import ApplicationModel, InvoiceModel
from chalicelib.core.ports import Workflow
from chalicelib.payments import invoices

logger = logging.getLogger("pisao")


def bill(app: ApplicationModel, now: datetime) -> ApplicationModel:
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


def payment_overdue(app: ApplicationModel, now: datetime) -> ApplicationModel:
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
    return close_unanswered(app, "payment_lapsed", now, "Tagihan tidak dibayar sampai batas akhir pembayaran "
                             "sehingga permohonan ditutup. Anda dapat mengajukan permohonan baru.")


def new_payment_code(principal: Principal, application_id: str, workflow: Workflow) -> ApplicationModel:
    """A new payment code for an application whose invoice expired unpaid (until the last day to pay)."""
    app = store.get(application_id)
    if app.status != statuses.PAYMENT_EXPIRED:
        raise PisaoError(409, "invoice_not_expired", "Kode pembayaran baru hanya dapat diminta setelah kode yang lama "
                         "kedaluwarsa." if app.status == statuses.AWAITING_PAYMENT else
                         "Permohonan ini tidak sedang menunggu pembayaran.")
    answered: list[str | None]  # the task token to answer, once the write has won
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
                                # written only when reopen() saw an invoice
                                extras=lambda _: [(invoice, InvoiceModel.invoice_id.does_not_exist())])  # type: ignore[list-item]
    if not changed:
        raise PisaoError(409, "already_renewed", "Kode pembayaran baru sudah dibuat. Muat ulang halaman.")
    if answered[0] and not workflow.succeed(answered[0], {"renewed": True}):
        logger.info("new payment code recorded; the payment token was no longer waiting",
                    extra={"application_id": application_id})
    return app
