"""Billing: the invoice a citizen pays once an application reaches payment (issue 7).

The amount comes from the permit type's fee rule as `chalicelib.catalogue.rules.fee` evaluates it (free, fixed,
tiered by the answers); a "computed" fee (a tax the agency assesses, e.g. the advertising tax) is supplied by the
caller as the agency's assessment. Free services and zero fees get no invoice: they skip payment. The VA number is
the bank's partnerServiceId plus a fixed-length customer number ending in a Luhn check digit, so a mistyped number
is refused at inquiry instead of reaching someone else's bill. Pure functions: no AWS, no clock of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from chalicelib.catalogue import rules
from chalicelib.catalogue.rules import revenue_account
from chalicelib.payments.snap import SnapError, format_amount, virtual_account_no

CURRENCY = "IDR"
CUSTOMER_NO_LENGTH = 12  # 11 digits of invoice sequence + 1 Luhn check digit; with the 8-character prefix, 20
MAX_INVOICE_SEQ = 10 ** (CUSTOMER_NO_LENGTH - 1) - 1


@dataclass(frozen=True)
class Line:
    label: dict[str, str]  # what is charged, {"id": ..., "en": ...}; `line_label` prefixes its kind
    amount: int  # whole rupiah
    revenue_account: str  # kode rekening, or UNCONFIRMED_REVENUE_ACCOUNT
    kind: str = rules.DEFAULT_FEE_KIND  # a key of rules.FEE_KINDS: pajak, retribusi, biaya


@dataclass(frozen=True)
class Invoice:
    invoice_id: str
    application_id: str
    permit_id: str
    lines: tuple[Line, ...]
    total: int
    customer_no: str
    va_number: str
    created_at: datetime
    expires_at: datetime
    currency: str = CURRENCY
    status: str = "unpaid"

    def __post_init__(self) -> None:
        if not self.lines or self.total != sum(line.amount for line in self.lines):
            raise ValueError("invoice total must be the sum of its lines")
        if self.currency != CURRENCY:
            raise ValueError(f"invoices are in {CURRENCY} only")
        for moment in (self.created_at, self.expires_at):
            if moment.utcoffset() != timedelta(0):
                raise ValueError("invoice times must be UTC")
        if self.expires_at <= self.created_at:
            raise ValueError("an invoice must expire after it is created")

    @property
    def amount(self) -> dict:
        """The total as SNAP writes it: {"value": "80000.00", "currency": "IDR"}."""
        return format_amount(self.total)


# --- customer numbers --------------------------------------------------------------------------------------------


def _luhn_sum(digits: str) -> int:
    """Luhn sum of a digit string whose rightmost digit is at an undoubled position."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total


def luhn_check_digit(payload: str) -> str:
    return str((10 - _luhn_sum(payload + "0") % 10) % 10)


def customer_no(invoice_seq: int) -> str:
    """The invoice sequence zero-padded to 11 digits plus a Luhn (mod 10) check digit: 12 digits."""
    if isinstance(invoice_seq, bool) or not isinstance(invoice_seq, int) or not 1 <= invoice_seq <= MAX_INVOICE_SEQ:
        raise ValueError(f"invoice_seq must be a whole number from 1 to {MAX_INVOICE_SEQ}, not {invoice_seq!r}")
    payload = str(invoice_seq).zfill(CUSTOMER_NO_LENGTH - 1)
    return payload + luhn_check_digit(payload)


def check_customer_no(no: object) -> bool:
    """True for a well-formed customer number whose check digit matches (catches any single mistyped digit and
    most swaps of two adjacent digits; Luhn cannot see 09 <-> 90)."""
    return (isinstance(no, str) and len(no) == CUSTOMER_NO_LENGTH and no.isascii() and no.isdigit()
            and _luhn_sum(no) % 10 == 0)


# --- billing ------------------------------------------------------------------------------------------------------


