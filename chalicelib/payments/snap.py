"""SNAP BI (Bank Indonesia's national open payment API) for the biller side of a virtual account.

The bank calls the Pemda's endpoints (access token, VA inquiry, VA payment). Nothing else tells us a call really
comes from the bank, so every request is checked here: an RSA signature over ``clientId|timestamp`` for the token,
an HMAC-SHA512 over method, path, token, body hash and timestamp for each transaction, and a timestamp window
against replays. The helpers are pure (no AWS, no HTTP framework) so the endpoints, the bank simulator and the
tests share one implementation of the protocol.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

# Standard messages by (HTTP status, case); the service code sits between them in the response code.
MESSAGES: dict[tuple[int, str], str] = {
    (200, "00"): "Successful",
    (400, "01"): "Invalid Field Format",
    (400, "02"): "Invalid Mandatory Field",
    (401, "00"): "Unauthorized.",
    (401, "01"): "Invalid Token (B2B)",
    (404, "12"): "Invalid Bill/Virtual Account [Not Found]",
    (404, "13"): "Invalid Amount",
    (404, "14"): "Paid Bill",
    (404, "19"): "Invalid Bill/Virtual Account [Expired]",
    (405, "00"): "Requested Function Is Not Supported",  # SNAP's general code for a method the endpoint lacks
    (409, "00"): "Conflict",
    (500, "00"): "General Error",
}

# The codes our endpoints answer with (service 73 = access token, 24 = VA inquiry, 25 = VA payment).
KNOWN_CODES: tuple[str, ...] = (
    "2002400", "2002500", "2007300",
    "4012400", "4012401", "4002401", "4002402", "4092400",
    "4042412", "4042512", "4042513", "4042414", "4042514", "4042419", "4042519",
    "4052400", "5002400",
)  # fmt: skip

_CODE = re.compile(r"([0-9]{3})([0-9]{2})([0-9]{2})")


@dataclass
class SnapError(Exception):
    """A refusal in SNAP's terms: the response code is HTTP status + service code + case."""

    http_status: int
    service_code: str
    case: str
    message: str

    @property
    def response_code(self) -> str:
        return f"{self.http_status}{self.service_code}{self.case}"

    def __str__(self) -> str:
        return f"{self.response_code}: {self.message}"

    def body(self) -> dict:
        return response(self.response_code, self.message)


def _split(code: str) -> tuple[int, str, str]:
    match = _CODE.fullmatch(code) if isinstance(code, str) else None
    if not match or (int(match[1]), match[3]) not in MESSAGES:
        raise ValueError(f"unknown SNAP response code {code!r}")
    return int(match[1]), match[2], match[3]


def message_for(code: str, detail: str | None = None) -> str:
    """SNAP's standard message for a code, with a detail such as the offending field name."""
    http_status, _, case = _split(code)
    base = MESSAGES[(http_status, case)]
    return f"{base} {detail}" if detail else base


def snap_error(code: str, detail: str | None = None) -> SnapError:
    """Build the error for a seven-digit code, e.g. ``snap_error("4002401", "amount.value")``."""
    http_status, service, case = _split(code)
    return SnapError(http_status, service, case, message_for(code, detail))


def response(code: str, message: str | None = None) -> dict:
    """The ``responseCode``/``responseMessage`` pair every SNAP answer starts with."""
    return {"responseCode": code, "responseMessage": message if message is not None else message_for(code)}


def invalid_field(field: str, service: str = "24") -> SnapError:
    return snap_error(f"400{service}01", field)


def missing_field(field: str, service: str = "24") -> SnapError:
    return snap_error(f"400{service}02", field)


# --- body minification -------------------------------------------------------------------------------------------


def minify(body: bytes | str) -> str:
    """The body as the sender wrote it, less the whitespace between tokens: escapes, number spellings and key
    order stay as they were, so our hash is the bank's even where re-encoding the JSON would differ."""
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        raise ValueError(f"SNAP request body is not valid UTF-8 JSON: {type(exc).__name__}") from exc
    out, in_string, escaped = [], False, False
    for char in text:
        if in_string:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
            out.append(char)
        elif char not in " \t\r\n":
            out.append(char)
    return "".join(out)


def body_digest(body: bytes | str) -> str:
    return hashlib.sha256(minify(body).encode("utf-8")).hexdigest()


# --- asymmetric signature (access token) -------------------------------------------------------------------------


def asymmetric_string_to_sign(client_id: str, timestamp: str) -> str:
    return f"{client_id}|{timestamp}"


