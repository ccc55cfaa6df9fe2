"""Daily reconciliation: the invoices PISAO holds as paid against the RKUD bank's statement for the same day.

Each of our payments is paired with at most one statement credit: by the bank reference first (the one key both
sides were given at payment time), else by our invoice id as the bank echoed it, else by the virtual account
number. What is left over is what the treasurer has to act on:

- ``missing_from_bank`` (known but missing): paid in PISAO, absent from the statement;
- ``unknown_to_us`` (paid but unknown): credited by the bank, no paid invoice here: a late confirmation or a refund;
- ``amount_mismatch``: both sides have it, for different amounts.

The caller passes the invoices marked paid on one WIB day and that day's statement; a payment near midnight can
land on different days on the two sides, which the advice for the two leftover kinds points at. Pure functions;
results are ordered by time, then invoice id, then bank reference, so the same inputs always give the same report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from chalicelib.core.money import format_rupiah
from chalicelib.payments.formatting import parse_utc, utc_iso
from chalicelib.payments.statement import StatementEntry

REQUIRED_KEYS = ("invoiceId", "vaNumber", "amount", "bankReference", "paidAt", "revenueAccount", "channel")

ACTION_MISSING = {
    "id": "Tagihan lunas di PISAO tetapi tidak ada di rekening koran bank: periksa rekening koran hari berikutnya "
          "(pembayaran menjelang tengah malam), lalu minta bank menelusuri referensi ini sebelum izin diproses lebih "
          "lanjut.",
    "en": "Paid in PISAO but not on the bank statement: check the next day's statement (payments near midnight), "
          "then ask the bank to trace this reference before the permit goes further.",
}
ACTION_UNKNOWN = {
    "id": "Dana masuk di bank tetapi tidak ada tagihan lunas di PISAO: periksa nomor tagihan, lalu konfirmasi "
          "pembayaran atau ajukan pengembalian dana.",
    "en": "Money reached the bank but no invoice is paid in PISAO: check the invoice number, then confirm the "
          "payment or request a refund.",
}


def _action_mismatch(ours: int, bank: int) -> dict[str, str]:
    difference = bank - ours
    if difference > 0:
        return {
            "id": f"Bank menerima {format_rupiah(difference)} lebih banyak dari tagihan: cocokkan dengan bank, lalu "
                  "ajukan pengembalian kelebihan bayar kepada pembayar.",
            "en": f"The bank received {format_rupiah(difference)} more than the invoice: confirm with the bank, then "
                  "refund the overpayment to the payer.",
        }
    return {
        "id": f"Bank menerima {format_rupiah(-difference)} kurang dari tagihan: jangan anggap lunas; cocokkan dengan "
              "bank dan minta pembayar melunasi kekurangannya.",
        "en": f"The bank received {format_rupiah(-difference)} less than the invoice: do not treat it as paid; "
              "confirm with the bank and ask the payer for the balance.",
    }


@dataclass(frozen=True)
class Item:
    """One line of the reconciliation. Our side or the bank's side is None where that side has no record."""

    invoice_id: str | None
    va_number: str | None
    bank_reference: str | None
    channel: str | None
    revenue_account: str | None
    our_amount: int | None
    bank_amount: int | None
    paid_at: str | None  # our payment time, UTC ISO
    bank_time: str | None  # the bank's booking time, UTC ISO
    matched_by: str | None = None  # "bankReference" | "invoiceId" | "vaNumber"
    action: dict[str, str] | None = None  # what the treasurer should do, {"id", "en"}

    @property
    def difference(self) -> int | None:
        """Bank minus ours, when both sides have the payment."""
        if self.our_amount is None or self.bank_amount is None:
            return None
        return self.bank_amount - self.our_amount

    def to_dict(self) -> dict:
        return {
            "invoiceId": self.invoice_id,
            "vaNumber": self.va_number,
            "bankReference": self.bank_reference,
            "channel": self.channel,
            "revenueAccount": self.revenue_account,
            "ourAmount": self.our_amount,
            "bankAmount": self.bank_amount,
            "difference": self.difference,
            "paidAt": self.paid_at,
            "bankTime": self.bank_time,
            "matchedBy": self.matched_by,
            "action": dict(self.action) if self.action else None,
        }


