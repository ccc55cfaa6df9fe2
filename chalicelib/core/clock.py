"""Time in UTC (stored) and in the citizen's zone (shown)."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime | None = None) -> str:
    return (moment or now()).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse(stamp: str) -> datetime:
    """A stored time (`iso()`'s form, "…Z") back as an aware UTC datetime."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
