"""The identity capability's short-lived security state in the security table: one-time codes, sign-in tickets and
sign-in failure counters. The only identity code that touches PynamoDB; it answers with records or plain values
and turns PynamoDB's errors into outcomes (None, a count), so the rules need no PynamoDB of their own."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist, UpdateError

from chalicelib.core.models import SecurityModel


def find(key: str) -> SecurityModel | None:
    """The item under `key` as last written (a consistent read), or None."""
    try:
        return SecurityModel.get(key, consistent_read=True)
    except DoesNotExist:
        return None


def save(item: SecurityModel) -> None:
    """Write the whole item, replacing what was there."""
    item.save()


def save_new(key: str, payload: dict, expires_at: int) -> None:
    """A new item (e.g. a sign-in ticket) holding `payload` until `expires_at` (epoch seconds, the TTL)."""
    SecurityModel(key=key, payload=payload, expires_at=expires_at).save()


def add_attempt(item: SecurityModel) -> int:
    """Count one more attempt atomically; `item.attempts` then holds the stored count, which is returned."""
    item.update(actions=[SecurityModel.attempts.add(1)])
    return int(item.attempts)


def delete(item: SecurityModel) -> None:
    item.delete()


def count_failure(key: str, now: int, window_seconds: int) -> int:
    """Count one failure under `key` and return the count in the current window. One conditional update adds 1
    while the window is open; otherwise one conditional write opens a new window at 1. Neither reads first, so
    failures arriving at the same moment are each counted."""
    while True:
        try:
            item = SecurityModel(key=key)
            item.update(actions=[SecurityModel.attempts.add(1)], condition=SecurityModel.expires_at > now)
            return int(item.attempts)
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
        # No window, or the last one is over: open a new one, unless another failure just did.
        try:
            item = SecurityModel(key=key)
            item.update(actions=[SecurityModel.attempts.set(1), SecurityModel.window_start.set(now),
                                 SecurityModel.expires_at.set(now + window_seconds)],
                        condition=SecurityModel.key.does_not_exist() | (SecurityModel.expires_at <= now))
            return 1
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
