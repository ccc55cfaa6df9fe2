"""The payment stage of an application: billed when approved, an invoice that expires and a new payment code, and the
last day to pay."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from chalicelib.applications import lifecycle, statuses, store
from chalicelib.core import clock
from chalicelib.core.auth import SYSTEM, Principal
from chalicelib.core.config import settings
from chalicelib.core.errors import PisaoError
from chalicelib.core.models import ApplicationModel
from chalicelib.core.ports import StateMachine
from chalicelib.payments import invoices, repository

logger = logging.getLogger("pisao")


def bill(app: ApplicationModel, now: datetime) -> ApplicationModel:
    """An approved application that owes a fee gets its invoice and waits for payment; a free one goes on to
    issue. The invoice is written with the application's change, so a redelivered Plan bills once."""
    invoice = invoices.draw_up(app, now)
    if invoice is None:
        return app
    lapses = now + timedelta(days=settings().payment_days)
    change = store.Change("invoice_issued", SYSTEM, {"invoiceId": invoice.invoice_id, "total": int(invoice.total),
                                                     "expiresAt": invoice.expires_at})
    return store.update(app.application_id, change, lifecycle.open_payment(invoice.invoice_id, lapses),
                        extras=lambda _: [repository.new_item(invoice)]).app


def payment_overdue(app: ApplicationModel, now: datetime) -> ApplicationModel:
    """The invoice's time ran out unpaid (the citizen may ask for a new code), or the last day to pay passed
    (the application closes). A payment the bank confirmed first wins: the invoice write is guarded."""
    seq = app.step_seq
    if app.status == statuses.AWAITING_PAYMENT:
        if invoices.is_due(invoices.get(app.invoice_id), now):
            return app
        return store.update(app.application_id, store.Change("invoice_expired", SYSTEM, {"invoiceId": app.invoice_id}),
                            lifecycle.expire_invoice(seq),
                            extras=lambda current: [invoices.expired_copy(invoices.get(current.invoice_id))]).app
    if clock.iso(now) < app.payment_lapses_at:
        return app
    closing = lifecycle.lapse_payment(seq, now, "Tagihan tidak dibayar sampai batas akhir pembayaran sehingga "
                                      "permohonan ditutup. Anda dapat mengajukan permohonan baru.")
    return store.update(app.application_id, store.Change("payment_lapsed", SYSTEM), closing).app


def new_payment_code(principal: Principal, application_id: str, workflow: StateMachine) -> ApplicationModel:
    """A new payment code for an application whose invoice expired unpaid (until the last day to pay)."""
    app = store.get(application_id)
    if app.status != statuses.PAYMENT_EXPIRED:
        raise PisaoError(409, "invoice_not_expired", "Kode pembayaran baru hanya dapat diminta setelah kode yang lama "
                         "kedaluwarsa." if app.status == statuses.AWAITING_PAYMENT else
                         "Permohonan ini tidak sedang menunggu pembayaran.")
    now, seq = clock.now(), app.step_seq
    if clock.iso(now) >= app.payment_lapses_at:
        raise PisaoError(409, "payment_lapsed", "Batas akhir pembayaran sudah lewat; permohonan akan ditutup.")
    invoice = invoices.draw_up(app, now)
    change = store.Change("invoice_renewed", principal, {"invoiceId": invoice.invoice_id if invoice else None,
                                                         "previous": app.invoice_id})
    reopen = lifecycle.new_payment_code(seq, invoice.invoice_id if invoice else None)
    done = store.update(application_id, change, reopen,
                        extras=lambda _: [repository.new_item(invoice)] if invoice else [])
    if not done.changed:
        raise PisaoError(409, "already_renewed", "Kode pembayaran baru sudah dibuat. Muat ulang halaman.")
    if done.handed and not workflow.succeed(done.handed, {"renewed": True}):
        logger.info("new payment code recorded; the payment token was no longer waiting",
                    extra={"application_id": application_id})
    return done.app
