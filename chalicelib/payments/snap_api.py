"""The Pemda's side of SNAP BI: the endpoints the RKUD bank calls (access token, VA inquiry, VA payment, VA
status, QRIS payment notification).

Each call is checked in the order a bank expects the refusals: mandatory headers, the access token, the
timestamp window, the signature, the X-EXTERNAL-ID (unique per partner and Jakarta day: a replayed request is
a conflict), then the body. Only a call that passes all of that reaches an invoice, and a payment is credited
by `crediting.credit`, once however often the bank retries. Every call is logged and audited with its
response code, never with the payer's data. Returns (HTTP status, body): the routes only copy them out."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.catalogue import rules
from chalicelib.core import audit
from chalicelib.core.auth import Principal
from chalicelib.core.config import settings
from chalicelib.core.models import SecurityModel
from chalicelib.core.ports import StateMachine
from chalicelib.payments import crediting, fees, invoices, repository, snap, treasury
from chalicelib.payments.formatting import wib_iso
from chalicelib.payments.snap import SnapError, snap_error

logger = logging.getLogger("pisao")

TOKEN_PATH = "/v1.0/access-token/b2b"  # noqa: S105 - a URL path, not a secret
INQUIRY_PATH = "/v1.0/transfer-va/inquiry"
PAYMENT_PATH = "/v1.0/transfer-va/payment"
STATUS_PATH = "/v1.0/transfer-va/status"
QRIS_NOTIFY_PATH = "/v1.0/qr/qr-mpm-notify"
SERVICES = {TOKEN_PATH: "73", INQUIRY_PATH: "24", PAYMENT_PATH: "25", STATUS_PATH: "26", QRIS_NOTIFY_PATH: "52"}
TOKEN_SECONDS = 900
_EXTERNAL_ID = re.compile(r"[0-9]{1,36}")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")


@dataclass(frozen=True)
class Partner:
    """The RKUD bank as registered with us: its client id, the shared HMAC secret, its RSA public key and the
    VA prefix it assigned to the Pemda."""

    client_id: str
    client_secret: str
    public_key_pem: str
    partner_service_id: str

    @classmethod
    def from_settings(cls) -> Partner | None:
        cfg = settings()
        if not (cfg.snap_client_id and cfg.snap_client_secret and cfg.snap_bank_public_key
                and cfg.snap_partner_service_id):
            return None
        return cls(cfg.snap_client_id, cfg.snap_client_secret, cfg.snap_bank_public_key,
                   cfg.snap_partner_service_id)

    @property
    def principal(self) -> Principal:
        return Principal(person_id=f"bank:{self.client_id}", name="Bank RKUD", roles=frozenset({"bank"}),
                         agency=None)


Answer = tuple[int, dict]


def _headers(headers: Any) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in dict(headers or {}).items()}


def _required(h: dict[str, str], names: tuple[str, ...], service: str) -> None:
    for name in names:
        if not h.get(name.lower(), "").strip():
            raise snap.missing_field(name, service)


def _token_key(token: str) -> str:
    return "snap-token#" + hashlib.sha256(token.encode("utf-8")).hexdigest()


def _refusal(service: str, detail: str) -> SnapError:
    return snap_error(f"401{service}00", detail)


def _finish(path: str, code_body: Answer, partner: Partner | None, subject: str, source_ip: str | None) -> Answer:
    status, body = code_body
    code = body.get("responseCode")
    logger.info("snap call", extra={"path": path, "responseCode": code})
    if partner is not None:
        audit.record(partner.principal, f"snap{path}", subject,
                     outcome="allowed" if status < 300 else "refused", data={"responseCode": code},
                     source_ip=source_ip)
    return status, body


# --- access token (service 73) ------------------------------------------------------------------------------------


def access_token(headers: Any, raw: bytes, now: datetime, source_ip: str | None = None) -> Answer:
    partner = Partner.from_settings()
    try:
        return _finish(TOKEN_PATH, _access_token(_headers(headers), raw, now, partner), partner, "snap#token",
                       source_ip)
    except SnapError as err:
        return _finish(TOKEN_PATH, (err.http_status, err.body()), partner, "snap#token", source_ip)


def _access_token(h: dict[str, str], raw: bytes, now: datetime, partner: Partner | None) -> Answer:
    service = "73"
    _required(h, ("X-TIMESTAMP", "X-CLIENT-KEY", "X-SIGNATURE"), service)
    snap.check_timestamp(h["x-timestamp"], now, service=service)
    if partner is None or not hmac.compare_digest(h["x-client-key"], partner.client_id):
        raise _refusal(service, "[Unknown client]")
    if not snap.verify_asymmetric(partner.public_key_pem, h["x-client-key"], h["x-timestamp"], h["x-signature"]):
        raise _refusal(service, "[Signature]")
    body = _json(raw, service)
    if body.get("grantType") is None:
        raise snap.missing_field("grantType", service)
    if body["grantType"] != "client_credentials":
        raise snap.invalid_field("grantType", service)
    token = secrets.token_urlsafe(32)
    repository.save_token(_token_key(token), partner.client_id, int(now.timestamp()) + TOKEN_SECONDS)
    return 200, {**snap.response("2007300"), "accessToken": token, "tokenType": "Bearer",
                 "expiresIn": str(TOKEN_SECONDS)}


# --- transactions ------------------------------------------------------------------------------------------------


def transaction(path: str, headers: Any, raw: bytes, now: datetime, workflow: StateMachine,
                source_ip: str | None = None) -> Answer:
    """A signed SNAP transaction call (inquiry, payment, status, QRIS notification)."""
    service = SERVICES[path]
    partner = Partner.from_settings()
    subject = ["snap#unknown"]
    try:
        h = _headers(headers)
        _authenticate(path, service, h, raw, now, partner)
        assert partner is not None  # _authenticate refuses every call while no bank is configured
        body = _json(raw, service)
        _claim_external_id(partner, h["x-external-id"], now, service)
        handler = {INQUIRY_PATH: _inquiry, PAYMENT_PATH: _payment, STATUS_PATH: _status,
                   QRIS_NOTIFY_PATH: _qris_notify}[path]
        answer = handler(body, partner, now, workflow, subject)
    except SnapError as err:
        answer = err.http_status, err.body()
    except Exception as exc:  # noqa: BLE001 - our fault (a store unreachable, a bug): the bank retries later
        logger.exception("snap call failed", extra={"path": path, "error": type(exc).__name__})
        answer = 500, snap_error(f"500{service}00").body()
    return _finish(path, answer, partner, subject[0], source_ip)


def _authenticate(path: str, service: str, h: dict[str, str], raw: bytes, now: datetime,
                  partner: Partner | None) -> None:
    _required(h, ("Authorization", "X-TIMESTAMP", "X-SIGNATURE", "X-PARTNER-ID", "X-EXTERNAL-ID", "CHANNEL-ID"),
              service)
    scheme, _, token = h["authorization"].partition(" ")
    item = _stored_token(token) if scheme.lower() == "bearer" and token else None
    if partner is None or item is None or item.expires_at <= now.timestamp() \
            or (item.payload or {}).get("clientId") != partner.client_id \
            or not hmac.compare_digest(h["x-partner-id"], partner.client_id):
        raise snap_error(f"401{service}01")
    snap.check_timestamp(h["x-timestamp"], now, service=service)
    try:
        valid = any([snap.verify_symmetric(partner.client_secret, "POST", signed, token, raw, h["x-timestamp"],
                                           h["x-signature"]) for signed in signed_paths(path)])
    except ValueError as exc:
        raise snap.invalid_field("body", service) from exc
    if not valid:
        raise _refusal(service, "[Signature]")
    if not _EXTERNAL_ID.fullmatch(h["x-external-id"]):
        raise snap.invalid_field("X-EXTERNAL-ID", service)


def signed_paths(path: str) -> tuple[str, ...]:
    """The relative paths a bank may sign: the route (`/v1.0/transfer-va/inquiry`), or the whole path after the
    host, stage prefix included (`/api/v1.0/...`), as BCA's SDK signs it. Only the configured prefix."""
    prefix = settings().api_path_prefix
    return (path, prefix + path) if prefix else (path,)


