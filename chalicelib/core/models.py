"""DynamoDB tables (PynamoDB). Region, endpoint and table names come from `config.settings()` when this module
is first imported (the local stack and tests/cloud.py set the environment before that); the code that reads and
writes them is each capability's repository (and the application store)."""

from __future__ import annotations

from functools import lru_cache

from pynamodb.attributes import BooleanAttribute, JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.core.config import ATTEMPTS, CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS, settings

# As the boto3 clients (chalicelib/adapters/aws.py): a table that does not answer fails fast, so the API answers
# within API Gateway's 29 s. PynamoDB's own defaults are 15 s / 30 s. One retry: two attempts of at most 3 + 10 s
# stay under 29 s, and a throttled request (answered at once) is still tried again.
MAX_RETRY_ATTEMPTS = ATTEMPTS - 1  # PynamoDB counts the retries

_cfg = settings()


class _Meta:
    region = _cfg.region
    host = _cfg.dynamodb_endpoint_url
    connect_timeout_seconds = CONNECT_TIMEOUT_SECONDS
    read_timeout_seconds = READ_TIMEOUT_SECONDS
    max_retry_attempts = MAX_RETRY_ATTEMPTS


def connection() -> Connection:
    """For transactions across tables, with the tables' address and timeouts. One per process: each new Connection
    builds a botocore client, which loads the DynamoDB service model again (tens of milliseconds on every write)."""
    return _connection(_Meta.region, _Meta.host)


@lru_cache(maxsize=4)
def _connection(region: str, host: str | None) -> Connection:
    return Connection(region=region, host=host, connect_timeout_seconds=CONNECT_TIMEOUT_SECONDS,
                      read_timeout_seconds=READ_TIMEOUT_SECONDS, max_retry_attempts=MAX_RETRY_ATTEMPTS)


