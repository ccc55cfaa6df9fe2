"""Invoices as stored: issued when an approved application reaches payment, shown to the citizen with every
way to pay (VA number, QRIS), expired when their time runs out, and replaced by a new code on request.

The invoice is written in the same transaction as the application's change (`store.update(..., extras=)`),
so an application never waits for an invoice that does not exist, nor an invoice for an application that
has moved on."""

from __future__ import annotations

import logging
from datetime import datetime
from functools import lru_cache

from chalicelib import catalogue
from chalicelib.agencies import staff
from chalicelib.catalogue import rules
from chalicelib.core import clock
from chalicelib.core.config import settings
from chalicelib.core.errors import PisaoError, not_found
from chalicelib.core.i18n import localize
from chalicelib.core.models import ApplicationModel, InvoiceModel
from chalicelib.core.ports import Files
from chalicelib.payments import fees, qris, repository
from chalicelib.payments.formatting import parse_utc, wib_day

logger = logging.getLogger("pisao")
UNPAID, PAID, EXPIRED = "unpaid", "paid", "expired"


def next_seq() -> int:
    """A number never handed out before (atomic counter); a number lost to a failed write is simply skipped."""
    return repository.next_invoice_seq()


def draw_up(app: ApplicationModel, now: datetime) -> InvoiceModel | None:
    """The invoice this application owes (None when its fee is free or zero), not yet saved."""
    cfg = settings()
    permit = catalogue.get_permit(app.permit_id)
    if rules.free(permit):
        return None
    bill = fees.bill({"id": app.application_id, "permitId": app.permit_id, "answers": app.answers}, permit, now,
                        cfg.snap_partner_service_id, cfg.invoice_hours, invoice_seq=next_seq(),
                        assessed_rupiah=int(app.assessed_fee) if app.assessed_fee is not None else None)
    if bill is None:
        return None
    return InvoiceModel(
        invoice_id=bill.invoice_id, application_id=app.application_id, owner_id=app.owner_id, agency=app.agency,
        permit_id=app.permit_id, payer_name=app.applicant_name, customer_no=bill.customer_no,
        va_number=bill.va_number, total=bill.total, status=UNPAID, created_at=clock.iso(bill.created_at),
        expires_at=clock.iso(bill.expires_at), version=1,
        lines=[{"label": line.label, "kind": line.kind, "amount": line.amount, "revenueAccount": line.revenue_account}
               for line in bill.lines],
    )


def get(invoice_id: object) -> InvoiceModel:
    if not isinstance(invoice_id, str) or not invoice_id.startswith("INV-"):
        raise not_found("Tagihan tidak ditemukan.")
    inv = repository.find_invoice(invoice_id)
    if inv is None:
        raise not_found("Tagihan tidak ditemukan.")
    return inv


def find(invoice_id: str) -> InvoiceModel | None:
    try:
        return get(invoice_id)
    except PisaoError:
        return None


def is_due(inv: InvoiceModel, now: datetime) -> bool:
    """Unpaid and not yet expired: the only state in which a payment is credited."""
    return inv.status == UNPAID and now < parse_utc(inv.expires_at)


def for_application(app: ApplicationModel) -> InvoiceModel | None:
    return get(app.invoice_id) if app.invoice_id else None


def merchant() -> qris.Merchant | None:
    """The Pemda as a QRIS merchant; None (pay by VA only) until every value QRIS requires is configured.

    A half-done or wrong configuration is logged once per value set, never shown to the citizen as an error."""
    cfg = settings()
    if not cfg.qris_acquirer_guid:
        return None
    shop = qris.Merchant(acquirer_guid=cfg.qris_acquirer_guid, merchant_pan=cfg.qris_merchant_pan,
                         merchant_id=cfg.qris_merchant_id, criteria=cfg.qris_merchant_criteria, nmid=cfg.qris_nmid,
                         name=cfg.qris_merchant_name, city=cfg.qris_merchant_city, postal_code=cfg.qris_postal_code,
                         mcc=cfg.qris_mcc)
    return shop if _usable(shop) else None


