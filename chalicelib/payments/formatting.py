"""How money, treasury days and times are written for citizens and treasurers (receipts, reports, statements).

Money is whole rupiah written the Indonesian way ("Rp80.000"). Times are stored in UTC; the treasury works in
Asia/Jakarta calendar days, which is a fixed UTC+7 (Indonesia has no daylight saving), so a fixed offset is
exact and needs no time-zone database in the Lambda package.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni",
             "Juli", "Agustus", "September", "Oktober", "November", "Desember")  # fmt: skip


def parse_utc(moment: str | datetime) -> datetime:
    """An aware datetime in UTC from an ISO-8601 string ("2026-12-02T03:15:00Z") or an aware datetime.

    A time without an offset is refused: guessing UTC or WIB would silently move payments between days."""
    if isinstance(moment, str):
        try:
            parsed = datetime.fromisoformat(moment)
        except ValueError as exc:
            raise ValueError(f"not an ISO-8601 time: {moment!r}") from exc
    elif isinstance(moment, datetime):
        parsed = moment
    else:
        raise ValueError(f"a time must be an ISO-8601 string or a datetime, not {moment!r}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(f"a time must carry its offset (e.g. 'Z' for UTC): {moment!r}")
    return parsed.astimezone(UTC)


def to_wib(moment: str | datetime) -> datetime:
    return parse_utc(moment).astimezone(WIB)


def wib_iso(moment: str | datetime) -> str:
    """A moment as SNAP and the bank write it, to the second in WIB: "2026-12-02T10:15:00+07:00"."""
    return to_wib(moment).isoformat(timespec="seconds")


def wib_day(moment: str | datetime) -> date:
    """The treasury (Asia/Jakarta) calendar day of a moment: 23:30 UTC is already the next day in WIB."""
    return to_wib(moment).date()


def utc_iso(moment: str | datetime) -> str:
    """The storage spelling of a moment: "2026-12-02T03:15:00Z"."""
    return parse_utc(moment).isoformat().replace("+00:00", "Z")


def format_date_id(day: date) -> str:
    """date(2026, 12, 2) -> "2 Desember 2026"."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def format_wib(moment: str | datetime) -> str:
    """"2026-12-02T03:15:00Z" -> "2 Desember 2026 10.15 WIB" (Indonesian spelling uses a dot in clock times)."""
    local = to_wib(moment)
    return f"{format_date_id(local.date())} {local.hour:02d}.{local.minute:02d} WIB"
