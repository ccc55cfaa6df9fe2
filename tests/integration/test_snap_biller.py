"""SNAP BI conformance of the Pemda's biller endpoints, called as the RKUD bank calls them (the bank simulator,
byte for byte through the API): token, inquiry, payment, status, and every refusal with its response code.
Signatures in the refusal cases are made here, independently of the code under test, with stdlib HMAC and a
separately generated RSA key. Nothing refused ever credits a payment."""

import base64
import hashlib
import hmac
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from chalicelib.applications import store
from chalicelib.core import clock
from chalicelib.core.models import InvoiceModel
from chalicelib.payments import snap_api
from functions import adapters
from infra.local.bank import Bank
from tests.cloud import BANK_KEYS, ApiTransport
from tests.payments import officer, skck_awaiting_payment

WIB = timezone(timedelta(hours=7))
INQUIRY, PAYMENT, STATUS = "/v1.0/transfer-va/inquiry", "/v1.0/transfer-va/payment", "/v1.0/transfer-va/status"


def stamp(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).astimezone(WIB).isoformat(timespec="seconds")


def hmac_signature(secret: str, path: str, token: str, body: bytes, timestamp: str) -> str:
    """SNAP's symmetric signature written out from the standard, not from chalicelib.payments.snap."""
    try:
        minified = json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False).encode()
    except (ValueError, RecursionError):  # a broken body, signed as it is
        minified = body
    digest = hashlib.sha256(minified).hexdigest().lower()
    message = f"POST:{path}:{token}:{digest}:{timestamp}".encode()
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha512).digest()).decode()


