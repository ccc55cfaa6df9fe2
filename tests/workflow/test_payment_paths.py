"""Payment in the workflow, end to end: the real ASL on moto waits in its Payment state on a task token until
the bank simulator pays (VA, or QRIS as the acquirer), then goes on to issue; an invoice that expires first
is renewed by the citizen and paid; one never paid closes the application at the last day to pay."""

import io
from datetime import timedelta

import pytest
import qriskit
from pypdf import PdfReader

from chalicelib.core import clock, config
from chalicelib.payments import invoices
from infra.local.bank import QRIS_MERCHANT
from infra.local.demo import PEMDA
from tests.cloud import PUBLIC_URL
from tests.payments import officer, s3_bytes, skck_awaiting_payment


def executions(cloud):
    return cloud.sfn.list_executions(stateMachineArn=cloud.env["STATE_MACHINE_ARN"])["executions"]


def waiting_state(cloud) -> str:
    """The state the (only) execution is in now, from its history."""
    arn = executions(cloud)[0]["executionArn"]
    entered = [e["stateEnteredEventDetails"]["name"] for e in cloud.sfn.get_execution_history(
        executionArn=arn, maxResults=1000)["events"] if e["type"].endswith("StateEntered")]
    return entered[-1]


@pytest.fixture
def staff(cloud):
    return officer(cloud)


@pytest.fixture
def short_invoices(monkeypatch):
    """Invoices that expire 4 seconds after they are issued (a day in production)."""
    real = invoices.draw_up

    def soon(app, now):
        invoice = real(app, now)
        invoice.expires_at = clock.iso(now + timedelta(seconds=4))
        return invoice

    monkeypatch.setattr(invoices, "draw_up", soon)


def test_paid_by_virtual_account_then_issued_in_the_same_execution(cloud, citizen, staff):
    app = skck_awaiting_payment(cloud, citizen, staff)
    assert app["statusLabel"] == "Menunggu pembayaran" and "virtual account" in app["nextAction"]
    cloud.pump.run_until(lambda: waiting_state(cloud) == "Payment")
    assert executions(cloud)[0]["status"] == "RUNNING"
    early = cloud.call("GET", f"/applications/{app['id']}/invoice/receipt", headers=citizen)
    assert early.status_code == 409 and "lunas" in early.json_body["error"]["message"]
    status, body = cloud.bank.pay(app["invoice"]["virtualAccount"])
    assert (status, body["responseCode"]) == (200, "2002500")
    issued = cloud.wait_for(app["id"], citizen, "issued")
    assert issued["documentNumber"] and issued["invoice"]["status"] == "paid"
    types = [t["type"] for t in issued["timeline"]]
    assert types[types.index("approved"):] == ["approved", "invoice_issued", "paid", "issued"]
    cloud.pump.run_until(lambda: executions(cloud)[0]["status"] == "SUCCEEDED")
    assert len(executions(cloud)) == 1
    permits = cloud.call("GET", "/permits", headers=citizen).json_body["permits"]
    assert [p["applicationId"] for p in permits] == [app["id"]]
    # The citizen heard of the bill and of the payment in their inbox.
    cloud.pump.run_until(lambda: "paid" in {n["type"] for n in cloud.call(
        "GET", "/notifications", headers=citizen).json_body["notifications"]})
    inbox = {n["type"]: n["title"] for n in cloud.call("GET", "/notifications", headers=citizen).json_body[
        "notifications"]}
    assert "Tagihan terbit" in inbox["invoice_issued"] and "Pembayaran diterima bank" in inbox["paid"]
    # The receipt: a PDF with the invoice, the bank's reference and the amount.
    link = cloud.call("GET", f"/applications/{app['id']}/invoice/receipt", headers=citizen).json_body["url"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(s3_bytes(cloud, link))).pages)
    reference = issued["invoice"]["payment"]["bankReference"]
    assert app["invoice"]["id"] in text and reference in text and "Rp30.000" in text
    # "Periksa keaslian" leads to where this deployment's citizens open PISAO (its PublicUrl), not a fixed address.
    assert f"{PUBLIC_URL}/#/permohonan/{app['id']}" in text and "pisao.go.id" not in text


