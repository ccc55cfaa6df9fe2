"""The treasurer's side (R17): reconciliation of each day's payments against the RKUD bank's statement, the
income report per revenue account and day, and refunds of money no invoice can keep.

The bank delivers one statement file per Jakarta day (host-to-host into `treasury/statements/<day>.csv` of the
documents bucket, or uploaded by the treasurer). Reconciling it stores the result beside it and records a
refund for every credit no paid invoice explains; the hourly housekeeping reconciles yesterday's file by itself
once it has arrived. The Kas Daerah is one account for the whole region, so the treasurer sees every agency's
payments; agency staff see an invoice only on their own applications."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from chalicelib.core import audit, clock
from chalicelib.core.auth import Principal
from chalicelib.core.errors import FieldError, PisaoError, bad_request, not_found
from chalicelib.core.models import RefundModel
from chalicelib.core.ports import Files
from chalicelib.payments import reconcile, report, repository, statement
from chalicelib.payments.formatting import wib_day

MAX_STATEMENT_BYTES = 5 * 1024 * 1024
LINK_SECONDS = 300
REFUND_STATES = ("pending", "refunded", "credited")
REFUND_LABELS = {"pending": {"id": "Menunggu keputusan", "en": "Awaiting a decision"},
                 "refunded": {"id": "Dikembalikan kepada pembayar", "en": "Returned to the payer"},
                 "credited": {"id": "Diakui sebagai pembayaran", "en": "Accepted as a payment"}}


def parse_day(value: object, field: str = "date") -> date:
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as exc:
        raise bad_request("invalid_date", "Tanggal harus ditulis TTTT-BB-HH, misalnya 2026-12-02.",
                          [FieldError(field, "Tulis tanggal sebagai TTTT-BB-HH, misalnya 2026-12-02.")]) from exc


def paid_on(day: date) -> list[dict]:
    """Our paid invoices of one Jakarta day, as reconciliation and the report read them."""
    return [{"invoiceId": inv.invoice_id, "vaNumber": inv.va_number, "amount": int(inv.total),
             "bankReference": (inv.payment or {}).get("bankReference"), "paidAt": inv.paid_at,
             "revenueAccount": inv.lines[0]["revenueAccount"], "channel": (inv.payment or {}).get("channel"),
             "lines": inv.lines}
            for inv in repository.paid_invoices_on(day.isoformat())]


# --- reconciliation ------------------------------------------------------------------------------------------


def _statement_key(day: date) -> str:
    return f"treasury/statements/{day.isoformat()}.csv"


def _result_key(day: date) -> str:
    return f"treasury/reconciliations/{day.isoformat()}.json"


def reconcile_statement(actor: Principal, day: date, text: str, files: Files,
                        source_ip: str | None = None) -> dict:
    """Check the statement whole (a file that cannot be trusted whole is refused, nothing stored), match it
    against the day's paid invoices, keep both, and open a refund for every credit nobody can place."""
    if len(text.encode("utf-8")) > MAX_STATEMENT_BYTES:
        raise PisaoError(413, "too_large", "Rekening koran terlalu besar (paling besar 5 MB).")
    try:
        entries = statement.parse(text)
    except statement.StatementError as exc:
        raise bad_request("invalid_statement", str(exc.message_id),
                          [FieldError("statement", str(exc.message_id))]) from exc
    strangers = [e for e in entries if wib_day(e.transaction_time) != day]
    if strangers:
        raise bad_request("wrong_day", f"Rekening koran ini memuat transaksi tanggal lain "
                          f"({wib_day(strangers[0].transaction_time).isoformat()}); unggah rekening koran per hari.",
                          [FieldError("date", "Tanggal tidak sesuai dengan isi rekening koran.")])
    result = reconcile.reconcile(day, paid_on(day), entries).to_dict()
    for item in result["unknownToUs"]:
        record_refund(item["bankReference"], item["channel"] or "VA", item["bankAmount"], "unknown_credit",
                      item["invoiceId"])
    result = {**result, "reconciledAt": clock.iso(), "reconciledBy": actor.role_label()}
    files.put(_statement_key(day), text.encode("utf-8"), "text/csv")
    files.put(_result_key(day), json.dumps(result).encode(), "application/json")
    audit.record(actor, "reconcile", f"treasury#{day.isoformat()}", source_ip=source_ip,
                 data={"balanced": result["balanced"], "entries": len(entries)})
    return result


def reconciliation(day: date, files: Files) -> dict:
    stored = files.get(_result_key(day), MAX_STATEMENT_BYTES)
    if stored is None:
        raise not_found(f"Rekening koran tanggal {day.isoformat()} belum direkonsiliasi.")
    return json.loads(stored)


