"""The payment receipt PDF and the treasury report PDF, read back with pypdf as a citizen's viewer would."""

from __future__ import annotations

import copy
import io
from datetime import date

import pytest
from pypdf import PdfReader

from chalicelib.catalogue.rules import UNCONFIRMED_REVENUE_ACCOUNT
from chalicelib.payments import report, report_pdf
from chalicelib.payments.receipts import receipt_pdf

RECEIPT = {
    "invoiceId": "INV-000000000017",
    "applicationId": "app-2026-000123",
    "permitName": {"id": "Perpanjangan SIM A", "en": "SIM A renewal"},
    "payerName": "Budi Santoso",
    "lines": [{"label": {"id": "Biaya penerbitan SIM A", "en": "SIM A issuance fee"}, "amount": 80000,
               "revenueAccount": "4.1.01.19.01"}],
    "total": 80000,
    "vaNumber": "   12345000000000176",
    "channel": "VA",
    "bankReference": "BPD20261202000001",
    "paidAt": "2026-12-02T03:15:00Z",
    "agencyName": "DPMPTSP Kota Contoh",
    "verifyUrl": "https://pisao.example.go.id/verifikasi/INV-000000000017",
}


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_receipt_is_a_pdf_showing_what_the_citizen_paid():
    pdf = receipt_pdf(RECEIPT)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = text_of(pdf)
    for expected in ("BUKTI PEMBAYARAN", "INV-000000000017", "BPD20261202000001", "Rp80.000",
                     "2 Desember 2026 10.15 WIB", "12345000000000176", "Budi Santoso", "LUNAS",
                     "https://pisao.example.go.id/verifikasi/INV-000000000017"):
        assert expected in text
    assert reader.metadata.title == "Bukti Pembayaran INV-000000000017"
    assert reader.metadata.creation_date_raw.startswith("D:20261202031500")


def test_receipt_names_each_line_by_its_kind():
    # Issue 14: the STNK receipt called the vehicle tax (PKB) "Biaya layanan".
    stnk = RECEIPT | {"lines": [
        {"label": {"id": "PKB dan SWDKLLJ", "en": "Motor vehicle tax (PKB) and SWDKLLJ"}, "kind": "pajak",
         "amount": 1_250_000, "revenueAccount": "4.1.01.06.01"},
        {"label": {"id": "Retribusi parkir", "en": "Parking"}, "kind": "retribusi", "amount": 5000,
         "revenueAccount": "4.1.02.01.01"}], "total": 1_255_000}
    text = " ".join(text_of(receipt_pdf(stnk)).split())  # a long label wraps in its cell
    assert "Pajak: PKB dan SWDKLLJ" in text and "Tax: Motor vehicle tax (PKB) and SWDKLLJ" in text
    assert "Retribusi: Retribusi parkir" in text and "Biaya layanan" not in text
    # A line stored before lines had kinds prints as it was issued.
    assert "Biaya penerbitan SIM A" in text_of(receipt_pdf(RECEIPT))


def test_same_receipt_gives_the_same_bytes_and_another_payment_does_not():
    assert receipt_pdf(RECEIPT) == receipt_pdf(copy.deepcopy(RECEIPT))
    assert receipt_pdf(RECEIPT) != receipt_pdf(RECEIPT | {"bankReference": "BPD20261202000002"})


def test_names_outside_latin1_do_not_crash():
    receipt = RECEIPT | {"payerName": "Nguyễn Thị Hương 王小明 “Budi” — Ω", "agencyName": "Dinas Pelayanan 東",
                         "permitName": {"id": "Izin ✓ Reklame", "en": "Billboard permit"}}
    text = text_of(receipt_pdf(receipt))
    assert "Nguyen Thi Huong ??? \"Budi\" - ?" in text
    assert "INV-000000000017" in text


def test_qris_receipt_and_unconfirmed_account():
    receipt = RECEIPT | {"channel": "QRIS", "vaNumber": None,
                         "lines": [{"label": {"id": "Biaya", "en": "Fee"}, "amount": 80000,
                                    "revenueAccount": UNCONFIRMED_REVENUE_ACCOUNT}]}
    text = text_of(receipt_pdf(receipt))
    assert "QRIS" in text and "belum dikonfirmasi" in text
    assert "virtual account" not in text.lower().replace("virtual account (va)", "")