# The HTTP boundary's refusals (functions/http.py) as the field SNAP's "Invalid Field Format" names, and why.
_BOUNDARY_FIELDS = {"unsupported_media_type": ("Content-Type", "[application/json only]"),
                    "too_large": ("body", "[larger than {limit} KB]"),
                    "too_deep": ("body", "[deeper than {limit} levels]"),
                    "invalid_encoding": ("body", "[not UTF-8]"), "invalid_character": (None, "[lone surrogate]"),
                    "invalid_parameter": (None, "[lone surrogate]")}


def boundary_refusal(path: str, code: str, field: str | None = None, limit: int | None = None) -> Answer:
    """A call the HTTP boundary refused before it reached the checks above (a body too large, too deep or not
    UTF-8 JSON, a wrong content type or method): SNAP's invalid-format code naming the field, or 405 for a method."""
    service = SERVICES[path]
    if code == "method_not_allowed":
        error = snap_error(f"405{service}00")
    else:
        name, why = _BOUNDARY_FIELDS.get(code, ("body", ""))
        error = snap.invalid_field(f"{name or field or 'body'} {why.format(limit=limit)}".strip(), service)
    return _finish(path, (error.http_status, error.body()), Partner.from_settings(), "snap#unknown", None)


def _stored_token(token: str) -> SecurityModel | None:
    return repository.find_token(_token_key(token))