def rsa_signature(private_pem: str, client_id: str, timestamp: str) -> str:
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return base64.b64encode(key.sign(f"{client_id}|{timestamp}".encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


class Caller:
    """Raw SNAP calls with every header under the test's control."""

    def __init__(self, cloud):
        self.cloud, self.token, self.n = cloud, cloud.bank.access_token(), 0

    def send(self, path: str, payload: dict, *, token: str | None = None, secret: str | None = None,
             timestamp: str | None = None, external_id: str | None = None, drop: str | None = None,
             body: bytes | None = None):
        raw = body if body is not None else json.dumps(payload).encode()
        ts = timestamp or stamp()
        self.n += 1
        token = token if token is not None else self.token
        headers = {"Authorization": f"Bearer {token}", "X-TIMESTAMP": ts, "X-PARTNER-ID": BANK_KEYS.client_id,
                   "X-EXTERNAL-ID": external_id or f"{datetime.now(UTC):%H%M%S%f}{self.n:04d}", "CHANNEL-ID": "95231",
                   "X-SIGNATURE": hmac_signature(secret or BANK_KEYS.client_secret, path, token, raw, ts)}
        if drop:
            headers.pop(drop)
        response = self.cloud.call("POST", path, headers=headers, raw=raw)
        return response.status_code, response.json_body


def va_body(invoice: dict, **extra) -> dict:
    customer = invoice["virtualAccount"][len(BANK_KEYS.partner_service_id):]
    psid = BANK_KEYS.partner_service_id.rjust(8)
    return {"partnerServiceId": psid, "customerNo": customer, "virtualAccountNo": psid + customer, **extra}


def payment_body(invoice: dict, request_id: str = "PAY0001", amount: str | None = None, flag: str = "N") -> dict:
    return va_body(invoice, paymentRequestId=request_id, referenceNo=f"REF{request_id}",
                   paidAmount={"value": amount or f"{invoice['total']}.00", "currency": "IDR"},
                   trxDateTime=stamp(), flagAdvise=flag)


def paid_events(cloud, app_id: str, headers: dict) -> int:
    return [t["type"] for t in cloud.call("GET", f"/applications/{app_id}", headers=headers).json_body["timeline"]
            ].count("paid")


@pytest.fixture
def billed(cloud, citizen):
    app = skck_awaiting_payment(cloud, citizen, officer(cloud))
    return app, app["invoice"]


def test_access_token_needs_the_banks_own_rsa_signature(cloud):
    def token(headers: dict, body: bytes = b'{"grantType":"client_credentials"}'):
        response = cloud.call("POST", "/v1.0/access-token/b2b", headers=headers, raw=body)
        return response.status_code, response.json_body

    ts = stamp()
    good = {"X-TIMESTAMP": ts, "X-CLIENT-KEY": BANK_KEYS.client_id,
            "X-SIGNATURE": rsa_signature(BANK_KEYS.private_key_pem, BANK_KEYS.client_id, ts)}
    status, body = token(good)
    assert (status, body["responseCode"], body["tokenType"], body["expiresIn"]) == (200, "2007300", "Bearer", "900")
    assert len(body["accessToken"]) >= 32

    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    old = stamp(datetime.now(UTC) - timedelta(minutes=10))
    refused = {
        "someone else's key": {**good, "X-SIGNATURE": rsa_signature(stranger, BANK_KEYS.client_id, ts)},
        "another client id": {**good, "X-CLIENT-KEY": "BPD-OTHER"},
        "a stale timestamp": {**good, "X-TIMESTAMP": old,
                              "X-SIGNATURE": rsa_signature(BANK_KEYS.private_key_pem, BANK_KEYS.client_id, old)},
        "a signature over another timestamp": {**good, "X-TIMESTAMP": stamp(datetime.now(UTC) + timedelta(seconds=5))},
    }
    for why, headers in refused.items():
        assert token(headers) == (401, {"responseCode": "4017300", "responseMessage": token(headers)[1][
            "responseMessage"]}), why
        assert token(headers)[1]["responseMessage"].startswith("Unauthorized."), why
    assert token({k: v for k, v in good.items() if k != "X-SIGNATURE"})[1]["responseCode"] == "4007302"
    assert token({**good, "X-TIMESTAMP": "02-12-2026 10:00"})[1]["responseCode"] == "4007301"
    assert token(good, b'{"grantType":"password"}')[1]["responseCode"] == "4007301"
    assert token(good, b"{}")[1]["responseCode"] == "4007302"


def test_inquiry_answers_the_closed_amount_and_refuses_what_it_cannot_trust(cloud, citizen, billed):
    app, invoice = billed
    call = Caller(cloud)
    status, body = call.send(INQUIRY, va_body(invoice, inquiryRequestId="INQ1"))
    data = body["virtualAccountData"]
    assert (status, body["responseCode"], data["inquiryStatus"], data["virtualAccountTrxType"]) == \
        (200, "2002400", "00", "C")
    assert data["totalAmount"] == {"value": "30000.00", "currency": "IDR"} and data["virtualAccountName"] == \
        "Siti Aminah" and data["billDetails"][0]["billNo"] == invoice["id"]

    other_token = Caller(cloud).token  # a fresh token is valid, but a made-up one is not
    assert call.send(INQUIRY, va_body(invoice, inquiryRequestId="INQ2"), token=other_token)[0] == 200
    raw = json.dumps(va_body(invoice, inquiryRequestId="INQ3")).encode()
    tampered = raw.replace(b"INQ3", b"INQ4")
    cases = {
        "4012401": dict(token="not-a-token-we-issued"),
        "4012400": dict(secret="x" * 64),
        "4012400 ": dict(timestamp=stamp(datetime.now(UTC) - timedelta(minutes=6))),
        "4002402": dict(drop="X-EXTERNAL-ID"),
    }
    for code, kwargs in cases.items():
        assert call.send(INQUIRY, va_body(invoice, inquiryRequestId="INQ5"), **kwargs)[1]["responseCode"] == \
            code.strip(), kwargs
    # A body changed after it was signed: the signature no longer matches.
    ts = stamp()
    headers = {"Authorization": f"Bearer {call.token}", "X-TIMESTAMP": ts, "X-PARTNER-ID": BANK_KEYS.client_id,
               "X-EXTERNAL-ID": "990001", "CHANNEL-ID": "95231",
               "X-SIGNATURE": hmac_signature(BANK_KEYS.client_secret, INQUIRY, call.token, raw, ts)}
    assert cloud.call("POST", INQUIRY, headers=headers, raw=tampered).json_body["responseCode"] == "4012400"
    # The same X-EXTERNAL-ID twice in a day is a replay, even correctly signed.
    assert call.send(INQUIRY, va_body(invoice, inquiryRequestId="INQ6"), external_id="770001")[0] == 200
    assert call.send(INQUIRY, va_body(invoice, inquiryRequestId="INQ7"), external_id="770001")[1] == \
        {"responseCode": "4092400", "responseMessage": "Conflict [X-EXTERNAL-ID already used today]"}
    # Fields: missing, malformed, a VA that does not add up, a mistyped VA (check digit), an unknown VA.
    missing = va_body(invoice, inquiryRequestId="INQ8")
    missing.pop("customerNo")
    assert call.send(INQUIRY, missing)[1]["responseCode"] == "4002402"
    assert call.send(INQUIRY, {**va_body(invoice, inquiryRequestId="INQ9"), "virtualAccountNo": "123"})[1][
        "responseCode"] == "4002401"
    customer = va_body(invoice)["customerNo"]
    mistyped = customer[:-2] + str((int(customer[-2]) + 1) % 10) + customer[-1]
    unknown = "000099999990"  # a valid check digit, but no such invoice
    for number in (mistyped, unknown):
        psid = BANK_KEYS.partner_service_id.rjust(8)
        body = {"partnerServiceId": psid, "customerNo": number, "virtualAccountNo": psid + number,
                "inquiryRequestId": "INQ10"}
        assert call.send(INQUIRY, body)[1]["responseCode"] == "4042412", number
    assert call.send(INQUIRY, {}, body=b"{not json")[1] == {"responseCode": "4002401",
                                                            "responseMessage": "Invalid Field Format body"}
    # Nothing of this touched the bill.
    assert cloud.status(app["id"], citizen) == "awaiting_payment" and paid_events(cloud, app["id"], citizen) == 0


def test_payment_credits_once_and_answers_retries_the_same(cloud, citizen, billed):
    app, invoice = billed
    call = Caller(cloud)
    wrong = call.send(PAYMENT, payment_body(invoice, "PAY1", amount="29000.00"))
    assert wrong == (404, {"responseCode": "4042513", "responseMessage": "Invalid Amount"})
    cents = call.send(PAYMENT, payment_body(invoice, "PAY1", amount="30000.50"))
    assert cents[1]["responseCode"] == "4002501"  # the treasury books whole rupiah
    assert paid_events(cloud, app["id"], citizen) == 0

    status, first = call.send(PAYMENT, payment_body(invoice, "PAY1"))
    assert (status, first["responseCode"], first["virtualAccountData"]["paymentFlagStatus"]) == (200, "2002500", "00")
    # The bank did not hear us and asks again, flagged as a retry: the same answer, no second credit.
    again = call.send(PAYMENT, payment_body(invoice, "PAY1", flag="Y"))
    assert again == (200, first)
    # Another payment of a paid bill is refused as such; so is an inquiry.
    assert call.send(PAYMENT, payment_body(invoice, "PAY2"))[1]["responseCode"] == "4042514"
    assert call.send(INQUIRY, va_body(invoice, inquiryRequestId="INQ1"))[1]["responseCode"] == "4042414"
    status_body = call.send(STATUS, va_body(invoice, paymentRequestId="PAY1"))[1]
    assert status_body["responseCode"] == "2002600" and status_body["virtualAccountData"]["paymentFlagStatus"] == "00"
    assert status_body["virtualAccountData"]["referenceNo"] == "REFPAY1"
    done = cloud.wait_for(app["id"], citizen, "issued")
    assert [t["type"] for t in done["timeline"]].count("paid") == 1
    assert done["invoice"]["status"] == "paid" and done["invoice"]["payment"] == \
        {"channel": "VA", "bankReference": "REFPAY1", "amount": 30000}
    # Every call is in the audit trail with its response code, none with the payer's data.
    trail = [e for e in InvoiceModel.get(invoice["id"]).payment.items()]
    assert trail  # the stored payment record
    from chalicelib.core import audit
    codes = [e["data"]["responseCode"] for e in audit.trail(f"invoice#{invoice['id']}")]
    assert codes.count("2002500") == 2 and "4042513" in codes and "4042514" in codes


def test_a_lost_reply_is_retried_with_flag_advise_and_credited_once(cloud, citizen, billed):
    app, invoice = billed
    status, body = cloud.bank.pay(invoice["virtualAccount"], lose_first_reply=True)
    assert (status, body["responseCode"]) == (200, "2002500")
    assert len(cloud.bank.statement_rows(datetime.now(WIB).date().isoformat())) == 1
    cloud.wait_for(app["id"], citizen, "issued")
    assert paid_events(cloud, app["id"], citizen) == 1


def test_after_expiry_nothing_is_payable(cloud, citizen, billed):
    app, invoice = billed
    stored = InvoiceModel.get(invoice["id"])
    stored.update(actions=[InvoiceModel.expires_at.set(clock.iso(datetime.now(UTC) - timedelta(seconds=1)))])
    call = Caller(cloud)
    assert call.send(INQUIRY, va_body(invoice, inquiryRequestId="INQ1"))[1]["responseCode"] == "4042419"
    assert call.send(PAYMENT, payment_body(invoice, "PAY1"))[1]["responseCode"] == "4042519"
    assert cloud.status(app["id"], citizen) in ("awaiting_payment", "payment_expired")
    assert paid_events(cloud, app["id"], citizen) == 0


def concurrent(call: Caller, bodies: list[tuple[dict, str]]) -> list[tuple[int, dict]]:
    """The same signed calls at once, straight into the biller (the in-process test client is not
    thread-safe; the route only copies snap_api.transaction's answer out)."""
    workflow = adapters.state_machine()

    def one(item):
        payload, external_id = item
        raw = json.dumps(payload).encode()
        ts = stamp()
        headers = {"Authorization": f"Bearer {call.token}", "X-TIMESTAMP": ts, "X-PARTNER-ID": BANK_KEYS.client_id,
                   "X-EXTERNAL-ID": external_id, "CHANNEL-ID": "95231",
                   "X-SIGNATURE": hmac_signature(BANK_KEYS.client_secret, PAYMENT, call.token, raw, ts)}
        return snap_api.transaction(PAYMENT, headers, raw, clock.now(), workflow)

    with ThreadPoolExecutor(max_workers=50) as pool:
        return list(pool.map(one, bodies))


def test_fifty_concurrent_duplicates_credit_once(cloud, citizen, billed):
    app, invoice = billed
    call = Caller(cloud)
    retries = [(payment_body(invoice, "PAYX", flag="Y" if i else "N"), f"55{i:04d}") for i in range(50)]
    answers = concurrent(call, retries)
    assert {status for status, _ in answers} == {200}, [b for s, b in answers if s != 200][:3]
    assert len({json.dumps(body, sort_keys=True) for _, body in answers}) == 1  # one answer, fifty times
    cloud.wait_for(app["id"], citizen, "issued")
    assert paid_events(cloud, app["id"], citizen) == 1
    assert InvoiceModel.get(invoice["id"]).version == 2  # written once after it was created


def test_fifty_concurrent_replays_of_one_external_id_are_one_call(cloud, citizen, billed):
    app, invoice = billed
    answers = concurrent(Caller(cloud), [(payment_body(invoice, "PAYR"), "660001")] * 50)
    codes = sorted(body["responseCode"] for _, body in answers)
    assert codes == ["2002500"] + ["4092500"] * 49
    cloud.wait_for(app["id"], citizen, "issued")
    assert paid_events(cloud, app["id"], citizen) == 1


def test_qris_notification_is_signed_and_credits_once(cloud, citizen, billed):
    app, invoice = billed
    call = Caller(cloud)
    qris_path = "/v1.0/qr/qr-mpm-notify"
    note = {"originalReferenceNo": "QR1", "originalPartnerReferenceNo": invoice["id"],
            "latestTransactionStatus": "06", "transactionStatusDesc": "failed",
            "amount": {"value": "30000.00", "currency": "IDR"}}
    assert call.send(qris_path, note) == (200, {"responseCode": "2005200", "responseMessage": "Successful"})
    assert cloud.status(app["id"], citizen) == "awaiting_payment"  # a failed payment changes nothing
    assert call.send(qris_path, note, secret="y" * 64)[1]["responseCode"] == "4015200"
    assert call.send(qris_path, {**note, "latestTransactionStatus": "00", "amount": {
        "value": "3000.00", "currency": "IDR"}})[1]["responseCode"] == "4045213"
    status, body = cloud.bank.pay_qris(invoice["qris"])
    assert (status, body["responseCode"]) == (200, "2005200")
    done = cloud.wait_for(app["id"], citizen, "issued")
    assert done["invoice"]["payment"]["channel"] == "QRIS"
    assert paid_events(cloud, app["id"], citizen) == 1
    with pytest.raises(ValueError, match="CRC"):  # a payload altered on the way is not even payable
        cloud.bank.pay_qris(invoice["qris"].replace("30000", "10000"))


class Outage:
    """Our payment endpoint unreachable for the bank's first tries (a deploy, a network cut)."""

    def __init__(self, transport, failures: int):
        self.transport, self.failures = transport, failures

    def post(self, path, headers, body):
        if path == PAYMENT and self.failures:
            self.failures -= 1
            raise ConnectionRefusedError("PISAO unreachable")
        return self.transport.post(path, headers, body)


def test_the_banks_retries_succeed_once_our_endpoint_is_back(cloud, citizen, billed):
    app, invoice = billed
    bank = Bank(BANK_KEYS, Outage(ApiTransport(cloud.client), failures=2), retry_wait=0)
    status, body = bank.pay(invoice["virtualAccount"])
    assert (status, body["responseCode"]) == (200, "2002500")  # the third try, flagged as a retry
    issued = cloud.wait_for(app["id"], citizen, "issued")
    assert issued["invoice"]["status"] == "paid" and paid_events(cloud, app["id"], citizen) == 1
    # Down for longer than the bank keeps trying: it gives up, nothing is credited, the bill stays payable.
    app2 = skck_awaiting_payment(cloud, citizen, officer(cloud))
    gave_up = Bank(BANK_KEYS, Outage(ApiTransport(cloud.client), failures=10), retries=2, retry_wait=0)
    assert gave_up.pay(app2["invoice"]["virtualAccount"])[0] == 504
    assert cloud.status(app2["id"], citizen) == "awaiting_payment" and gave_up.ledger == []


def test_unknown_bills_and_our_own_failures_are_answered_in_snap_terms(cloud, citizen, billed, monkeypatch):
    app, invoice = billed
    call = Caller(cloud)
    psid = BANK_KEYS.partner_service_id.rjust(8)
    unknown = {"partnerServiceId": psid, "customerNo": "000099999990", "virtualAccountNo": psid + "000099999990",
               "paymentRequestId": "PAYU", "paidAmount": {"value": "30000.00", "currency": "IDR"},
               "trxDateTime": stamp()}
    assert call.send(PAYMENT, unknown)[1]["responseCode"] == "4042512"

    def broken(*_args, **_kwargs):
        raise RuntimeError("the invoices table is unreachable")

    monkeypatch.setattr(snap_api.crediting, "credit", broken)
    assert call.send(PAYMENT, payment_body(invoice, "PAYF")) == (500, {"responseCode": "5002500",
                                                                       "responseMessage": "General Error"})
    monkeypatch.undo()
    assert cloud.status(app["id"], citizen) == "awaiting_payment" and paid_events(cloud, app["id"], citizen) == 0


def test_a_payment_credited_while_step_functions_is_down_is_told_later(cloud, citizen, billed, monkeypatch):
    from botocore.exceptions import EndpointConnectionError

    from chalicelib.adapters.aws import StepFunctions
    from chalicelib.operations import sweeper

    app, invoice = billed
    real = StepFunctions.succeed

    def down(self, token, output):
        raise EndpointConnectionError(endpoint_url="https://states.invalid")

    cloud.pump.run_until(lambda: store.get(app["id"]).task_token is not None)  # the Payment step is waiting
    monkeypatch.setattr(StepFunctions, "succeed", down)
    status, body = cloud.bank.pay(invoice["virtualAccount"])
    assert (status, body["responseCode"]) == (200, "2002500")  # the bank hears "paid": it is, here
    assert cloud.status(app["id"], citizen) == "paid"
    assert sweeper.answer_paid(adapters.state_machine(), older_than=timedelta(0)) == {"paidWaiting": 1, "told": 0}
    monkeypatch.setattr(StepFunctions, "succeed", real)
    assert sweeper.answer_paid(adapters.state_machine(), older_than=timedelta(0)) == {"paidWaiting": 1, "told": 1}
    cloud.wait_for(app["id"], citizen, "issued")
    assert sweeper.answer_paid(adapters.state_machine(), older_than=timedelta(0)) == {"paidWaiting": 0, "told": 0}
