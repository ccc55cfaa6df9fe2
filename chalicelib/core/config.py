"""Settings read from the environment, so the same code runs on AWS Jakarta, an Indonesian
S3/SQS-compatible cloud, or the local moto stack: only the configuration differs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_REGION = "ap-southeast-3"  # AWS Jakarta: data of Indonesians stays in Indonesia (PP 71/2019)
# How long a call to DynamoDB, S3, SQS or Step Functions may wait: every attempt may take the whole connect and read
# timeout, and all attempts together must end inside API Gateway's 29 s so the API answers (and falls back).
CONNECT_TIMEOUT_SECONDS = 3
READ_TIMEOUT_SECONDS = 10
ATTEMPTS = 2  # a throttled or dropped request is tried once more


@dataclass(frozen=True)
class Settings:
    region: str
    endpoint_url: str | None
    uploads_bucket: str
    documents_bucket: str
    submissions_queue_url: str
    tasks_queue_url: str
    state_machine_arn: str
    user_pool_id: str
    user_pool_client_id: str
    jwks_url: str
    token_issuer: str
    presign_expires_seconds: int
    otp_pepper: str
    mail_from: str
    # DynamoDB (chalicelib/core/models.py): its own address when the cloud gives it one, and the tables' names.
    dynamodb_endpoint_url: str | None = None
    applications_table: str = "pisao-applications"
    events_table: str = "pisao-events"
    notifications_table: str = "pisao-notifications"
    security_table: str = "pisao-security"
    directory_table: str = "pisao-directory"
    permits_table: str = "pisao-permits"
    audit_table: str = "pisao-audit"
    invoices_table: str = "pisao-invoices"
    draft_days: int = 30
    draft_reminder_days: int = 7
    clamd_host: str = ""  # no default scanner: without one, evidence waits in quarantine (never passes unscanned)
    clamd_port: int = 3310
    clamd_timeout_seconds: float = 30.0
    # Payments into the RKUD (chalicelib/payments/): the bank as a SNAP partner, and the Pemda as a QRIS merchant.
    snap_client_id: str = ""  # X-CLIENT-KEY / X-PARTNER-ID the bank uses
    snap_client_secret: str = ""  # HMAC key of transaction signatures (a secret)
    snap_bank_public_key: str = ""  # PEM: checks the bank's SHA256withRSA access-token signature
    snap_partner_service_id: str = ""  # the VA prefix the bank assigned to the Pemda (up to 8 digits)
    api_path_prefix: str = "/api"  # the stage prefix the public path has before a route (a bank may sign it too)
    invoice_hours: int = 24  # a payment code is valid this long
    payment_days: int = 14  # after approval, an unpaid application closes after this many days
    # QRIS: what the RKUD bank registered (acquirer GUID, merchant PAN and id, criteria, NMID) and the Pemda's
    # own name, city and postal code. QRIS is offered only when every one of them is set (invoices.merchant).
    qris_acquirer_guid: str = ""
    qris_merchant_pan: str = ""
    qris_merchant_id: str = ""
    qris_merchant_criteria: str = ""
    qris_nmid: str = ""
    qris_mcc: str = "9399"
    qris_merchant_name: str = ""
    qris_merchant_city: str = ""
    qris_postal_code: str = ""
    public_url: str = ""  # where citizens open PISAO: every link in a document or notice starts with it


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


@lru_cache(maxsize=1)
def settings() -> Settings:
    region = _env("AWS_REGION") or _env("AWS_DEFAULT_REGION") or DEFAULT_REGION
    pool = _env("USER_POOL_ID")
    issuer = _env("TOKEN_ISSUER") or f"https://cognito-idp.{region}.amazonaws.com/{pool}"
    return Settings(
        region=region,
        endpoint_url=_env("AWS_ENDPOINT_URL") or _env("AWS_ENDPOINT_URL_S3") or None,  # a non-AWS cloud
        uploads_bucket=_env("UPLOADS_BUCKET", "pisao-uploads"),
        documents_bucket=_env("DOCUMENTS_BUCKET", "pisao-documents"),
        submissions_queue_url=_env("SUBMISSIONS_QUEUE_URL"),
        tasks_queue_url=_env("TASKS_QUEUE_URL"),
        state_machine_arn=_env("STATE_MACHINE_ARN"),
        user_pool_id=pool,
        user_pool_client_id=_env("USER_POOL_CLIENT_ID"),
        jwks_url=_env("JWKS_URL") or f"{issuer}/.well-known/jwks.json",
        token_issuer=issuer,
        presign_expires_seconds=int(_env("PRESIGN_EXPIRES_SECONDS", "900")),
        otp_pepper=_env("OTP_PEPPER"),  # a secret: one-time codes are stored as HMACs keyed with it
        mail_from=_env("MAIL_FROM", "noreply@pisao.go.id"),
        dynamodb_endpoint_url=_env("AWS_ENDPOINT_URL_DYNAMODB") or _env("AWS_ENDPOINT_URL") or None,
        applications_table=_env("APPLICATIONS_TABLE", "pisao-applications"),
        events_table=_env("EVENTS_TABLE", "pisao-events"),
        notifications_table=_env("NOTIFICATIONS_TABLE", "pisao-notifications"),
        security_table=_env("SECURITY_TABLE", "pisao-security"),
        directory_table=_env("DIRECTORY_TABLE", "pisao-directory"),
        permits_table=_env("PERMITS_TABLE", "pisao-permits"),
        audit_table=_env("AUDIT_TABLE", "pisao-audit"),
        invoices_table=_env("INVOICES_TABLE", "pisao-invoices"),
        draft_days=int(_env("DRAFT_DAYS", "30")),  # an untouched draft expires after this many days
        draft_reminder_days=int(_env("DRAFT_REMINDER_DAYS", "7")),  # the notice goes out this many days before
        clamd_host=_env("CLAMD_HOST"),  # the virus scanner (clamd, TCP) that checks every upload
        clamd_port=int(_env("CLAMD_PORT", "3310")),
        clamd_timeout_seconds=float(_env("CLAMD_TIMEOUT_SECONDS", "30")),
        snap_client_id=_env("SNAP_CLIENT_ID"),
        snap_client_secret=_env("SNAP_CLIENT_SECRET"),
        snap_bank_public_key=_env("SNAP_BANK_PUBLIC_KEY").replace("\\n", "\n"),  # PEM in one line also works
        snap_partner_service_id=_env("SNAP_PARTNER_SERVICE_ID"),
        api_path_prefix=("/" + _env("API_PATH_PREFIX", "/api").strip("/")).rstrip("/"),
        invoice_hours=int(_env("INVOICE_HOURS", "24")),
        payment_days=int(_env("PAYMENT_DAYS", "14")),
        qris_acquirer_guid=_env("QRIS_ACQUIRER_GUID"),
        qris_merchant_pan=_env("QRIS_MERCHANT_PAN"),
        qris_merchant_id=_env("QRIS_MERCHANT_ID"),
        qris_merchant_criteria=_env("QRIS_MERCHANT_CRITERIA"),
        qris_nmid=_env("QRIS_NMID"),
        qris_mcc=_env("QRIS_MCC") or "9399",
        qris_merchant_name=_env("QRIS_MERCHANT_NAME"),
        qris_merchant_city=_env("QRIS_MERCHANT_CITY"),
        qris_postal_code=_env("QRIS_POSTAL_CODE"),
        public_url=_env("PUBLIC_URL").rstrip("/"),
    )
