"""The treasurer's day (R17): the bank's statement reconciled against what PISAO has as paid — one payment
matched, one the bank does not list, one the bank credited that nobody here knows, one for another amount —
each listed with what to do; the credit nobody knows becomes a refund to decide; the income report per
revenue account; refunds for QRIS money taken after an invoice expired."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.core.models import InvoiceModel
from chalicelib.payments import statement
from infra.local.bank import statement_entries
from infra.local.demo import seed_directory
from tests.payments import officer, s3_bytes, skck_awaiting_payment

WIB = timezone(timedelta(hours=7))


@pytest.fixture
def treasurer(cloud):
    seed_directory()
    return cloud.user("bendahara.bpkd", "Hendra Wijaya", ["treasurer"], "bapenda-jakarta", "upt-pajak-jakarta-pusat")


def paid(cloud, citizen, staff) -> dict:
    app = skck_awaiting_payment(cloud, citizen, staff)
    assert cloud.bank.pay(app["invoice"]["virtualAccount"])[0] == 200
    return cloud.wait_for(app["id"], citizen, "issued")["invoice"]


def s3_text(cloud, url: str) -> str:
    return s3_bytes(cloud, url).decode()


def test_reconciliation_lists_matched_missing_unknown_and_mismatched(cloud, citizen, treasurer):
    staff = officer(cloud)
    matched, missing, mismatched = (paid(cloud, citizen, staff) for _ in range(3))
    today = datetime.now(WIB).date().isoformat()
    entries = {e.invoice_id: e for e in statement_entries(cloud.bank, today)}
    assert set(entries) == {matched["id"], missing["id"], mismatched["id"]}
    stranger = replace(entries[matched["id"]], invoice_id=None, va_number="   88081000000099990",
                       bank_reference="BPD-UNKNOWN-1", amount=75_000)
    bank_side = [entries[matched["id"]], replace(entries[mismatched["id"]], amount=25_000), stranger]
    text = statement.write(bank_side)

    bad = cloud.call("POST", f"/treasury/statements/{today}", {"statement": text.replace("IDR", "USD", 1)}, treasurer)
    assert bad.status_code == 400 and bad.json_body["error"]["message"].startswith("Baris 2")
    wrong_day = cloud.call("POST", "/treasury/statements/2026-01-01", {"statement": text}, treasurer)
    assert wrong_day.status_code == 400 and wrong_day.json_body["error"]["code"] == "wrong_day"
    assert cloud.call("GET", f"/treasury/reconciliations/{today}", headers=treasurer).status_code == 404

    done = cloud.call("POST", f"/treasury/statements/{today}", {"statement": text}, treasurer)
    assert done.status_code == 201, done.body
    result = cloud.call("GET", f"/treasury/reconciliations/{today}", headers=treasurer).json_body
    assert result == done.json_body and result["balanced"] is False
    assert [i["invoiceId"] for i in result["matched"]] == [matched["id"]]
    assert [i["invoiceId"] for i in result["missingFromBank"]] == [missing["id"]]
    assert [(i["bankReference"], i["bankAmount"]) for i in result["unknownToUs"]] == [("BPD-UNKNOWN-1", 75_000)]
    [off] = result["amountMismatch"]
    assert (off["invoiceId"], off["ourAmount"], off["bankAmount"], off["difference"]) == \
        (mismatched["id"], 30_000, 25_000, -5_000)
    assert "Rp5.000 kurang" in off["action"]["id"]
    assert result["totals"]["ours"]["amount"] == 90_000 and result["totals"]["bank"]["amount"] == 130_000

    # The credit nobody knows is a refund to decide, recorded once however often the day is reconciled.
    assert cloud.call("POST", f"/treasury/statements/{today}", {"statement": text}, treasurer).status_code == 201
    pending = cloud.call("GET", "/treasury/refunds", headers=treasurer).json_body["refunds"]
    assert [(r["bankReference"], r["amount"], r["reason"]) for r in pending] == [("BPD-UNKNOWN-1", 75_000,
                                                                                 "unknown_credit")]
    no_note = cloud.call("POST", "/treasury/refunds/BPD-UNKNOWN-1", {"state": "refunded"}, treasurer)
    assert no_note.status_code == 400 and no_note.json_body["error"]["fields"][0]["field"] == "note"
    decided = cloud.call("POST", "/treasury/refunds/BPD-UNKNOWN-1",
                         {"state": "refunded", "note": "Dikembalikan, bukti RTGS 0099"}, treasurer)
    assert decided.status_code == 200 and decided.json_body["state"] == "refunded"
    again = cloud.call("POST", "/treasury/refunds/BPD-UNKNOWN-1", {"state": "credited", "note": "Diakui lagi"},
                       treasurer)
    assert again.status_code == 409
    assert cloud.call("GET", "/treasury/refunds", headers=treasurer).json_body["refunds"] == []

    # The income report: all three on the (still unconfirmed) revenue account, today.
    income = cloud.call("GET", f"/treasury/income?from={today}&to={today}", headers=treasurer).json_body
    assert income["total"] == {"count": 3, "amount": 90_000} and income["unconfirmedRevenueAccount"] is True
    assert income["rows"] == [{"day": today, "revenueAccount": "UNCONFIRMED-KODE-REKENING", "count": 3,
                               "amount": 90_000}]
    link = cloud.call("GET", f"/treasury/income/export?from={today}&to={today}&format=csv", headers=treasurer)
    assert link.status_code == 200, link.body
    csv_text = s3_text(cloud, link.json_body["url"])
    assert csv_text.splitlines()[0] == "tanggal,kode_rekening,jumlah_transaksi,jumlah_rupiah"
    assert f"{today},UNCONFIRMED-KODE-REKENING,3,90000" in csv_text
    pdf = cloud.call("GET", f"/treasury/income/export?from={today}&to={today}&format=pdf", headers=treasurer)
    assert pdf.status_code == 200 and s3_bytes(cloud, pdf.json_body["url"]).startswith(b"%PDF")
    bad_period = cloud.call("GET", f"/treasury/income?from={today}&to=2020-01-01", headers=treasurer)
    assert bad_period.status_code == 400


def test_the_daily_job_reconciles_yesterdays_statement_once_it_arrives(cloud, treasurer):
    yesterday = (datetime.now(WIB) - timedelta(days=1)).date().isoformat()
    header_only = statement.write([])
    cloud.s3.put_object(Bucket=cloud.env["DOCUMENTS_BUCKET"], Key=f"treasury/statements/{yesterday}.csv",
                        Body=header_only.encode())
    cloud.pump.run_schedules()
    result = cloud.call("GET", f"/treasury/reconciliations/{yesterday}", headers=treasurer).json_body
    assert result["balanced"] is True and result["reconciledBy"] == "system"


def test_qris_money_taken_after_expiry_is_recorded_for_refund(cloud, citizen, treasurer):
    app = skck_awaiting_payment(cloud, citizen, officer(cloud))
    invoice = InvoiceModel.get(app["invoice"]["id"])
    invoice.update(actions=[InvoiceModel.expires_at.set("2000-01-01T00:00:00.000Z")])
    status, body = cloud.bank.pay_qris(app["invoice"]["qris"])
    assert (status, body["responseCode"]) == (404, "4045219")
    [refund] = cloud.call("GET", "/treasury/refunds", headers=treasurer).json_body["refunds"]
    assert (refund["reason"], refund["amount"], refund["invoiceId"], refund["channel"]) == \
        ("expired_invoice", 30_000, app["invoice"]["id"], "QRIS")
    assert cloud.status(app["id"], citizen) in ("awaiting_payment", "payment_expired")