def reconcile_arrived(actor: Principal, files: Files, now: datetime | None = None) -> str | None:
    """Housekeeping: yesterday's statement, once the bank has delivered it, is reconciled once."""
    day = wib_day(now or clock.now()) - timedelta(days=1)
    if files.head(_result_key(day)) is not None:
        return None
    text = files.get(_statement_key(day), MAX_STATEMENT_BYTES)
    if text is None:
        return None
    reconcile_statement(actor, day, text.decode("utf-8"), files)
    return day.isoformat()


# --- income report ---------------------------------------------------------------------------------------------


def income(start: date, end: date) -> report.IncomeReport:
    if end < start or (end - start).days + 1 > report.MAX_DAYS:
        raise bad_request("invalid_period", f"Periode laporan paling panjang {report.MAX_DAYS} hari dan tanggal "
                          "akhir tidak boleh sebelum tanggal awal.", [FieldError("to", "Periksa tanggal akhir.")])
    paid = [row for n in range((end - start).days + 1) for row in paid_on(start + timedelta(days=n))]
    return report.income_report(paid, start, end)


def export(income_report: report.IncomeReport, fmt: str, files: Files, agency_name: str) -> str:
    """A 5-minute link to the report as CSV or PDF, for the finance office's own books."""
    name = f"treasury/reports/income-{income_report.start.isoformat()}-{income_report.end.isoformat()}"
    if fmt == "csv":
        files.put(f"{name}.csv", report.to_csv(income_report).encode("utf-8"), "text/csv")
        return files.view_url(f"{name}.csv", LINK_SECONDS)
    if fmt == "pdf":
        from chalicelib.payments import report_pdf  # fpdf2 only when a PDF is asked for (cold start)

        files.put(f"{name}.pdf", report_pdf.to_pdf(income_report, {"agencyName": agency_name,
                                                                   "generatedAt": clock.iso()}), "application/pdf")
        return files.view_url(f"{name}.pdf", LINK_SECONDS)
    raise bad_request("invalid_format", "Format laporan: csv atau pdf.", [FieldError("format", "Pilih csv atau pdf.")])


# --- refunds ---------------------------------------------------------------------------------------------------


def record_refund(bank_reference: str, channel: str, amount: int, reason: str, bill: str | None) -> bool:
    """Open a refund once per bank reference (a repeated notification or a second reconciliation adds none)."""
    now = clock.iso()
    return repository.save_refund_if_new(RefundModel(
        invoice_id=f"REFUND#{bank_reference}", refund_state="pending", reason=reason, bank_reference=bank_reference,
        channel=channel, amount=amount, bill=bill, created_at=now, updated_at=now,
        history=[{"at": now, "state": "pending", "by": "system"}]))


def _refund_view(refund: RefundModel, lang: str) -> dict:
    return {"bankReference": refund.bank_reference, "state": refund.refund_state,
            "stateLabel": REFUND_LABELS[refund.refund_state][lang], "reason": refund.reason,
            "channel": refund.channel, "amount": int(refund.amount), "invoiceId": refund.bill,
            "createdAt": refund.created_at, "history": refund.history}


def refunds(state: str, lang: str = "id") -> list[dict]:
    if state not in REFUND_STATES:
        raise bad_request("invalid_state", "Status pengembalian: pending, refunded, atau credited.",
                          [FieldError("state", "Pilih pending, refunded, atau credited.")])
    return [_refund_view(r, lang) for r in repository.refunds_in_state(state)]


def decide_refund(actor: Principal, bank_reference: str, body: dict, lang: str = "id",
                  source_ip: str | None = None) -> dict:
    """The treasurer closes a pending refund: returned to the payer, or accepted as a payment (with a note)."""
    state, note = body.get("state"), body.get("note")
    if state not in ("refunded", "credited"):
        raise bad_request("invalid_state", "Pilih 'refunded' (dana dikembalikan) atau 'credited' (diakui).",
                          [FieldError("state", "Pilih dikembalikan atau diakui.")])
    if not isinstance(note, str) or not 5 <= len(note.strip()) <= 500:
        raise bad_request("note_required", "Tuliskan catatan (5–500 karakter), misalnya nomor bukti pengembalian.",
                          [FieldError("note", "Catatan wajib diisi, 5 sampai 500 karakter.")])
    refund = repository.find_refund(f"REFUND#{bank_reference}")
    if refund is None:
        raise not_found("Pengembalian dana tidak ditemukan.")
    now = clock.iso()
    if not repository.decide_refund(refund, state, now, {"at": now, "state": state, "by": actor.person_id,
                                                         "note": note}):
        raise PisaoError(409, "already_decided", "Pengembalian dana ini sudah diputuskan. Muat ulang halaman.")
    audit.record(actor, f"refund_{state}", f"refund#{bank_reference}", source_ip=source_ip)
    return _refund_view(refund, lang)

