"""What an authenticator app computes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits): the local stack
uses it to re-enrol restored staff accounts, and the tests to sign staff in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time


def totp(secret: str, at: float | None = None) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int((at or time.time()) // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


def fresh_totp(secret: str) -> str:
    """A code with at least 3 seconds left in its step, as a person would type it (a code computed at the
    very end of its step reaches the server in the next one, where moto refuses it)."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.1)
    return totp(secret)