@lru_cache(maxsize=4)
def _usable(shop: qris.Merchant) -> bool:
    try:
        qris.check_merchant(shop)
    except ValueError as exc:
        logger.error("QRIS not offered: the merchant configuration is incomplete or wrong (%s)", exc)
        return False
    return True


def qris_payload(inv: InvoiceModel) -> str | None:
    shop = merchant()
    return qris.build_dynamic(shop, int(inv.total), inv.invoice_id) if shop else None


def paid_day(moment: datetime) -> str:
    """The treasury's (Jakarta) day of a payment: what reconciliation and the income report group by."""
    return wib_day(moment).isoformat()


def view(inv: InvoiceModel, lang: str = "id", now: datetime | None = None) -> dict:
    """What the citizen (and staff) see of an invoice: amount, lines, how to pay, time left, the payment."""
    now = now or clock.now()
    due = is_due(inv, now)
    status = EXPIRED if inv.status == UNPAID and not due else inv.status
    labels = {UNPAID: {"id": "Belum dibayar", "en": "Unpaid"}, PAID: {"id": "Lunas", "en": "Paid"},
              EXPIRED: {"id": "Kedaluwarsa", "en": "Expired"}}
    payment = inv.payment or {}
    return {
        "id": inv.invoice_id,
        "applicationId": inv.application_id,
        "status": status,
        "statusLabel": localize(labels[status], lang),
        "total": int(inv.total),
        "currency": fees.CURRENCY,
        "lines": [{"label": localize(fees.line_label(line), lang), "kind": fees.line_kind(line),
                   "amount": line["amount"],
                   "revenueAccount": line["revenueAccount"],
                   "revenueAccountConfirmed": line["revenueAccount"] != rules.UNCONFIRMED_REVENUE_ACCOUNT}
                  for line in inv.lines],
        "virtualAccount": inv.va_number.replace(" ", "") if due else None,
        "qris": qris_payload(inv) if due else None,
        "createdAt": inv.created_at,
        "expiresAt": inv.expires_at,
        "secondsLeft": max(0, int((parse_utc(inv.expires_at) - now).total_seconds())) if due else 0,
        "paidAt": inv.paid_at,
        "payment": {"channel": payment.get("channel"), "bankReference": payment.get("bankReference"),
                    "amount": payment.get("amount")} if inv.status == PAID else None,
    }


RECEIPT_LINK_SECONDS = 300


def receipt_link(inv: InvoiceModel, files: Files) -> str:
    """A 5-minute link to the receipt PDF, made once per invoice and kept with the issued documents."""
    if inv.status != PAID:
        raise PisaoError(409, "not_paid", "Bukti pembayaran tersedia setelah tagihan lunas.")
    key = f"receipts/{inv.invoice_id}.pdf"
    if files.head(key) is None:
        from chalicelib.payments import receipts  # fpdf2 only when a receipt is made (cold start)

        permit = catalogue.get_permit(inv.permit_id)
        payment = inv.payment or {}
        files.put(key, receipts.receipt_pdf({
            "invoiceId": inv.invoice_id, "applicationId": inv.application_id, "permitName": permit["name"],
            "payerName": inv.payer_name or "", "lines": inv.lines, "total": int(inv.total),
            "vaNumber": inv.va_number, "channel": payment.get("channel"), "bankReference": payment.get("bankReference"),
            "paidAt": inv.paid_at, "agencyName": staff.agency(inv.agency)["name"],
            "verifyUrl": f"{settings().public_url}/#/permohonan/{inv.application_id}"}), "application/pdf")
    return files.view_url(key, RECEIPT_LINK_SECONDS)


def expired_copy(inv: InvoiceModel) -> tuple[InvoiceModel, object]:
    """The invoice marked expired, with the condition that it is still the unpaid version we read."""
    expected = inv.version
    inv.status, inv.version = EXPIRED, expected + 1
    return repository.unchanged(inv, expected, UNPAID)