def _claim_external_id(partner: Partner, external_id: str, now: datetime, service: str) -> None:
    """X-EXTERNAL-ID is unique per partner and day: the first call takes it, a second one is a replay."""
    key = f"snap-external-id#{partner.client_id}#{invoices.paid_day(now)}#{external_id}"
    if not repository.claim_once(key, int(now.timestamp()) + 2 * 86400):
        raise snap_error(f"409{service}00", "[X-EXTERNAL-ID already used today]")


def _json(raw: bytes, service: str) -> dict:
    try:
        body = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise snap.invalid_field("body", service) from exc
    if not isinstance(body, dict):
        raise snap.invalid_field("body", service)
    return body


def _text(body: dict, field: str, service: str, pattern: re.Pattern | None = None, optional: bool = False) -> str:
    value = body.get(field)
    if value is None or value == "":
        if optional:
            return ""
        raise snap.missing_field(field, service)
    if not isinstance(value, str) or (pattern is not None and not pattern.fullmatch(value)):
        raise snap.invalid_field(field, service)
    return value


# --- virtual account -----------------------------------------------------------------------------------------


def _va_invoice(body: dict, partner: Partner, service: str, subject: list[str]):
    """The invoice a VA call names, after checking that its three VA fields agree with each other and with us."""
    psid = _text(body, "partnerServiceId", service)
    customer = _text(body, "customerNo", service)
    va = _text(body, "virtualAccountNo", service)
    if snap.virtual_account_no(psid, customer, service) != va:
        raise snap.invalid_field("virtualAccountNo", service)
    if psid.strip() != partner.partner_service_id.strip() or not fees.check_customer_no(customer):
        raise snap_error(f"404{service}12")
    invoice = invoices.find(f"INV-{customer}")
    if invoice is None or invoice.va_number != va:
        raise snap_error(f"404{service}12")
    subject[0] = f"invoice#{invoice.invoice_id}"
    return invoice, {"partnerServiceId": psid, "customerNo": customer, "virtualAccountNo": va}


def _bill_details(invoice) -> list[dict]:
    # SNAP's bill fields are short (name 20, short name 10, description 18 characters): the invoice id says it
    # all, and the description is the line's kind ("Pajak", "Retribusi", "Biaya layanan"), as on the receipt.
    details = []
    for i, line in enumerate(invoice.lines):
        kind = rules.FEE_KINDS[fees.line_kind(line)]
        details.append({"billCode": f"{i + 1:02d}", "billNo": invoice.invoice_id, "billName": invoice.permit_id[:20],
                        "billShortName": "PISAO", "billDescription": {"english": kind["en"], "indonesia": kind["id"]},
                        "billAmount": snap.format_amount(int(line["amount"]))})
    return details


def _reason(english: str, indonesia: str) -> dict:
    return {"english": english, "indonesia": indonesia}


def _inquiry(body: dict, partner: Partner, now: datetime, _workflow: StateMachine, subject: list[str]) -> Answer:
    service = "24"
    invoice, va = _va_invoice(body, partner, service, subject)
    request_id = _text(body, "inquiryRequestId", service, _REQUEST_ID)
    if invoice.status == invoices.PAID:
        raise snap_error("4042414")
    if not invoices.is_due(invoice, now):
        raise snap_error("4042419")
    return 200, {**snap.response("2002400"), "virtualAccountData": {
        **va, "inquiryRequestId": request_id, "inquiryStatus": "00", "inquiryReason": _reason("Success", "Sukses"),
        "virtualAccountName": (invoice.payer_name or "Wajib Bayar")[:255],
        "totalAmount": snap.format_amount(int(invoice.total)), "virtualAccountTrxType": "C",
        "expiredDate": wib_iso(invoice.expires_at), "billDetails": _bill_details(invoice),
        "feeAmount": snap.format_amount(0)}}


