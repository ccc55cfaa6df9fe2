"""Money as Indonesian readers write it: whole rupiah, a dot between thousands ("Rp80.000"). Shared by the
catalogue (the admin's worklist) and payments (receipts, reports, statements)."""

from __future__ import annotations


def _whole_rupiah(amount: object) -> int:
    # bool is an int subclass; True rupiah is a bug, not an amount.
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError(f"an amount must be a whole number of rupiah, not {amount!r}")
    return amount


def format_rupiah(amount: int) -> str:
    """80000 -> "Rp80.000"; -5000 -> "-Rp5.000" (a dot separates thousands, as Indonesian readers expect)."""
    value = _whole_rupiah(amount)
    digits = f"{abs(value):,}".replace(",", ".")
    return f"{'-' if value < 0 else ''}Rp{digits}"


def format_number(value: int) -> str:
    """A whole number with the Indonesian thousands separator, without the currency: 12345 -> "12.345"."""
    return f"{_whole_rupiah(value):,}".replace(",", ".")