def test_paid_by_qris_then_issued(cloud, citizen, staff):
    app = skck_awaiting_payment(cloud, citizen, staff)
    payload = app["invoice"]["qris"]
    assert payload.startswith("000201010212") and app["invoice"]["id"] in payload
    # Read by an independent decoder: every tag QRIS makes mandatory, filled from the bank's and the Pemda's
    # configuration (the same template parameters production has), and no rule broken, not even a warning.
    q = qriskit.parse(payload, strict=True)
    assert [issue.code for issue in qriskit.validate(payload)] == []
    assert (q.get("26.00"), q.get("26.01"), q.get("26.02"), q.get("26.03")) == (
        QRIS_MERCHANT["QrisAcquirerGuid"], QRIS_MERCHANT["QrisMerchantPan"], QRIS_MERCHANT["QrisMerchantId"], "URE")
    assert (q.get("51.00"), q.get("51.02"), q.get("51.03")) == ("ID.CO.QRIS.WWW", QRIS_MERCHANT["QrisNmid"], "URE")
    assert (q.get("52"), q.get("53"), q.get("54"), q.get("58")) == ("9399", "360", "30000", "ID")
    assert (q.merchant_name, q.merchant_city, q.postal_code) == (
        PEMDA["QrisMerchantName"], PEMDA["QrisMerchantCity"], PEMDA["QrisPostalCode"])
    assert q.additional_data.bill_number == app["invoice"]["id"]
    status, body = cloud.bank.pay_qris(payload)
    assert (status, body["responseCode"]) == (200, "2005200")
    issued = cloud.wait_for(app["id"], citizen, "issued")
    assert issued["invoice"]["payment"]["channel"] == "QRIS"
    cloud.pump.run_until(lambda: executions(cloud)[0]["status"] == "SUCCEEDED")


def test_an_invoice_that_expires_first_is_renewed_and_then_paid(cloud, citizen, staff, short_invoices):
    app = skck_awaiting_payment(cloud, citizen, staff)
    first = app["invoice"]
    early = cloud.call("POST", f"/applications/{app['id']}/invoice", headers=citizen)
    assert early.status_code == 409 and "kedaluwarsa" in early.json_body["error"]["message"]
    expired = cloud.wait_for(app["id"], citizen, "payment_expired")
    assert expired["invoice"]["status"] == "expired" and expired["invoice"]["virtualAccount"] is None
    assert "Minta kode pembayaran baru" in expired["nextAction"]
    status, body = cloud.bank.pay(first["virtualAccount"])  # too late: the bank is told, nothing is credited
    assert (status, body["responseCode"]) == (404, "4042419")

    renewed = cloud.call("POST", f"/applications/{app['id']}/invoice", headers=citizen)
    assert renewed.status_code == 201, renewed.body
    second = renewed.json_body["invoice"]
    assert second["id"] != first["id"] and second["virtualAccount"] != first["virtualAccount"]
    assert second["total"] == first["total"] and second["status"] == "unpaid"
    assert cloud.call("POST", f"/applications/{app['id']}/invoice", headers=citizen).status_code == 409
    assert cloud.bank.pay(second["virtualAccount"])[0] == 200
    issued = cloud.wait_for(app["id"], citizen, "issued", timeout=30)
    types = [t["type"] for t in issued["timeline"]]
    assert types[types.index("invoice_issued"):] == ["invoice_issued", "invoice_expired", "invoice_renewed", "paid",
                                                     "issued"]
    assert len(executions(cloud)) == 1


def test_never_paid_closes_at_the_last_day_to_pay(cloud, citizen, staff, short_invoices, monkeypatch):
    monkeypatch.setenv("PAYMENT_DAYS", "0")  # the last day to pay is the day of approval
    config.settings.cache_clear()
    app = skck_awaiting_payment(cloud, citizen, staff)
    closed = cloud.wait_for(app["id"], citizen, "rejected", timeout=30)
    assert "Tagihan tidak dibayar" in closed["reasons"][0]["message"]
    assert [t["type"] for t in closed["timeline"]][-2:] == ["invoice_expired", "payment_lapsed"]
    renew = cloud.call("POST", f"/applications/{app['id']}/invoice", headers=citizen)
    assert renew.status_code == 409
    cloud.pump.run_until(lambda: executions(cloud)[0]["status"] == "SUCCEEDED")
    config.settings.cache_clear()


def test_a_free_service_skips_payment(cloud, citizen, verifier):
    from tests.integration.test_journey import draft, upload

    app = draft(cloud, citizen)  # a certificate of domicile: free by regulation
    upload(cloud, citizen, app["id"])
    cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    cloud.wait_for(app["id"], citizen, "awaiting_verification")
    assert cloud.call("POST", f"/staff/applications/{app['id']}/decision", {"decision": "approve"},
                      verifier).status_code == 200
    issued = cloud.wait_for(app["id"], citizen, "issued")
    assert issued["invoice"] is None and "invoice_issued" not in [t["type"] for t in issued["timeline"]]
