"""Sign-in lockout: after repeated failures for one account, refuse for a while (Cognito does this in
AWS, but not every Indonesian cloud or the local stack; the rule must hold everywhere)."""

from __future__ import annotations

import time

from pynamodb.exceptions import DoesNotExist

from chalicelib.core.errors import PisaoError
from chalicelib.core.models import SecurityModel

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _load(key: str) -> SecurityModel | None:
    try:
        return SecurityModel.get(key, consistent_read=True)
    except DoesNotExist:
        return None


def ensure_allowed(key: str, now: float | None = None) -> None:
    now = now or time.time()
    item = _load(key)
    if item and item.attempts >= MAX_FAILURES and now < item.expires_at:
        minutes = max(1, int((item.expires_at - now) // 60) + 1)
        raise PisaoError(429, "locked", f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit, "
                         "atau atur ulang kata sandi Anda.")


def record_failure(key: str, now: float | None = None) -> None:
    now = now or time.time()
    item = _load(key)
    if item is None or now >= item.expires_at:
        item = SecurityModel(key=key, attempts=0, window_start=int(now), expires_at=int(now) + WINDOW_SECONDS)
    item.attempts += 1
    item.save()


def reset(key: str) -> None:
    item = _load(key)
    if item is not None:
        item.delete()