def _payment(body: dict, partner: Partner, now: datetime, workflow: StateMachine, subject: list[str]) -> Answer:
    service = "25"
    invoice, va = _va_invoice(body, partner, service, subject)
    request_id = _text(body, "paymentRequestId", service, _REQUEST_ID)
    paid = snap.parse_amount(body.get("paidAmount"), "paidAmount", service)
    trx_time = _text(body, "trxDateTime", service)
    snap.parse_timestamp(trx_time, service)
    reference = _text(body, "referenceNo", service, _REQUEST_ID, optional=True) or request_id
    flag = _text(body, "flagAdvise", service, re.compile("[YN]"), optional=True) or "N"
    answer = {**snap.response("2002500"), "virtualAccountData": {
        **va, "paymentRequestId": request_id, "paymentFlagStatus": "00",
        "paymentFlagReason": _reason("Success", "Sukses"), "paidAmount": snap.format_amount(paid),
        "totalAmount": snap.format_amount(int(invoice.total)), "trxDateTime": trx_time, "referenceNo": reference,
        "virtualAccountName": (invoice.payer_name or "Wajib Bayar")[:255], "billDetails": _bill_details(invoice)}}
    outcome = crediting.credit(invoice.invoice_id, crediting.Payment("VA", request_id, reference, paid, trx_time,
                                                                     answer), partner.principal, workflow, now)
    if outcome.result in (crediting.CREDITED, crediting.REPEATED):
        if outcome.result == crediting.REPEATED:
            logger.info("snap payment repeated", extra={"flagAdvise": flag})
        return 200, outcome.answer or answer
    raise snap_error({crediting.ALREADY_PAID: "4042514", crediting.EXPIRED: "4042519",
                      crediting.WRONG_AMOUNT: "4042513"}.get(outcome.result, "4042512"))


def _status(body: dict, partner: Partner, _now: datetime, _workflow: StateMachine, subject: list[str]) -> Answer:
    service = "26"
    invoice, va = _va_invoice(body, partner, service, subject)
    request_id = _text(body, "paymentRequestId", service, _REQUEST_ID, optional=True)
    payment = invoice.payment or {}
    settled = invoice.status == invoices.PAID and (not request_id or payment.get("requestId") == request_id)
    data = {**va, "paymentRequestId": request_id or payment.get("requestId", ""),
            "paymentFlagStatus": "00" if settled else "01",
            "paymentFlagReason": _reason("Success", "Sukses") if settled else _reason("Not paid", "Belum dibayar"),
            "totalAmount": snap.format_amount(int(invoice.total))}
    if settled:
        data.update(paidAmount=snap.format_amount(int(payment["amount"])), trxDateTime=payment.get("bankTime"),
                    referenceNo=payment.get("bankReference"))
    return 200, {**snap.response("2002600"), "virtualAccountData": data}


# --- QRIS payment notification (service 52) ------------------------------------------------------------------


def _qris_notify(body: dict, partner: Partner, now: datetime, workflow: StateMachine, subject: list[str]) -> Answer:
    """The acquirer tells us the status of a QRIS payment. Only status 00 (success) credits; the others are
    acknowledged and change nothing. The bill number in the QR (tag 62.01) names the invoice."""
    service = "52"
    reference = _text(body, "originalReferenceNo", service, _REQUEST_ID)
    bill_no = _text(body, "originalPartnerReferenceNo", service, re.compile(r"INV-[0-9]{12}"))
    status = _text(body, "latestTransactionStatus", service, re.compile("0[0-7]"))
    amount = snap.parse_amount(body.get("amount"), "amount", service)
    subject[0] = f"invoice#{bill_no}"
    if invoices.find(bill_no) is None:
        raise snap_error(f"404{service}12")
    ok = snap.response(f"200{service}00")
    if status != "00":
        return 200, ok
    bank_time = _text(body, "transactionDate", service, optional=True) or wib_iso(now)
    outcome = crediting.credit(bill_no, crediting.Payment("QRIS", reference, reference, amount, bank_time, ok),
                               partner.principal, workflow, now)
    if outcome.result in (crediting.CREDITED, crediting.REPEATED):
        return 200, ok
    if outcome.result in (crediting.EXPIRED, crediting.ALREADY_PAID):
        # The acquirer has taken the money already: it cannot be refused, only given back.
        treasury.record_refund(reference, "QRIS", amount, "expired_invoice" if outcome.result == crediting.EXPIRED
                               else "already_paid", bill_no)
    raise snap_error(f"404{service}" + {crediting.ALREADY_PAID: "14", crediting.EXPIRED: "19",
                                        crediting.WRONG_AMOUNT: "13"}.get(outcome.result, "12"))
