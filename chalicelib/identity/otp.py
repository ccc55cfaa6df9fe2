"""One-time codes (kode verifikasi) sent by e-mail or SMS: stored only as an HMAC, valid for a few
minutes, a few attempts each, and resends throttled, so a code can be neither read back nor guessed."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from chalicelib.core.errors import FieldError, PisaoError
from chalicelib.core.models import SecurityModel
from chalicelib.identity import repository

CODE_DIGITS = 6
VALID_SECONDS = 10 * 60
MAX_ATTEMPTS = 5
RESEND_AFTER_SECONDS = 60
MAX_SENDS_PER_HOUR = 5


def subject_key(purpose: str, subject: str, pepper: str) -> str:
    """The item key: the purpose and a keyed hash of the subject (a NIK), never the NIK itself."""
    digest = hmac.new(pepper.encode(), subject.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{purpose}#{digest}"


def _hash(code: str, key: str, pepper: str) -> str:
    return hmac.new(pepper.encode(), f"{key}:{code}".encode(), hashlib.sha256).hexdigest()


def issue(key: str, pepper: str, now: float | None = None, payload: dict | None = None) -> str:
    """A new code for `key` (the previous one stops working). Refuses when asked too often.
    `payload` is what the code will confirm (e.g. a new e-mail address); `check` hands it back."""
    now = now or time.time()
    item = repository.find(key) or SecurityModel(key=key, expires_at=0)
    if now - item.window_start > 3600:
        item.window_start, item.sends = int(now), 0
    if now - item.last_sent < RESEND_AFTER_SECONDS:
        wait = int(RESEND_AFTER_SECONDS - (now - item.last_sent)) + 1
        raise PisaoError(429, "code_too_soon", f"Kode baru dapat diminta lagi dalam {wait} detik.")
    if item.sends >= MAX_SENDS_PER_HOUR:
        raise PisaoError(429, "code_limit", "Terlalu banyak permintaan kode. Coba lagi dalam satu jam.")
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    item.code_hash, item.attempts = _hash(code, key, pepper), 0
    item.sends, item.last_sent = item.sends + 1, int(now)
    item.expires_at = int(now) + VALID_SECONDS
    item.payload = payload
    repository.save(item)
    return code


def check(key: str, code: object, pepper: str, now: float | None = None) -> dict:
    """Accept the code once (returning the payload it was issued with), or raise with what to do."""
    now = now or time.time()
    field = "code"
    if not isinstance(code, str) or len(code) != CODE_DIGITS or not all("0" <= c <= "9" for c in code):
        raise PisaoError(400, "code_format", f"Kode verifikasi terdiri dari {CODE_DIGITS} angka.",
                         [FieldError(field, f"Isi {CODE_DIGITS} angka dari pesan yang kami kirim.")])
    item = repository.find(key)
    if item is None or item.code_hash is None:
        raise PisaoError(400, "code_missing", "Belum ada kode yang dikirim. Minta kode baru.",
                         [FieldError(field, "Minta kode baru.")])
    if now > item.expires_at:
        raise PisaoError(400, "code_expired", "Kode sudah kedaluwarsa. Minta kode baru.",
                         [FieldError(field, "Kode sudah kedaluwarsa.")])
    if item.attempts >= MAX_ATTEMPTS:
        raise PisaoError(429, "code_attempts", "Terlalu banyak percobaan. Minta kode baru.",
                         [FieldError(field, "Terlalu banyak percobaan.")])
    if not hmac.compare_digest(item.code_hash, _hash(code, key, pepper)):
        left = MAX_ATTEMPTS - repository.add_attempt(item)
        raise PisaoError(400, "code_wrong", f"Kode salah. Sisa percobaan: {left}.",
                         [FieldError(field, f"Kode salah. Sisa percobaan: {left}.")])
    repository.delete(item)  # used once
    return item.payload or {}
