"""The income report as a PDF for the Pemda's finance office. Kept apart from `report` so that fpdf2 (and the
fontTools it loads, half a second of a cold start) is imported only when a PDF is actually asked for. The PDF's
dates come from the arguments, so the same data gives the same bytes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from chalicelib.catalogue.rules import UNCONFIRMED_REVENUE_ACCOUNT
from chalicelib.core.letterhead import FONT, GREY, latin1, letterhead
from chalicelib.core.money import format_rupiah
from chalicelib.payments.formatting import WIB, format_date_id, format_wib, parse_utc
from chalicelib.payments.report import UNCONFIRMED_NOTE_EN, UNCONFIRMED_NOTE_ID, IncomeReport, Row


def _account_text(account: str) -> str:
    return f"{account} *" if account == UNCONFIRMED_REVENUE_ACCOUNT else account


def _note(pdf: FPDF) -> None:
    pdf.set_font(FONT, "B", 9)
    pdf.set_fill_color(253, 236, 200)
    pdf.multi_cell(0, 5, latin1(f"* {UNCONFIRMED_REVENUE_ACCOUNT}: {UNCONFIRMED_NOTE_ID}. Penerimaan ini belum dapat "
                                f"dibukukan ke rekening yang benar. ({UNCONFIRMED_NOTE_EN}.)"),
                   fill=True, padding=2, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)


def to_pdf(report: IncomeReport, title_info: Mapping) -> bytes:
    """The report as a PDF table. `title_info`: "agencyName" (required), optional "regionName" and "generatedAt"
    (UTC ISO; printed, and the PDF's creation date; without it the creation date is the end of the period)."""
    agency = title_info.get("agencyName")
    if not isinstance(agency, str) or not agency.strip():
        raise ValueError("title_info needs the agencyName")
    generated = title_info.get("generatedAt")
    created = parse_utc(generated) if generated else datetime.combine(report.end + timedelta(days=1), time(), WIB)
    period = f"{format_date_id(report.start)} s.d. {format_date_id(report.end)}"

    pdf = letterhead(agency=agency, region=title_info.get("regionName"),
                     title="LAPORAN PENERIMAAN PER KODE REKENING",
                     title_en="Income per revenue account, by day (Asia/Jakarta, WIB)",
                     doc_title=f"Laporan Penerimaan {report.start.isoformat()} - {report.end.isoformat()}",
                     doc_subject="Income report per revenue account", created=created)
    pdf.set_font(FONT, "", 10)
    pdf.cell(0, 6, f"Periode: {period}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if generated:
        pdf.cell(0, 5, f"Dicetak: {format_wib(created)}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    if report.unconfirmed:
        _note(pdf)  # at the top as well as below, so nobody books the total without reading it
        pdf.ln(3)

    bold = FontFace(emphasis="BOLD")
    shaded = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    rows_by_day: dict[date, list[Row]] = {}
    for row in report.rows:
        rows_by_day.setdefault(row.day, []).append(row)

    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=(38, 68, 30, 38), text_align=("LEFT", "LEFT", "RIGHT", "RIGHT"), line_height=5,
                   padding=1.2) as table:
        header = table.row()
        for text in ("Tanggal\nDate", "Kode rekening\nRevenue account", "Jumlah transaksi\nPayments",
                     "Jumlah (Rp)\nAmount"):
            header.cell(text)
        for day, total in report.days:
            for row in rows_by_day.get(day, []):
                cells = table.row()
                cells.cell(format_date_id(day))
                cells.cell(latin1(_account_text(row.revenue_account)))
                cells.cell(str(row.count))
                cells.cell(format_rupiah(row.amount))
            if not rows_by_day.get(day):
                cells = table.row()
                cells.cell(format_date_id(day))
                cells.cell("Tidak ada penerimaan (no income)", colspan=3)
                continue
            cells = table.row()
            cells.cell(f"Jumlah {format_date_id(day)}", colspan=2, style=bold)
            cells.cell(str(total.count), style=bold)
            cells.cell(format_rupiah(total.amount), style=bold)
        cells = table.row()
        cells.cell("TOTAL PERIODE (Period total)", colspan=2, style=shaded)
        cells.cell(str(report.total.count), style=shaded)
        cells.cell(format_rupiah(report.total.amount), style=shaded)

    pdf.ln(6)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 7, "Rekapitulasi per kode rekening (Summary per revenue account)", new_x=XPos.LMARGIN,
             new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=(106, 30, 38), text_align=("LEFT", "RIGHT", "RIGHT"), line_height=5,
                   padding=1.2) as table:
        header = table.row()
        for text in ("Kode rekening\nRevenue account", "Jumlah transaksi\nPayments", "Jumlah (Rp)\nAmount"):
            header.cell(text)
        for account, total in report.accounts:
            cells = table.row()
            cells.cell(latin1(_account_text(account)))
            cells.cell(str(total.count))
            cells.cell(format_rupiah(total.amount))
        cells = table.row()
        cells.cell("TOTAL", style=shaded)
        cells.cell(str(report.total.count), style=shaded)
        cells.cell(format_rupiah(report.total.amount), style=shaded)

    if report.unconfirmed:
        pdf.ln(4)
        _note(pdf)
    pdf.ln(4)
    pdf.set_font(FONT, "", 7)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 4, "Jumlah transaksi menghitung tagihan; satu tagihan dengan beberapa kode rekening dihitung "
                         "sekali pada setiap kode rekening. / Payments count invoices; an invoice split over several "
                         "accounts counts once per account.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