@pytest.mark.parametrize("change", [
    {"total": 90000},
    {"channel": "CASH"},
    {"paidAt": "2026-12-02T10:15:00"},
    {"lines": []},
    {"verifyUrl": "javascript:alert(1)"},
])
def test_receipt_that_does_not_add_up_is_refused(change):
    with pytest.raises(ValueError):
        receipt_pdf(RECEIPT | change)


def test_report_pdf_opens_and_shows_the_totals():
    paid = [
        {"invoiceId": "INV-1", "vaNumber": "", "amount": 80000, "bankReference": "R1",
         "paidAt": "2026-12-01T02:00:00Z", "revenueAccount": "4.1.01.19.01", "channel": "VA",
         "lines": [{"amount": 80000, "revenueAccount": "4.1.01.19.01", "label": {"id": "SIM A"}}]},
        {"invoiceId": "INV-2", "vaNumber": "", "amount": 1250000, "bankReference": "R2",
         "paidAt": "2026-12-01T23:30:00Z", "revenueAccount": UNCONFIRMED_REVENUE_ACCOUNT, "channel": "QRIS",
         "lines": [{"amount": 1250000, "revenueAccount": UNCONFIRMED_REVENUE_ACCOUNT, "label": {"id": "Reklame"}}]},
    ]
    r = report.income_report(paid, date(2026, 12, 1), date(2026, 12, 2))
    info = {"agencyName": "BPKAD Kota Contoh", "generatedAt": "2026-12-03T01:00:00Z"}
    pdf = report_pdf.to_pdf(r, info)
    text = text_of(pdf)
    assert "LAPORAN PENERIMAAN" in text
    assert "1 Desember 2026 s.d. 2 Desember 2026" in text
    assert "Jumlah 1 Desember 2026 1 Rp80.000" in text
    assert "Jumlah 2 Desember 2026 1 Rp1.250.000" in text
    assert "Rp1.330.000" in text  # the period total
    assert "kode rekening belum dikonfirmasi bagian keuangan" in text
    assert pdf == report_pdf.to_pdf(r, dict(info))


def test_report_pdf_without_unconfirmed_accounts_has_no_warning():
    r = report.income_report([], date(2026, 12, 1), date(2026, 12, 1))
    text = text_of(report_pdf.to_pdf(r, {"agencyName": "BPKAD Kota Contoh"}))
    assert "Tidak ada penerimaan" in text and "Rp0" in text
    assert "belum dikonfirmasi" not in text


def letterhead_of(pdf: bytes) -> list[tuple[str, float, float, str]]:
    """The first lines of the first page as a reader sees them: text, height on the page, size and font."""
    seen: list[tuple[str, float, float, str]] = []

    def visit(text, _cm, tm, font, size):
        if text.strip():
            seen.append((text.strip(), round(tm[5], 1), round(size * tm[0], 1), font["/BaseFont"]))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return seen[:4]


def test_the_receipt_and_the_report_open_with_the_same_letterhead():
    """The agency, then the title in capitals, then its English in small type: at the same place on the page
    and in the same fonts, whichever document the office prints."""
    receipt = letterhead_of(receipt_pdf(RECEIPT))
    empty = report.income_report([], date(2026, 12, 1), date(2026, 12, 1))
    income = letterhead_of(report_pdf.to_pdf(empty, {"agencyName": "BPKAD Kota Contoh"}))
    assert [text for text, *_ in receipt[:3]] == ["DPMPTSP Kota Contoh", "BUKTI PEMBAYARAN", "Payment receipt"]
    assert [text for text, *_ in income[:3]] == ["BPKAD Kota Contoh", "LAPORAN PENERIMAAN PER KODE REKENING",
                                                 "Income per revenue account, by day (Asia/Jakarta, WIB)"]
    assert [look for _, *look in receipt[:3]] == [look for _, *look in income[:3]]
    regional = letterhead_of(report_pdf.to_pdf(empty, {"agencyName": "BPKAD Kota Contoh",
                                                      "regionName": "Pemerintah Kota Contoh"}))
    assert [text for text, *_ in regional[:3]] == ["BPKAD Kota Contoh", "Pemerintah Kota Contoh",
                                                   "LAPORAN PENERIMAAN PER KODE REKENING"]
