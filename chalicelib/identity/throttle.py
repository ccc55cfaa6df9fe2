"""Sign-in lockout: after repeated failures for one account, refuse for a while (Cognito does this in
AWS, but not every Indonesian cloud or the local stack; the rule must hold everywhere)."""

from __future__ import annotations

import time

from pynamodb.exceptions import DoesNotExist, UpdateError

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


def record_failure(key: str, now: float | None = None) -> int:
    """Count one failed sign-in and return the count in the current window. One conditional update adds 1
    while the window is open; otherwise one conditional write opens a new window at 1. Neither reads
    first, so failures arriving at the same moment are each counted."""
    now = now or time.time()
    while True:
        try:
            item = SecurityModel(key=key)
            item.update(actions=[SecurityModel.attempts.add(1)], condition=SecurityModel.expires_at > int(now))
            return int(item.attempts)
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
        # No window, or the last one is over: open a new one, unless another failure just did.
        try:
            item = SecurityModel(key=key)
            item.update(actions=[SecurityModel.attempts.set(1), SecurityModel.window_start.set(int(now)),
                                 SecurityModel.expires_at.set(int(now) + WINDOW_SECONDS)],
                        condition=SecurityModel.key.does_not_exist() | (SecurityModel.expires_at <= int(now)))
            return 1
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise


def reset(key: str) -> None:
    item = _load(key)
    if item is not None:
        item.delete()