def _amount(permit: dict, answers: dict | None, assessed_rupiah: int | None) -> int:
    rule = permit.get("fee")
    kind = rule.get("rule") if isinstance(rule, dict) else None
    if kind not in rules.FEE_RULES:
        raise ValueError(f"permit {permit.get('id')!r}: fee rule {kind!r} is not one of {', '.join(rules.FEE_RULES)}")
    if kind == "computed":
        if assessed_rupiah is None:
            raise ValueError(f"permit {permit.get('id')!r}: the fee is computed by the agency and no assessed "
                             "amount was given")
        amount: object = assessed_rupiah
    else:
        if assessed_rupiah is not None:
            raise ValueError(f"permit {permit.get('id')!r}: an assessed amount applies only to a computed fee, "
                             f"not a {kind} one")
        try:
            amount = rules.fee(permit, answers)
        except (KeyError, IndexError, TypeError) as exc:
            raise ValueError(f"permit {permit.get('id')!r}: malformed {kind} fee rule ({exc!r})") from exc
        if amount is None:
            raise ValueError(f"permit {permit.get('id')!r}: the {kind} fee rule gives no amount for these answers")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError(f"permit {permit.get('id')!r}: fee must be a whole number of rupiah, 0 or more, "
                         f"not {amount!r}")
    return amount


def bill(
    application: Mapping,
    permit: dict,
    now: datetime,
    partner_service_id: str,
    validity_hours: int = 24,
    *,
    invoice_seq: int,
    assessed_rupiah: int | None = None,
) -> Invoice | None:
    """The invoice for an application that reached payment, or None when its fee is free or zero.

    `invoice_seq` is a unique, never reused number (e.g. an atomic counter) that becomes the customer number;
    `assessed_rupiah` is the agency's assessment, required for a "computed" fee and refused for any other rule.
    Raises ValueError for a fee rule that yields no figure or a figure that is not a whole number of rupiah."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if isinstance(validity_hours, bool) or not isinstance(validity_hours, int) or validity_hours < 1:
        raise ValueError(f"validity_hours must be a whole number of hours from 1, not {validity_hours!r}")
    if application.get("permitId") != permit.get("id"):
        raise ValueError(f"application is for permit {application.get('permitId')!r}, not {permit.get('id')!r}")
    amount = _amount(permit, application.get("answers"), assessed_rupiah)
    if amount == 0:
        return None
    item = permit["fee"].get("item") or permit.get("name") or {}
    label = {"id": item.get("id", permit["id"]), "en": item.get("en") or item.get("id", permit["id"])}
    number = customer_no(invoice_seq)
    try:
        va_number = virtual_account_no(partner_service_id, number)
    except SnapError as exc:
        raise ValueError(f"partner_service_id must be 1-8 digits, not {partner_service_id!r}") from exc
    created = now.astimezone(UTC)
    return Invoice(
        invoice_id=f"INV-{number}",
        application_id=str(application["id"]),
        permit_id=permit["id"],
        lines=(Line(label=label, amount=amount, revenue_account=revenue_account(permit),
                    kind=rules.fee_kind(permit["fee"])),),
        total=amount,
        customer_no=number,
        va_number=va_number,
        created_at=created,
        expires_at=created + timedelta(hours=validity_hours),
    )


def line_kind(line: Mapping) -> str:
    """The kind of a stored invoice line; a line stored before lines had kinds was a "biaya" (and said so)."""
    kind = line.get("kind")
    return kind if kind in rules.FEE_KINDS else rules.DEFAULT_FEE_KIND


def line_label(line: Mapping) -> dict[str, str]:
    """What an invoice, a receipt or the bank shows for a stored line: its kind, then what is charged
    ("Pajak: PKB dan SWDKLLJ"). A line from before kinds keeps its own label, which began with "Biaya layanan"."""
    label = line.get("label") or {}
    if "kind" not in line:
        return dict(label)
    kind = rules.FEE_KINDS[line_kind(line)]
    return {lang: f"{kind[lang]}: {label.get(lang) or label.get('id', '')}" for lang in ("id", "en")}


def is_expired(invoice: Invoice, now: datetime) -> bool:
    """True from the moment of expiry on: a payment at exactly `expires_at` is too late."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now >= invoice.expires_at
