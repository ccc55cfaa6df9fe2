"""The payment receipt (bukti pembayaran) a citizen downloads once the bank has confirmed a payment.

Bahasa Indonesia first, English in smaller grey text, below the letterhead every PISAO PDF has (its one font,
Latin-1 only: every printed string goes through `letterhead.latin1`). The PDF's creation date is the payment
time and nothing else in it depends on the clock, so the same receipt always gives the same bytes (a
re-download can be compared with the first one, and cached).
"""

from __future__ import annotations

from collections.abc import Mapping

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from chalicelib.catalogue.rules import UNCONFIRMED_REVENUE_ACCOUNT
from chalicelib.core.letterhead import FONT, GREY, latin1, letterhead
from chalicelib.core.money import format_rupiah
from chalicelib.payments.fees import line_label
from chalicelib.payments.formatting import format_wib, parse_utc

CHANNELS = {"VA": "Virtual Account (VA)", "QRIS": "QRIS"}  # the same words in both languages
REQUIRED_KEYS = ("invoiceId", "applicationId", "permitName", "payerName", "lines", "total", "channel",
                 "bankReference", "paidAt", "agencyName", "verifyUrl")
LABEL_WIDTH = 58


def _check(receipt: Mapping) -> None:
    """Refuse to print a receipt whose figures do not add up: a wrong receipt is worse than none."""
    missing = [key for key in REQUIRED_KEYS if key not in receipt]
    if missing:
        raise ValueError(f"receipt lacks {', '.join(missing)}")
    lines = receipt["lines"]
    if not isinstance(lines, list | tuple) or not lines:
        raise ValueError("a receipt needs at least one line")
    for line in lines:
        amount = line.get("amount") if isinstance(line, Mapping) else None
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise ValueError(f"line amount must be whole rupiah, not {amount!r}")
        if not isinstance(line.get("label"), Mapping) or not line["label"].get("id"):
            raise ValueError("every line needs a label with an Indonesian text ('id')")
    total = receipt["total"]
    if isinstance(total, bool) or not isinstance(total, int) or total != sum(line["amount"] for line in lines):
        raise ValueError(f"receipt total {total!r} is not the sum of its lines")
    if receipt["channel"] not in CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(CHANNELS)}, not {receipt['channel']!r}")
    if receipt["channel"] == "VA" and not str(receipt.get("vaNumber") or "").strip():
        raise ValueError("a virtual-account receipt needs its vaNumber")
    if not isinstance(receipt["permitName"], Mapping) or not receipt["permitName"].get("id"):
        raise ValueError("permitName needs an Indonesian text ('id')")
    url = receipt["verifyUrl"]
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise ValueError(f"verifyUrl must be an http(s) address, not {url!r}")
    parse_utc(receipt["paidAt"])


def _account(code: object) -> str:
    return "belum dikonfirmasi" if code == UNCONFIRMED_REVENUE_ACCOUNT else str(code or "-")


def _field(pdf: FPDF, label_id: str, label_en: str, value: str, bold: bool = False) -> None:
    """A label (Indonesian, English below it in small grey) and its value to the right."""
    top = pdf.get_y()
    pdf.set_font(FONT, "", 10)
    pdf.cell(LABEL_WIDTH, 5, latin1(label_id))
    pdf.set_font(FONT, "B" if bold else "", 10)
    pdf.multi_cell(0, 5, latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin, top + 5)
    pdf.set_font(FONT, "", 7)
    pdf.set_text_color(*GREY)
    pdf.cell(LABEL_WIDTH, 3.5, latin1(label_en))
    pdf.set_text_color(0)
    pdf.set_xy(pdf.l_margin, max(bottom, top + 8.5) + 1.5)


def receipt_pdf(receipt: Mapping) -> bytes:
    """The receipt as PDF bytes. `receipt` holds invoiceId, applicationId, permitName {"id","en"}, payerName,
    lines as stored [{label {"id","en"}, kind, amount, revenueAccount}], total, vaNumber, channel ("VA" | "QRIS"),
    bankReference, paidAt (UTC ISO), agencyName and verifyUrl. Raises ValueError for a receipt that does not add up."""
    _check(receipt)
    paid_at = parse_utc(receipt["paidAt"])
    invoice_id = str(receipt["invoiceId"])

    pdf = letterhead(agency=str(receipt["agencyName"]), title="BUKTI PEMBAYARAN", title_en="Payment receipt",
                     doc_title=f"Bukti Pembayaran {invoice_id}", doc_subject=f"Payment receipt {invoice_id}",
                     created=paid_at)
    pdf.ln(2)
    pdf.set_font(FONT, "B", 11)
    pdf.set_fill_color(225, 242, 228)
    pdf.cell(0, 8, "  Status: LUNAS (Paid)", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    permit = receipt["permitName"]
    permit_text = permit["id"] + (f" ({permit['en']})" if permit.get("en") and permit["en"] != permit["id"] else "")
    _field(pdf, "Nomor tagihan", "Invoice number", invoice_id, bold=True)
    _field(pdf, "Nomor permohonan", "Application number", str(receipt["applicationId"]))
    _field(pdf, "Layanan", "Service", permit_text)
    _field(pdf, "Nama pembayar", "Payer", str(receipt["payerName"]))
    _field(pdf, "Kanal pembayaran", "Payment channel", CHANNELS[receipt["channel"]])
    if receipt["channel"] == "VA":
        # Shown without the padding spaces: that is how the citizen typed it in the bank app.
        _field(pdf, "Nomor virtual account", "Virtual account number", str(receipt["vaNumber"]).strip())
    _field(pdf, "Referensi bank (NTB)", "Bank reference", str(receipt["bankReference"]), bold=True)
    _field(pdf, "Waktu pembayaran", "Paid at", format_wib(paid_at))
    pdf.ln(3)

    pdf.set_font(FONT, "", 9)
    bold = FontFace(emphasis="BOLD")
    with pdf.table(col_widths=(95, 40, 35), text_align=("LEFT", "LEFT", "RIGHT"), line_height=5,
                   padding=1.5) as table:
        header = table.row()
        header.cell("Uraian\nDescription")
        header.cell("Kode rekening\nRevenue account")
        header.cell("Jumlah\nAmount", align="RIGHT")
        for line in receipt["lines"]:
            label = line_label(line)  # its kind first: "Pajak: ...", "Retribusi: ...", "Biaya layanan: ..."
            row = table.row()
            row.cell(latin1(label["id"] + (f"\n{label['en']}" if label.get("en") else "")))
            row.cell(latin1(_account(line.get("revenueAccount"))))
            row.cell(format_rupiah(line["amount"]))
        total = table.row()
        total.cell("TOTAL DIBAYAR (Total paid)", colspan=2, style=bold)
        total.cell(format_rupiah(receipt["total"]), style=bold)
    pdf.ln(6)

    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, "Periksa keaslian bukti pembayaran ini di:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(20, 60, 160)
    pdf.multi_cell(0, 5, latin1(receipt["verifyUrl"]), link=receipt["verifyUrl"], new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.set_text_color(*GREY)
    pdf.set_font(FONT, "", 7)
    pdf.multi_cell(0, 4, "Check that this receipt is genuine at the address above.", new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.multi_cell(0, 4, "Dokumen ini dibuat secara elektronik oleh PISAO dari data pembayaran yang dikonfirmasi "
                         "bank. / Generated electronically by PISAO from the payment the bank confirmed.",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