class ByOwner(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_owner"
        projection = AllProjection()

    owner_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ByAgencyStatus(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_agency_status"
        projection = AllProjection()

    agency_status = UnicodeAttribute(hash_key=True)
    updated_at = UnicodeAttribute(range_key=True)


class ByFiledOffice(GlobalSecondaryIndex):
    """Applications filed at a service counter, per office (sparse: only counter applications)."""

    class Meta:
        index_name = "by_filed_office"
        projection = AllProjection()

    filed_office = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ApplicationModel(Model):
    """One permit application, from draft to its final state. `version` guards every write."""

    class Meta(_Meta):
        table_name = _cfg.applications_table

    application_id = UnicodeAttribute(hash_key=True)
    owner_id = UnicodeAttribute()  # the citizen's account id (Cognito sub), never the NIK
    permit_id = UnicodeAttribute()
    form_version = NumberAttribute()
    agency = UnicodeAttribute()
    status = UnicodeAttribute()
    agency_status = UnicodeAttribute()
    applicant_name = UnicodeAttribute(default="")
    answers = JSONAttribute(default=dict)
    uploads = JSONAttribute(default=dict)
    reasons = JSONAttribute(default=list)
    version = NumberAttribute()
    task_token = UnicodeAttribute(null=True)
    execution_arn = UnicodeAttribute(null=True)
    document_number = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute()
    filed_by = JSONAttribute(null=True)  # counter service: {"staffId", "agency", "office", "at"}
    edited_at = UnicodeAttribute(null=True)  # the person's last change to a draft (its expiry counts from here)
    reminded_at = UnicodeAttribute(null=True)  # when the "draft expires soon" notice went out
    edited_version = NumberAttribute(null=True)  # the version the person's last edit made (optimistic locking)
    renewal_of = UnicodeAttribute(null=True)  # the issued permit's number this application renews
    filed_office = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    submitted_at = UnicodeAttribute(null=True)
    # The back office (chalicelib/workflow.py): the step being worked on and its SLA marks.
    office = UnicodeAttribute(null=True)  # the office whose queue holds it
    step = UnicodeAttribute(null=True)
    step_seq = NumberAttribute(default=0)  # +1 at every step entered (also the same step after a correction)
    step_started_at = UnicodeAttribute(null=True)
    step_warn_at = UnicodeAttribute(null=True)
    step_due_at = UnicodeAttribute(null=True)
    step_stage = UnicodeAttribute(null=True)  # on_time | warned | escalated
    assignee = JSONAttribute(null=True)  # {"id", "name"}: who claimed it
    correction = JSONAttribute(null=True)  # {"fields", "note", "step", "at", "dueAt"}: sent back to the citizen
    steps_log = JSONAttribute(default=list)  # [{step, startedAt, endedAt, outcome, withinSla}]: the measures
    direct_renewal = BooleanAttribute(null=True)  # a renewal that changed nothing but the evidence
    decided_at = UnicodeAttribute(null=True)
    # Payment (chalicelib/payments/): the invoice to pay now, and when an unpaid application closes.
    invoice_id = UnicodeAttribute(null=True)
    assessed_fee = NumberAttribute(null=True)  # rupiah the agency assessed, for a "computed" fee
    payment_lapses_at = UnicodeAttribute(null=True)

    by_owner = ByOwner()
    by_agency_status = ByAgencyStatus()
    by_filed_office = ByFiledOffice()


class ByHolder(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_holder"
        projection = AllProjection()

    holder_id = UnicodeAttribute(hash_key=True)
    valid_until = UnicodeAttribute(range_key=True)


class ByStateExpiry(GlobalSecondaryIndex):
    """Active permits by expiry date: what the reminder job walks through."""

    class Meta:
        index_name = "by_state_expiry"
        projection = AllProjection()

    state = UnicodeAttribute(hash_key=True)
    valid_until = UnicodeAttribute(range_key=True)


class IssuedPermitModel(Model):
    """A permit or civil document as issued (R19 "Izin Saya"): its number, holder, validity and the data
    it was issued on; renewals link to the permit they renew."""

    class Meta(_Meta):
        table_name = _cfg.permits_table

    number = UnicodeAttribute(hash_key=True)
    permit_id = UnicodeAttribute()
    permit_version = NumberAttribute()
    agency = UnicodeAttribute()
    holder_id = UnicodeAttribute()  # the citizen's person id
    holder_name = UnicodeAttribute()
    application_id = UnicodeAttribute()
    data = JSONAttribute(default=dict)  # the answers it was issued on
    issued_on = UnicodeAttribute()  # YYYY-MM-DD (Asia/Jakarta)
    valid_until = UnicodeAttribute()  # YYYY-MM-DD; "9999-12-31" when it does not expire
    state = UnicodeAttribute()  # active | renewed | expired | revoked
    previous = UnicodeAttribute(null=True)  # the number this one renews
    renewed_by = UnicodeAttribute(null=True)
    reminders = JSONAttribute(default=list)  # reminder keys already recorded ("window:<valid_until>")
    version = NumberAttribute()
    updated_at = UnicodeAttribute()
    by_holder = ByHolder()
    by_state_expiry = ByStateExpiry()


class EventModel(Model):
    """The outbox and audit trail: one item per state change, written in the same transaction as the
    change itself; the table's stream carries it on to notifications and central replication."""

    class Meta(_Meta):
        table_name = _cfg.events_table

    aggregate_id = UnicodeAttribute(hash_key=True)
    seq = NumberAttribute(range_key=True)  # = the application's version after the change
    owner_id = UnicodeAttribute()
    type = UnicodeAttribute()
    at = UnicodeAttribute()
    actor_id = UnicodeAttribute()
    actor_role = UnicodeAttribute()
    status = UnicodeAttribute()
    data = JSONAttribute(default=dict)


class NotificationModel(Model):
    """A citizen's inbox. The key is derived from the event, so a redelivered event writes the same item."""

    class Meta(_Meta):
        table_name = _cfg.notifications_table

    owner_id = UnicodeAttribute(hash_key=True)
    notification_id = UnicodeAttribute(range_key=True)  # "<at>#<application id>#<seq>": sorts by time
    application_id = UnicodeAttribute()
    at = UnicodeAttribute()
    type = UnicodeAttribute()
    title = JSONAttribute()  # {"id": ..., "en": ...}
    read = UnicodeAttribute(default="no")


class SecurityModel(Model):
    """Short-lived security state: one-time codes (hashed) and sign-in failure counters. Keys hold a
    hash of the NIK or address, never the value; DynamoDB's TTL removes expired items."""

    class Meta(_Meta):
        table_name = _cfg.security_table

    key = UnicodeAttribute(hash_key=True)  # "<purpose>#<hash of the subject>"
    code_hash = UnicodeAttribute(null=True)
    attempts = NumberAttribute(default=0)
    sends = NumberAttribute(default=0)
    window_start = NumberAttribute(default=0)
    last_sent = NumberAttribute(default=0)
    payload = JSONAttribute(null=True)  # a sign-in ticket's state (Cognito session or tokens)
    expires_at = NumberAttribute()  # epoch seconds; the table's TTL attribute


class DirectoryModel(Model):
    """Who is who: agencies and their offices (`AGENCY` / agency id), staff per agency
    (`AGENCY#<id>` / `STAFF#<username>`) and citizens' profiles (`PERSON#<person id>` / `PROFILE`)."""

    class Meta(_Meta):
        table_name = _cfg.directory_table

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    data = JSONAttribute(default=dict)
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()


class AuditModel(Model):
    """Who looked at or tried to touch what (R20): staff views of personal data, refused access.
    Kept apart from the events table, whose items are an application's changes."""

    class Meta(_Meta):
        table_name = _cfg.audit_table

    subject = UnicodeAttribute(hash_key=True)  # "application#<id>", "person#<person id>", "agency#<id>"
    entry = UnicodeAttribute(range_key=True)  # "<at>#<random>": sorts by time
    at = UnicodeAttribute()
    action = UnicodeAttribute()
    outcome = UnicodeAttribute()  # "allowed" | "refused"
    actor_id = UnicodeAttribute()
    actor_role = UnicodeAttribute()
    actor_agency = UnicodeAttribute(null=True)
    source_ip = UnicodeAttribute(null=True)
    data = JSONAttribute(default=dict)


class ByPaidDay(GlobalSecondaryIndex):
    """Paid invoices per Jakarta calendar day: what reconciliation and the treasury report read (sparse)."""

    class Meta:
        index_name = "by_paid_day"
        projection = AllProjection()

    paid_day = UnicodeAttribute(hash_key=True)  # YYYY-MM-DD (Asia/Jakarta)
    paid_at = UnicodeAttribute(range_key=True)


class InvoiceModel(Model):
    """An invoice (tagihan) into the regional treasury: its VA number, lines per revenue account, expiry and,
    once the bank confirms it, the payment. `version` guards every write, so a payment is credited once."""

    class Meta(_Meta):
        table_name = _cfg.invoices_table

    invoice_id = UnicodeAttribute(hash_key=True)  # "INV-<customer no>"; "#seq" holds the sequence counter
    seq = NumberAttribute(null=True)  # the counter item only
    application_id = UnicodeAttribute(null=True)
    owner_id = UnicodeAttribute(null=True)
    agency = UnicodeAttribute(null=True)
    permit_id = UnicodeAttribute(null=True)
    payer_name = UnicodeAttribute(null=True)
    customer_no = UnicodeAttribute(null=True)
    va_number = UnicodeAttribute(null=True)  # partnerServiceId (8, space-padded) + customer no
    lines = JSONAttribute(default=list)  # [{"label": {id, en}, "amount", "revenueAccount"}]
    total = NumberAttribute(null=True)  # whole rupiah
    status = UnicodeAttribute(null=True)  # unpaid | paid | expired
    created_at = UnicodeAttribute(null=True)
    expires_at = UnicodeAttribute(null=True)
    paid_at = UnicodeAttribute(null=True)
    paid_day = UnicodeAttribute(null=True)
    payment = JSONAttribute(null=True)  # {"channel", "requestId", "bankReference", "amount", "answer", ...}
    version = NumberAttribute(default=0)
    by_paid_day = ByPaidDay()



class ByRefundState(GlobalSecondaryIndex):
    """Refunds by state (sparse: only refund items carry refund_state): the treasurer's work list."""

    class Meta:
        index_name = "by_refund_state"
        projection = AllProjection()

    refund_state = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class RefundModel(Model):
    """Money the bank took that no invoice can keep: a QRIS payment notified after its invoice expired or was
    already paid, a statement credit reconciliation could not place. Each waits for the treasurer's decision.
    Kept in the invoices table under its own key ("REFUND#<bank reference>")."""

    class Meta(_Meta):
        table_name = _cfg.invoices_table

    invoice_id = UnicodeAttribute(hash_key=True)
    refund_state = UnicodeAttribute()  # pending | refunded | credited
    reason = UnicodeAttribute()  # expired_invoice | already_paid | unknown_credit
    bank_reference = UnicodeAttribute()
    channel = UnicodeAttribute()
    amount = NumberAttribute()
    bill = UnicodeAttribute(null=True)  # the invoice the payer meant, when known
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    history = JSONAttribute(default=list)  # [{"at", "state", "by", "note"}]
    version = NumberAttribute(default=1)
    by_refund_state = ByRefundState()
