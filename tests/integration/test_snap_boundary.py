"""The SNAP endpoints at the HTTP boundary: bodies too deep, too large or not JSON, wrong content types and
methods are answered in SNAP's terms (a 400-class invalid-format code, never 5002400), and a bank that signs the
whole path after the host, stage prefix included, is understood.

No third-party SNAP client library is usable here: `snap-bca-api` 1.0.0 (PyPI) computes the signatures itself but
is GPL-3.0 and pins cryptography==43.0.3 and requests==2.31.0, and it calls BCA's own endpoints. So
`BcaStyleClient` below signs exactly as that SDK does (`_BCA_SNAP__getSnapSymetricSignature`): the body as
`json.dumps(payload, separators=(",", ":"))`, SHA-256 hex of it, `METHOD:path:token:hash:timestamp` with the path
as the SDK's host is followed by it, HMAC-SHA512, base64; timestamps `isoformat(timespec="seconds")` in +07:00."""

import base64
import hashlib
import hmac
import json
import random
from datetime import datetime, timedelta, timezone

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from tests.cloud import BANK_KEYS
from tests.integration.test_snap_biller import INQUIRY, PAYMENT, Caller, billed, paid_events, payment_body, va_body

__all__ = ["billed"]  # the fixture, shared with test_snap_biller


class BcaStyleClient:
    """A bank's SNAP client as BCA's published Python SDK writes it, talking to the in-process API. `host_path` is
    what the bank's base URL puts before the route (the deployed API's stage prefix is `/api`)."""

    def __init__(self, cloud, host_path: str) -> None:
        self.cloud, self.host_path = cloud, host_path

    @staticmethod
    def timestamp() -> str:
        return datetime.now(timezone(timedelta(hours=7))).isoformat(timespec="seconds")

    def access_token(self) -> str:
        ts = self.timestamp()
        key = serialization.load_pem_private_key(BANK_KEYS.private_key_pem.encode(), password=None)
        signature = base64.b64encode(key.sign(f"{BANK_KEYS.client_id}|{ts}".encode(), padding.PKCS1v15(),
                                              hashes.SHA256())).decode()
        answer = self.cloud.call("POST", "/v1.0/access-token/b2b", raw=json.dumps({"grantType": "client_credentials"})
                                 .encode(), headers={"X-TIMESTAMP": ts, "X-CLIENT-KEY": BANK_KEYS.client_id,
                                                     "X-SIGNATURE": signature})
        assert answer.json_body["responseCode"] == "2007300", answer.body
        return answer.json_body["accessToken"]

    def post(self, route: str, payload: dict, token: str) -> tuple[int, dict]:
        ts, path = self.timestamp(), self.host_path + route
        data = json.dumps(payload, separators=(",", ":"))
        digest = hashlib.sha256(data.encode()).hexdigest().lower()
        string_to_sign = f"POST:{path}:{token}:{digest}:{ts}".encode()
        signature = base64.b64encode(hmac.new(BANK_KEYS.client_secret.encode(), string_to_sign,
                                              digestmod=hashlib.sha512).digest()).decode()
        headers = {"Content-Type": "application/json", "X-PARTNER-ID": BANK_KEYS.client_id,
                   "Authorization": "Bearer " + token, "X-TIMESTAMP": ts, "CHANNEL-ID": "95231",
                   "X-SIGNATURE": signature, "X-EXTERNAL-ID": "".join(random.choices("0123456789", k=16))}
        answer = self.cloud.call("POST", route, raw=data.encode(), headers=headers)  # the gateway strips the stage
        return answer.status_code, answer.json_body


def test_a_bank_signing_the_path_with_the_stage_prefix_is_understood(cloud, citizen, billed):
    app, invoice = billed
    for host_path in ("/api", ""):  # BCA's SDK signs the whole path after the host; others sign the route
        bank = BcaStyleClient(cloud, host_path)
        status, body = bank.post(INQUIRY, va_body(invoice, inquiryRequestId="INQ" + host_path.strip("/")),
                                 bank.access_token())
        assert (status, body["responseCode"]) == (200, "2002400"), host_path
    for other in ("/openapi", "/api/api", "/ap", "/API"):  # only the configured prefix, as written
        bank = BcaStyleClient(cloud, other)
        status, body = bank.post(INQUIRY, va_body(invoice, inquiryRequestId="INQX"), bank.access_token())
        assert (status, body["responseCode"]) == (401, "4012400"), other
    bank = BcaStyleClient(cloud, "/api")
    status, body = bank.post(PAYMENT, payment_body(invoice, "PAYBCA"), bank.access_token())
    assert (status, body["responseCode"]) == (200, "2002500")
    assert paid_events(cloud, app["id"], citizen) == 1


def test_a_deep_signed_body_is_an_invalid_format_not_a_general_error(cloud, citizen, billed):
    app, _invoice = billed
    call = Caller(cloud)
    for raw in (b"[" * 30_000 + b"]" * 30_000, b'{"a": ' * 40 + b"1" + b"}" * 40):
        status, body = call.send(INQUIRY, {}, body=raw)  # token and signature right: the bank's own bytes
        assert (status, body["responseCode"]) == (400, "4002401"), raw[:10]
        assert body["responseMessage"] == "Invalid Field Format body [deeper than 32 levels]"
    assert paid_events(cloud, app["id"], citizen) == 0


def test_a_large_or_broken_body_is_refused_in_snap_terms(cloud, citizen, billed):
    app, invoice = billed
    call = Caller(cloud)
    large = json.dumps({**payment_body(invoice, "PAYBIG"), "additionalInfo": {"pad": "x" * 10_000_000}}).encode()
    status, body = call.send(PAYMENT, {}, body=large)
    assert (status, body) == (400, {"responseCode": "4002501",
                                    "responseMessage": "Invalid Field Format body [larger than 64 KB]"})
    status, body = call.send(PAYMENT, {}, body=b'{"partnerServiceId": "\\ud800"}')
    assert (status, body["responseMessage"]) == (400, "Invalid Field Format partnerServiceId [lone surrogate]")
    status, body = call.send(PAYMENT, {}, body=b'{"partnerServiceId": "\xff"}')
    assert (status, body) == (400, {"responseCode": "4002501",
                                    "responseMessage": "Invalid Field Format body [not UTF-8]"})
    assert paid_events(cloud, app["id"], citizen) == 0


def test_wrong_methods_and_content_types_on_snap_routes(cloud):
    for path, service in ((INQUIRY, "24"), (PAYMENT, "25"), ("/v1.0/access-token/b2b", "73")):
        wrong = cloud.call("GET", path)
        assert (wrong.status_code, wrong.headers["Allow"]) == (405, "POST, OPTIONS"), path
        assert wrong.json_body == {"responseCode": f"405{service}00",
                                   "responseMessage": "Requested Function Is Not Supported"}
        assert wrong.headers["X-TIMESTAMP"]
        typed = cloud.call("POST", path, raw=b"grantType=client_credentials",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert (typed.status_code, typed.json_body["responseCode"]) == (400, f"400{service}01"), path
        assert typed.json_body["responseMessage"] == "Invalid Field Format Content-Type [application/json only]"