@dataclass(frozen=True)
class Reconciliation:
    day: date
    matched: tuple[Item, ...]
    missing_from_bank: tuple[Item, ...]
    unknown_to_us: tuple[Item, ...]
    amount_mismatch: tuple[Item, ...]

    @property
    def balanced(self) -> bool:
        """True when every payment on both sides found its partner for the same amount."""
        return not (self.missing_from_bank or self.unknown_to_us or self.amount_mismatch)

    @property
    def totals(self) -> dict:
        """Counts and rupiah per category, and each side's whole day (ours = matched + missing + mismatched
        at our figure; bank = matched + unknown + mismatched at the bank's figure)."""
        def ours(items: tuple[Item, ...]) -> int:
            return sum(item.our_amount or 0 for item in items)

        def bank(items: tuple[Item, ...]) -> int:
            return sum(item.bank_amount or 0 for item in items)

        our_total = ours(self.matched) + ours(self.missing_from_bank) + ours(self.amount_mismatch)
        bank_total = bank(self.matched) + bank(self.unknown_to_us) + bank(self.amount_mismatch)
        return {
            "matched": {"count": len(self.matched), "amount": ours(self.matched)},
            "missingFromBank": {"count": len(self.missing_from_bank), "amount": ours(self.missing_from_bank)},
            "unknownToUs": {"count": len(self.unknown_to_us), "amount": bank(self.unknown_to_us)},
            "amountMismatch": {
                "count": len(self.amount_mismatch),
                "ourAmount": ours(self.amount_mismatch),
                "bankAmount": bank(self.amount_mismatch),
                "difference": bank(self.amount_mismatch) - ours(self.amount_mismatch),
            },
            "ours": {"count": len(self.matched) + len(self.missing_from_bank) + len(self.amount_mismatch),
                     "amount": our_total},
            "bank": {"count": len(self.matched) + len(self.unknown_to_us) + len(self.amount_mismatch),
                     "amount": bank_total},
            "difference": bank_total - our_total,
        }

    def to_dict(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "balanced": self.balanced,
            "matched": [item.to_dict() for item in self.matched],
            "missingFromBank": [item.to_dict() for item in self.missing_from_bank],
            "unknownToUs": [item.to_dict() for item in self.unknown_to_us],
            "amountMismatch": [item.to_dict() for item in self.amount_mismatch],
            "totals": self.totals,
        }


@dataclass(frozen=True)
class _Ours:
    invoice_id: str
    va_number: str
    amount: int
    bank_reference: str | None
    paid_at: str
    revenue_account: str
    channel: str


def _ours(record: Mapping) -> _Ours:
    missing = [key for key in REQUIRED_KEYS if key not in record]
    if missing:
        raise ValueError(f"paid invoice {record.get('invoiceId')!r} lacks {', '.join(missing)}")
    amount = record["amount"]
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError(f"paid invoice {record['invoiceId']!r}: amount must be whole rupiah, not {amount!r}")
    if not isinstance(record["invoiceId"], str) or not record["invoiceId"]:
        raise ValueError(f"invoiceId must be a non-empty string, not {record['invoiceId']!r}")
    return _Ours(
        invoice_id=record["invoiceId"],
        va_number=record["vaNumber"] or "",
        amount=amount,
        bank_reference=record["bankReference"] or None,
        paid_at=utc_iso(record["paidAt"]),
        revenue_account=record["revenueAccount"],
        channel=record["channel"],
    )


def _va_key(va_number: str | None) -> str | None:
    # The padding spaces before the customer number are not part of the identity: some banks drop them.
    key = (va_number or "").strip()
    return key or None


def _pair_item(ours: _Ours, entry: StatementEntry, matched_by: str) -> Item:
    return Item(
        invoice_id=ours.invoice_id,
        va_number=ours.va_number or entry.va_number or None,
        bank_reference=entry.bank_reference,
        channel=ours.channel,
        revenue_account=ours.revenue_account,
        our_amount=ours.amount,
        bank_amount=entry.amount,
        paid_at=ours.paid_at,
        bank_time=utc_iso(entry.transaction_time),
        matched_by=matched_by,
        action=None if ours.amount == entry.amount else _action_mismatch(ours.amount, entry.amount),
    )