def sign_asymmetric(private_key_pem: bytes | str, client_id: str, timestamp: str) -> str:
    """SHA256withRSA (PKCS#1 v1.5), base64: what the bank (or our simulator) sends as X-SIGNATURE."""
    key = serialization.load_pem_private_key(_bytes(private_key_pem), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("SNAP asymmetric signatures need an RSA private key")
    message = asymmetric_string_to_sign(client_id, timestamp).encode("utf-8")
    return base64.b64encode(key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


def verify_asymmetric(public_key_pem: bytes | str, client_id: str, timestamp: str, signature_b64: str) -> bool:
    """True only if the bank's registered key signed ``client_id|timestamp``."""
    key = serialization.load_pem_public_key(_bytes(public_key_pem))
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("SNAP asymmetric signatures need an RSA public key")
    signature = _b64decode(signature_b64)
    if signature is None:
        return False
    message = asymmetric_string_to_sign(client_id, timestamp).encode("utf-8")
    try:
        key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


# --- symmetric signature (transactions) --------------------------------------------------------------------------


def symmetric_string_to_sign(
    method: str, relative_path: str, access_token: str, body: bytes | str, timestamp: str
) -> str:
    return f"{method.upper()}:{relative_path}:{access_token}:{body_digest(body)}:{timestamp}"


def sign_symmetric(
    client_secret: str, method: str, relative_path: str, access_token: str, body: bytes | str, timestamp: str
) -> str:
    """base64(HMAC-SHA512(clientSecret, stringToSign)). Raises ValueError when the body is not JSON."""
    message = symmetric_string_to_sign(method, relative_path, access_token, body, timestamp)
    digest = hmac.new(client_secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha512).digest()
    return base64.b64encode(digest).decode("ascii")


def verify_symmetric(
    client_secret: str,
    method: str,
    relative_path: str,
    access_token: str,
    body: bytes | str,
    timestamp: str,
    signature_b64: str,
) -> bool:
    """Constant-time check of X-SIGNATURE. Raises ValueError when the body is not JSON (answer 400, not 401)."""
    expected = sign_symmetric(client_secret, method, relative_path, access_token, body, timestamp)
    return hmac.compare_digest(expected.encode("ascii"), signature_b64.encode("utf-8", "replace"))


# --- timestamps ----------------------------------------------------------------------------------------------------

_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?([+-][0-9]{2}:[0-9]{2}|Z)"
)


def parse_timestamp(value: str, service: str = "24") -> datetime:
    """ISO-8601 with seconds and an explicit offset, e.g. ``2026-12-02T08:30:00+07:00`` (milliseconds allowed)."""
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        raise invalid_field("X-TIMESTAMP", service)
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:  # e.g. month 13
        raise invalid_field("X-TIMESTAMP", service) from exc


def check_timestamp(value: str, now: datetime, window_seconds: int = 300, service: str = "24") -> datetime:
    """Refuse a timestamp more than ``window_seconds`` away from ``now`` (either way): a replay or a wrong clock."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    moment = parse_timestamp(value, service)
    if abs((moment - now).total_seconds()) > window_seconds:
        raise snap_error(f"401{service}00", "[X-TIMESTAMP outside the allowed window]")
    return moment


# --- amounts and VA numbers ----------------------------------------------------------------------------------------

_AMOUNT = re.compile(r"(0|[1-9][0-9]{0,15})\.([0-9]{2})")


def format_amount(rupiah: int) -> dict:
    if isinstance(rupiah, bool) or not isinstance(rupiah, int) or rupiah < 0:
        raise ValueError(f"amount must be a non-negative whole number of rupiah, not {rupiah!r}")
    return {"value": f"{rupiah}.00", "currency": "IDR"}


def parse_amount(obj: object, field: str = "amount", service: str = "24") -> int:
    """Whole rupiah from ``{"value": "150000.00", "currency": "IDR"}``; anything else is refused."""
    if not isinstance(obj, dict):
        raise missing_field(field, service) if obj is None else invalid_field(field, service)
    for key in ("value", "currency"):
        if obj.get(key) is None:
            raise missing_field(f"{field}.{key}", service)
    if obj["currency"] != "IDR":
        raise invalid_field(f"{field}.currency", service)
    match = _AMOUNT.fullmatch(obj["value"]) if isinstance(obj["value"], str) else None
    if not match or match[2] != "00":  # the treasury books whole rupiah only
        raise invalid_field(f"{field}.value", service)
    return int(match[1])


def virtual_account_no(partner_service_id: str, customer_no: str, service: str = "24") -> str:
    """partnerServiceId left-padded with spaces to 8 characters, then customerNo (up to 20 digits)."""
    valid = isinstance(partner_service_id, str) and len(partner_service_id) <= 8
    if not valid or not re.fullmatch(r" *[0-9]{1,8}", partner_service_id):
        raise invalid_field("partnerServiceId", service)
    if not isinstance(customer_no, str) or not re.fullmatch(r"[0-9]{1,20}", customer_no):
        raise invalid_field("customerNo", service)
    return partner_service_id.lstrip(" ").rjust(8) + customer_no


def _bytes(value: bytes | str) -> bytes:
    return value.encode("ascii") if isinstance(value, str) else value


def _b64decode(value: str) -> bytes | None:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError, TypeError):
        return None
