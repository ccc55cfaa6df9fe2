"""The treasury income report (R17): paid income per revenue account (kode rekening) per WIB day.

An invoice's income is split by its lines, each booked to its own revenue account, on the Asia/Jakarta day of
payment (a payment at 23:30 UTC belongs to the next WIB day). Counts are invoices: an invoice with lines on two
accounts counts once on each account's row but once only in the day's and the report's totals. Income still on
the placeholder account is flagged, because the treasury cannot book it until the finance office names the
kode rekening. Pure functions; the PDF is drawn by `report_pdf` (fpdf2 is loaded only when a PDF is asked for).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib.catalogue.rules import UNCONFIRMED_REVENUE_ACCOUNT
from chalicelib.payments.formatting import wib_day

CSV_HEADER = ("tanggal", "kode_rekening", "jumlah_transaksi", "jumlah_rupiah")
TOTAL_LABEL = "TOTAL"
MAX_DAYS = 366
UNCONFIRMED_NOTE_ID = "kode rekening belum dikonfirmasi bagian keuangan"
UNCONFIRMED_NOTE_EN = "revenue account not yet confirmed by the finance office"


@dataclass(frozen=True)
class Row:
    day: date
    revenue_account: str
    count: int  # invoices with income on this account that day
    amount: int  # rupiah


@dataclass(frozen=True)
class Total:
    count: int
    amount: int


@dataclass(frozen=True)
class IncomeReport:
    start: date
    end: date
    rows: tuple[Row, ...]  # by day, then account; only (day, account) pairs with income
    days: tuple[tuple[date, Total], ...]  # every day of the range, in order, zero days included
    accounts: tuple[tuple[str, Total], ...]  # by account
    total: Total

    @property
    def unconfirmed(self) -> bool:
        return any(account == UNCONFIRMED_REVENUE_ACCOUNT for account, _ in self.accounts)

    def to_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "rows": [{"day": r.day.isoformat(), "revenueAccount": r.revenue_account, "count": r.count,
                      "amount": r.amount} for r in self.rows],
            "days": [{"day": d.isoformat(), "count": t.count, "amount": t.amount} for d, t in self.days],
            "accounts": [{"revenueAccount": a, "count": t.count, "amount": t.amount} for a, t in self.accounts],
            "total": {"count": self.total.count, "amount": self.total.amount},
            "unconfirmedRevenueAccount": self.unconfirmed,
        }


def _lines(invoice: Mapping) -> list[tuple[str, int]]:
    """(revenue account, amount) per line; an invoice without lines is one line on its own account."""
    invoice_id = invoice.get("invoiceId")
    amount = invoice.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError(f"invoice {invoice_id!r}: amount must be whole rupiah, not {amount!r}")
    lines = invoice.get("lines")
    if not lines:
        return [(str(invoice.get("revenueAccount") or UNCONFIRMED_REVENUE_ACCOUNT), amount)]
    out = []
    for line in lines:
        line_amount = line.get("amount")
        if isinstance(line_amount, bool) or not isinstance(line_amount, int) or line_amount < 0:
            raise ValueError(f"invoice {invoice_id!r}: line amount must be whole rupiah, not {line_amount!r}")
        out.append((str(line.get("revenueAccount") or UNCONFIRMED_REVENUE_ACCOUNT), line_amount))
    if sum(part for _, part in out) != amount:
        # Reporting lines that do not add up to what was paid would put money on the wrong account.
        raise ValueError(f"invoice {invoice_id!r}: lines add up to {sum(p for _, p in out)}, not {amount}")
    return out


def income_report(paid: Iterable[Mapping], start: date, end: date) -> IncomeReport:
    """Income from the paid invoices whose WIB payment day falls in start..end (both included).

    Each invoice is a dict as for reconciliation ({"invoiceId", "amount", "paidAt" (UTC ISO), "revenueAccount",
    ...}) plus "lines": [{"amount", "revenueAccount", "label"}]. Raises ValueError for an invoice listed twice
    or whose lines do not add up."""
    if end < start:
        raise ValueError(f"the report ends ({end}) before it starts ({start})")
    if (end - start).days + 1 > MAX_DAYS:
        raise ValueError(f"a report covers at most {MAX_DAYS} days")
    cells: dict[tuple[date, str], list[int]] = {}  # (day, account) -> [invoices, rupiah]
    day_totals: dict[date, list[int]] = {}
    account_totals: dict[str, list[int]] = {}
    seen: set[str | None] = set()
    for invoice in paid:
        invoice_id = invoice.get("invoiceId")
        if invoice_id in seen:
            raise ValueError(f"invoice {invoice_id!r} is listed twice")
        seen.add(invoice_id)
        day = wib_day(invoice["paidAt"])
        if not start <= day <= end:
            continue
        per_account: dict[str, int] = {}
        for account, amount in _lines(invoice):
            per_account[account] = per_account.get(account, 0) + amount
        for account, amount in per_account.items():
            for bucket in (cells.setdefault((day, account), [0, 0]), account_totals.setdefault(account, [0, 0])):
                bucket[0] += 1
                bucket[1] += amount
        day_total = day_totals.setdefault(day, [0, 0])
        day_total[0] += 1
        day_total[1] += invoice["amount"]

    every_day = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    days = tuple((d, Total(*day_totals.get(d, (0, 0)))) for d in every_day)
    return IncomeReport(
        start=start,
        end=end,
        rows=tuple(Row(d, a, c, m) for (d, a), (c, m) in sorted(cells.items())),
        days=days,
        accounts=tuple((a, Total(*t)) for a, t in sorted(account_totals.items())),
        total=Total(sum(t.count for _, t in days), sum(t.amount for _, t in days)),
    )


def to_csv(report: IncomeReport) -> str:
    """One line per day and account with income, then a TOTAL line; dates as YYYY-MM-DD, amounts as digits."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in report.rows:
        writer.writerow((row.day.isoformat(), row.revenue_account, row.count, row.amount))
    writer.writerow((TOTAL_LABEL, "", report.total.count, report.total.amount))
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------------------
