"""Bank statement files, daily reconciliation against them, and the treasury income report (R17)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from chalicelib.catalogue.rules import UNCONFIRMED_REVENUE_ACCOUNT
from chalicelib.core.letterhead import latin1
from chalicelib.core.money import format_rupiah
from chalicelib.payments import report, statement
from chalicelib.payments.formatting import format_wib, wib_day
from chalicelib.payments.reconcile import ACTION_MISSING, ACTION_UNKNOWN, reconcile
from chalicelib.payments.statement import StatementEntry, StatementError

WIB = timezone(timedelta(hours=7))
DAY = date(2026, 12, 2)
VA_17 = "   12345000000000176"
VA_18 = "   12345000000000184"
VA_19 = "   12345000000000192"
VA_20 = "   12345000000000200"


def entry(ref: str, amount: int, *, invoice_id: str | None = None, va: str = "", channel: str = "VA",
          at: datetime = datetime(2026, 12, 2, 10, 15, tzinfo=WIB), description: str = "") -> StatementEntry:
    return StatementEntry(transaction_time=at, channel=channel, va_number=va, invoice_id=invoice_id,
                          bank_reference=ref, amount=amount, description=description)


def paid(invoice_id: str, amount: int, *, ref: str | None, va: str = "", paid_at: str = "2026-12-02T03:15:00Z",
         account: str = "4.1.02.01.01", channel: str = "VA", lines: list | None = None) -> dict:
    record = {"invoiceId": invoice_id, "vaNumber": va, "amount": amount, "bankReference": ref, "paidAt": paid_at,
              "revenueAccount": account, "channel": channel}
    if lines is not None:
        record["lines"] = lines
    return record


# --- statement file -----------------------------------------------------------------------------------------------


def test_statement_round_trip_keeps_padding_quotes_and_times():
    entries = [
        entry("BPD20261202000001", 80000, invoice_id="INV-000000000017", va=VA_17, description="SIM A"),
        entry("QR8812345", 30000, invoice_id=None, channel="QRIS",
              at=datetime(2026, 12, 2, 4, 2, 9, tzinfo=UTC), description='Bayar "SKCK", kantor pusat'),
    ]
    text = statement.write(entries)
    lines = text.splitlines()
    assert lines[0] == statement.HEADER
    # The VA number's leading spaces survive because the field is quoted; a UTC time is written in WIB.
    assert lines[1] == ('2026-12-02T10:15:00+07:00,VA,"   12345000000000176",INV-000000000017,BPD20261202000001,'
                        '80000,IDR,SIM A')
    assert lines[2] == '2026-12-02T11:02:09+07:00,QRIS,,,QR8812345,30000,IDR,"Bayar ""SKCK"", kantor pusat"'
    parsed = statement.parse(text)
    assert parsed == entries
    assert parsed[0].va_number == VA_17 and parsed[1].invoice_id is None
    assert statement.write(parsed) == text
    # A spreadsheet's byte-order mark and CRLF line ends read the same.
    assert statement.parse("\ufeff" + text.replace("\n", "\r\n")) == entries


def test_statement_write_refuses_a_reference_used_twice():
    with pytest.raises(ValueError, match="twice"):
        statement.write([entry("R1", 1000), entry("R1", 2000)])


GOOD = '2026-12-02T10:15:00+07:00,VA,"   12345000000000176",INV-000000000017,BPD1,80000,IDR,ok'


@pytest.mark.parametrize(("text", "line", "column"), [
    ("tanggal,kanal,nomor_va,nomor_tagihan,referensi_bank,jumlah,mata_uang,keterangan\n" + GOOD, 1, "kolom ke-1"),
    (statement.HEADER.replace("jumlah", "nominal") + "\n" + GOOD, 1, "kolom ke-6"),
    (statement.HEADER + ",extra\n" + GOOD, 1, "kolom ke-9"),
    ("", 1, "kosong"),
    (statement.HEADER + "\n" + GOOD + "\n" + GOOD.rsplit(",", 1)[0], 3, "7 kolom"),
    (statement.HEADER + "\n" + GOOD.replace(",80000,", ",80.000,"), 2, "kolom jumlah"),
    (statement.HEADER + "\n" + GOOD.replace(",80000,", ",80000.00,"), 2, "kolom jumlah"),
    (statement.HEADER + "\n" + GOOD.replace(",80000,", ",-80000,"), 2, "kolom jumlah"),
    (statement.HEADER + "\n" + GOOD.replace(",80000,", ",,"), 2, "kolom jumlah"),
    (statement.HEADER + "\n" + GOOD.replace(",IDR,", ",USD,"), 2, "kolom mata_uang"),
    (statement.HEADER + "\n" + GOOD.replace("+07:00", "Z"), 2, "kolom tanggal_transaksi"),
    (statement.HEADER + "\n" + GOOD.replace("2026-12-02T10", "2026-02-30T10"), 2, "kolom tanggal_transaksi"),
    (statement.HEADER + "\n" + GOOD.replace("T10:15:00", " 10:15"), 2, "kolom tanggal_transaksi"),
    (statement.HEADER + "\n" + GOOD + "\n" + GOOD.replace("INV-000000000017", ""), 3, "baris 2"),
])
def test_statement_parse_errors_name_line_and_column(text, line, column):
    with pytest.raises(StatementError) as caught:
        statement.parse(text)
    error = caught.value
    assert error.line_no == line
    assert error.message_id.startswith(f"Baris {line}")
    assert error.message_en.startswith(f"Line {line}")
    assert column in error.message_id
    assert error.to_dict()["line"] == line


def test_statement_bytes_must_be_utf8():
    good = (statement.HEADER + "\n" + GOOD + "\n").encode()
    assert statement.parse(good)[0].amount == 80000
    with pytest.raises(StatementError) as caught:
        statement.parse(good + GOOD.replace("ok", "caf\xe9").encode("latin-1"))
    assert caught.value.line_no == 3 and "UTF-8" in caught.value.message_id


def test_duplicate_reference_error_points_at_both_lines():
    text = statement.HEADER + "\n" + GOOD + "\n\n" + GOOD.replace("80000", "1000") + "\n"
    with pytest.raises(StatementError) as caught:
        statement.parse(text)
    # The blank line is skipped but still counted, so the number is the line a treasurer sees in an editor.
    assert caught.value.line_no == 4
    assert "referensi_bank" in caught.value.message_id and "baris 2" in caught.value.message_id


# --- reconciliation -----------------------------------------------------------------------------------------------


def four_way():
    ours = [
        paid("INV-000000000017", 80000, ref="BPD1", va=VA_17),  # matched by bank reference
        paid("INV-000000000018", 30000, ref="BPD2", va=VA_18, paid_at="2026-12-02T05:00:00Z"),  # bank lacks it
        paid("INV-000000000020", 50000, ref=None, va=VA_20, paid_at="2026-12-02T06:00:00Z"),  # bank paid 55.000
    ]
    bank = [
        entry("BPD1", 80000, invoice_id="INV-000000000017", va=VA_17),
        entry("BPD9", 75000, invoice_id="INV-000000000019", va=VA_19, at=datetime(2026, 12, 2, 12, 0, tzinfo=WIB)),
        # The bank dropped the VA padding and our invoice id: the VA number still pairs it.
        entry("BPD3", 55000, va=VA_20.strip(), at=datetime(2026, 12, 2, 13, 0, tzinfo=WIB)),
    ]
    return ours, bank


def test_reconciliation_sorts_each_payment_into_its_category():
    ours, bank = four_way()
    result = reconcile(DAY, ours, statement.parse(statement.write(bank)))

    assert [(i.invoice_id, i.bank_reference, i.matched_by, i.our_amount, i.bank_amount) for i in result.matched] == [
        ("INV-000000000017", "BPD1", "bankReference", 80000, 80000)]
    assert [(i.invoice_id, i.bank_reference, i.our_amount, i.bank_amount) for i in result.missing_from_bank] == [
        ("INV-000000000018", "BPD2", 30000, None)]
    assert [(i.invoice_id, i.bank_reference, i.our_amount, i.bank_amount) for i in result.unknown_to_us] == [
        ("INV-000000000019", "BPD9", None, 75000)]
    [mismatch] = result.amount_mismatch
    assert (mismatch.invoice_id, mismatch.bank_reference, mismatch.matched_by) == ("INV-000000000020", "BPD3",
                                                                                   "vaNumber")
    assert (mismatch.our_amount, mismatch.bank_amount, mismatch.difference) == (50000, 55000, 5000)
    assert not result.balanced

    # Every leftover tells the treasurer what to do, in Indonesian first; matched payments need nothing.
    assert result.matched[0].action is None
    assert result.missing_from_bank[0].action == ACTION_MISSING
    assert result.unknown_to_us[0].action["id"].startswith("Dana masuk di bank tetapi tidak ada tagihan lunas")
    assert "Rp5.000 lebih banyak" in mismatch.action["id"] and "pengembalian" in mismatch.action["id"]

    totals = result.totals
    assert totals["matched"] == {"count": 1, "amount": 80000}
    assert totals["missingFromBank"] == {"count": 1, "amount": 30000}
    assert totals["unknownToUs"] == {"count": 1, "amount": 75000}
    assert totals["amountMismatch"] == {"count": 1, "ourAmount": 50000, "bankAmount": 55000, "difference": 5000}
    assert totals["ours"] == {"count": 3, "amount": 160000}
    assert totals["bank"] == {"count": 3, "amount": 210000}
    assert totals["difference"] == 50000


def test_reconciliation_dict_is_json_and_camel_case():
    ours, bank = four_way()
    out = reconcile(DAY, ours, bank).to_dict()
    assert json.loads(json.dumps(out)) == out
    assert out["day"] == "2026-12-02" and out["balanced"] is False
    assert out["unknownToUs"][0]["action"] == ACTION_UNKNOWN
    assert out["amountMismatch"][0] | {"action": None} == {
        "invoiceId": "INV-000000000020", "vaNumber": VA_20, "bankReference": "BPD3", "channel": "VA",
        "revenueAccount": "4.1.02.01.01", "ourAmount": 50000, "bankAmount": 55000, "difference": 5000,
        "paidAt": "2026-12-02T06:00:00Z", "bankTime": "2026-12-02T06:00:00Z", "matchedBy": "vaNumber",
        "action": None}


def test_reconciliation_order_does_not_depend_on_input_order():
    ours, bank = four_way()
    assert reconcile(DAY, ours, bank) == reconcile(DAY, list(reversed(ours)), list(reversed(bank)))


def test_underpayment_is_not_treated_as_paid_and_invoice_id_matches_without_reference():
    result = reconcile(DAY, [paid("INV-1", 80000, ref="OURS-REF")],
                       [entry("BANK-REF", 70000, invoice_id="INV-1")])
    [item] = result.amount_mismatch
    assert (item.matched_by, item.difference) == ("invoiceId", -10000)
    assert "Rp10.000 kurang" in item.action["id"] and "jangan anggap lunas" in item.action["id"]


def test_reference_match_wins_over_a_weaker_key():
    # INV-2's credit carries INV-1's id by mistake; INV-1's own credit is found by its reference.
    ours = [paid("INV-1", 10000, ref="R1"), paid("INV-2", 20000, ref="R2")]
    bank = [entry("R2", 20000, invoice_id="INV-1", at=datetime(2026, 12, 2, 8, 0, tzinfo=WIB)),
            entry("R1", 10000, invoice_id="INV-1")]
    result = reconcile(DAY, ours, bank)
    assert result.balanced
    assert {(i.invoice_id, i.bank_reference) for i in result.matched} == {("INV-1", "R1"), ("INV-2", "R2")}


def test_balanced_day_and_bad_input():
    result = reconcile(DAY, [paid("INV-1", 10000, ref="R1")], [entry("R1", 10000)])
    assert result.balanced and result.totals["difference"] == 0
    with pytest.raises(ValueError, match="twice"):
        reconcile(DAY, [paid("INV-1", 1, ref="A"), paid("INV-1", 1, ref="B")], [])
    with pytest.raises(ValueError, match="whole rupiah"):
        reconcile(DAY, [paid("INV-1", 10000.0, ref="A")], [])
    with pytest.raises(ValueError, match="offset"):
        reconcile(DAY, [paid("INV-1", 1, ref="A", paid_at="2026-12-02T03:15:00")], [])


# --- formatting ---------------------------------------------------------------------------------------------------


def test_formatting_for_treasurers():
    assert format_rupiah(80000) == "Rp80.000"
    assert format_rupiah(1234567) == "Rp1.234.567"
    assert format_rupiah(0) == "Rp0"
    assert format_rupiah(-5000) == "-Rp5.000"
    with pytest.raises(ValueError):
        format_rupiah(80000.0)
    assert format_wib("2026-12-02T03:15:00Z") == "2 Desember 2026 10.15 WIB"
    assert format_wib("2026-01-31T17:05:00Z") == "1 Februari 2026 00.05 WIB"
    assert wib_day("2026-12-01T23:30:00Z") == date(2026, 12, 2)
    assert latin1("Nguyễn Andrés “Budi” 王") == 'Nguyen Andrés "Budi" ?'


# --- income report ------------------------------------------------------------------------------------------------


def report_input() -> list[dict]:
    return [
        paid("INV-1", 80000, ref="R1", paid_at="2026-12-01T02:00:00Z",
             lines=[{"amount": 80000, "revenueAccount": "4.1.02.01.01", "label": {"id": "SIM A"}}]),
        # 23:30 UTC on 1 December is 06:30 WIB on 2 December.
        paid("INV-2", 45000, ref="R2", paid_at="2026-12-01T23:30:00Z",
             lines=[{"amount": 30000, "revenueAccount": "4.1.02.01.01", "label": {"id": "Biaya"}},
                    {"amount": 15000, "revenueAccount": UNCONFIRMED_REVENUE_ACCOUNT, "label": {"id": "Denda"}}]),
        paid("INV-3", 30000, ref="R3", paid_at="2026-12-02T09:00:00Z",
             lines=[{"amount": 30000, "revenueAccount": "4.1.02.01.01", "label": {"id": "SKCK"}}]),
        # Outside the range (3 December WIB) and so not counted.
        paid("INV-4", 99000, ref="R4", paid_at="2026-12-02T17:00:00Z",
             lines=[{"amount": 99000, "revenueAccount": "4.1.02.01.01", "label": {"id": "x"}}]),
    ]


def test_report_totals_per_account_and_wib_day():
    r = report.income_report(report_input(), date(2026, 12, 1), date(2026, 12, 2))
    assert [(row.day, row.revenue_account, row.count, row.amount) for row in r.rows] == [
        (date(2026, 12, 1), "4.1.02.01.01", 1, 80000),
        (date(2026, 12, 2), "4.1.02.01.01", 2, 60000),
        (date(2026, 12, 2), UNCONFIRMED_REVENUE_ACCOUNT, 1, 15000),
    ]
    assert [(d, t.count, t.amount) for d, t in r.days] == [(date(2026, 12, 1), 1, 80000),
                                                           (date(2026, 12, 2), 2, 75000)]
    assert [(a, t.count, t.amount) for a, t in r.accounts] == [("4.1.02.01.01", 3, 140000),
                                                               (UNCONFIRMED_REVENUE_ACCOUNT, 1, 15000)]
    assert (r.total.count, r.total.amount) == (3, 155000)
    assert r.unconfirmed


def test_report_csv_reads_back_with_the_csv_module():
    r = report.income_report(report_input(), date(2026, 12, 1), date(2026, 12, 2))
    rows = list(csv.DictReader(io.StringIO(report.to_csv(r))))
    assert list(rows[0]) == ["tanggal", "kode_rekening", "jumlah_transaksi", "jumlah_rupiah"]
    detail, total = rows[:-1], rows[-1]
    assert [(x["tanggal"], x["kode_rekening"], int(x["jumlah_transaksi"]), int(x["jumlah_rupiah"]))
            for x in detail] == [("2026-12-01", "4.1.02.01.01", 1, 80000), ("2026-12-02", "4.1.02.01.01", 2, 60000),
                                 ("2026-12-02", UNCONFIRMED_REVENUE_ACCOUNT, 1, 15000)]
    assert (total["tanggal"], total["kode_rekening"], total["jumlah_transaksi"], total["jumlah_rupiah"]) == (
        "TOTAL", "", "3", "155000")
    assert sum(int(x["jumlah_rupiah"]) for x in detail) == int(total["jumlah_rupiah"])


def test_report_refuses_lines_that_do_not_add_up_and_double_counting():
    bad = paid("INV-1", 80000, ref="R1", lines=[{"amount": 70000, "revenueAccount": "4.1", "label": {}}])
    with pytest.raises(ValueError, match="add up"):
        report.income_report([bad], DAY, DAY)
    good = report_input()[0]
    with pytest.raises(ValueError, match="twice"):
        report.income_report([good, good], date(2026, 12, 1), DAY)
    with pytest.raises(ValueError, match="before"):
        report.income_report([], DAY, date(2026, 12, 1))
