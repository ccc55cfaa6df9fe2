"""Sign-in lockout: after repeated failures for one account, refuse for a while (Cognito does this in
AWS, but not every Indonesian cloud or the local stack; the rule must hold everywhere)."""

from __future__ import annotations

import time

from chalicelib.core.errors import PisaoError
from chalicelib.identity import repository

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def ensure_allowed(key: str, now: float | None = None) -> None:
    now = now or time.time()
    item = repository.find(key)
    if item and item.attempts >= MAX_FAILURES and now < item.expires_at:
        minutes = max(1, int((item.expires_at - now) // 60) + 1)
        raise PisaoError(429, "locked", f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit, "
                         "atau atur ulang kata sandi Anda.")


def record_failure(key: str, now: float | None = None) -> int:
    """Count one failed sign-in and return the count in the current window. One conditional update adds 1
    while the window is open; otherwise one conditional write opens a new window at 1. Neither reads
    first, so failures arriving at the same moment are each counted."""
    now = now or time.time()
    return repository.count_failure(key, int(now), WINDOW_SECONDS)


def reset(key: str) -> None:
    item = repository.find(key)
    if item is not None:
        repository.delete(item)