def _sort_key(item: Item) -> tuple:
    moment = item.paid_at or item.bank_time
    return (parse_utc(moment) if moment else None, item.invoice_id or "", item.bank_reference or "")


def reconcile(day: date, ours: Iterable[Mapping], statement: Iterable[StatementEntry]) -> Reconciliation:
    """Pair our paid invoices for the WIB `day` with that day's statement entries.

    `ours` are plain dicts {"invoiceId", "vaNumber", "amount" (int rupiah), "bankReference", "paidAt" (UTC ISO),
    "revenueAccount", "channel"}. Raises ValueError for a malformed record, an invoice listed twice or a bank reference
    on the statement twice."""
    records = sorted((_ours(record) for record in ours), key=lambda r: (parse_utc(r.paid_at), r.invoice_id))
    seen_ids: set[str] = set()
    for record in records:
        if record.invoice_id in seen_ids:
            raise ValueError(f"invoice {record.invoice_id!r} is listed twice as paid")
        seen_ids.add(record.invoice_id)

    # The bank's entries in a fixed order, so a tie among candidates always resolves to the same credit.
    remaining = sorted(statement, key=lambda e: (e.transaction_time, e.bank_reference))
    by_reference: dict[str, StatementEntry] = {}
    for listed in remaining:
        if listed.bank_reference in by_reference:
            raise ValueError(f"bank reference {listed.bank_reference!r} appears twice on the statement")
        by_reference[listed.bank_reference] = listed
    taken: set[str] = set()
    pairs: list[Item] = []
    unpaired: list[_Ours] = []

    for record in records:
        entry = by_reference.get(record.bank_reference) if record.bank_reference else None
        if entry is not None and entry.bank_reference not in taken:
            taken.add(entry.bank_reference)
            pairs.append(_pair_item(record, entry, "bankReference"))
        else:
            unpaired.append(record)

    # Second pass only after every reference match is made, so a weak key cannot steal another payment's credit.
    for record in unpaired:
        entry, matched_by = None, ""
        for candidate in remaining:
            if candidate.bank_reference in taken:
                continue
            if candidate.invoice_id and candidate.invoice_id == record.invoice_id:
                entry, matched_by = candidate, "invoiceId"
                break
        if entry is None:
            key = _va_key(record.va_number)
            for candidate in remaining:
                if key and candidate.bank_reference not in taken and _va_key(candidate.va_number) == key:
                    entry, matched_by = candidate, "vaNumber"
                    break
        if entry is None:
            pairs.append(Item(
                invoice_id=record.invoice_id, va_number=record.va_number or None,
                bank_reference=record.bank_reference, channel=record.channel,
                revenue_account=record.revenue_account, our_amount=record.amount, bank_amount=None,
                paid_at=record.paid_at, bank_time=None, action=dict(ACTION_MISSING),
            ))
        else:
            taken.add(entry.bank_reference)
            pairs.append(_pair_item(record, entry, matched_by))

    unknown = [
        Item(
            invoice_id=entry.invoice_id, va_number=entry.va_number or None, bank_reference=entry.bank_reference,
            channel=entry.channel, revenue_account=None, our_amount=None, bank_amount=entry.amount,
            paid_at=None, bank_time=utc_iso(entry.transaction_time), action=dict(ACTION_UNKNOWN),
        )
        for entry in remaining
        if entry.bank_reference not in taken
    ]

    def ordered(items: Iterable[Item]) -> tuple[Item, ...]:
        return tuple(sorted(items, key=_sort_key))

    return Reconciliation(
        day=day,
        matched=ordered(item for item in pairs if item.bank_amount is not None and item.difference == 0),
        missing_from_bank=ordered(item for item in pairs if item.bank_amount is None),
        unknown_to_us=ordered(unknown),
        amount_mismatch=ordered(item for item in pairs if item.bank_amount is not None and item.difference != 0),
    )
