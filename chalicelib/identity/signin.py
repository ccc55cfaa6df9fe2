"""Sign-in (R1, issue 3): a password, then whatever the pool asks next. Citizens get their token at once;
staff must also prove an authenticator app (TOTP), enrolling one at their first sign-in, and a staff
account made by an administrator starts with a temporary password that must be replaced.

Between steps the browser holds only an opaque ticket; the Cognito session (or, during enrolment, the
tokens that are withheld until the authenticator is proven) stays server-side in the security table for
five minutes."""

from __future__ import annotations

import secrets
import time
from urllib.parse import quote

import jwt

from chalicelib.core.auth import STAFF_ROLES
from chalicelib.core.errors import FieldError, PisaoError, bad_request, unauthorized
from chalicelib.core.models import SecurityModel
from chalicelib.core.ports import Accounts, CodeMismatch, SessionExpired
from chalicelib.identity import nik as niks
from chalicelib.identity import otp, repository, throttle
from chalicelib.identity.registration import password_problems

TICKET_SECONDS = 5 * 60
MAX_CODE_ATTEMPTS = 5
ISSUER_LABEL = "PISAO"
SECOND_FACTOR = "custom:second_factor"


def _claims(tokens: dict) -> dict:
    return jwt.decode(tokens["IdToken"], options={"verify_signature": False})  # just issued by the pool


def _signed_in(tokens: dict) -> dict:
    claims = _claims(tokens)
    return {
        "idToken": tokens["IdToken"],
        "expiresIn": tokens.get("ExpiresIn", 3600),
        "user": {"name": claims.get("name", ""), "roles": claims.get("cognito:groups", []),
                 "agency": claims.get("custom:agency"), "office": claims.get("custom:office")},
    }


def _ticket(state: dict, pepper: str) -> str:
    ticket = secrets.token_urlsafe(32)
    repository.save_new(otp.subject_key("ticket", ticket, pepper), state, int(time.time()) + TICKET_SECONDS)
    return ticket


def _load_ticket(ticket: object, pepper: str) -> SecurityModel:
    expired = unauthorized("Waktu masuk habis atau sudah dipakai. Silakan masuk kembali dari awal.")
    if not isinstance(ticket, str) or not 20 <= len(ticket) <= 100:
        raise expired
    item = repository.find(otp.subject_key("ticket", ticket, pepper))
    if item is None:
        raise expired
    if time.time() > item.expires_at or item.payload is None:
        raise expired
    return item


def _next_step(username: str, result: dict, accounts: Accounts, pepper: str) -> dict:
    """Turn what the pool answered into the browser's next step."""
    if "challenge" in result:
        step = {"NEW_PASSWORD_REQUIRED": "NEW_PASSWORD", "SOFTWARE_TOKEN_MFA": "TOTP"}.get(result["challenge"])
        if step is None:
            raise PisaoError(502, "unsupported_challenge", "Cara masuk ini belum didukung. Hubungi admin instansi.")
        ticket = _ticket({"step": step, "username": username, "session": result["session"],
                          "cognito": result["challenge"]}, pepper)
        return {"challenge": step, "ticket": ticket}
    tokens = result["tokens"]
    claims = _claims(tokens)
    is_staff = bool(set(claims.get("cognito:groups") or []) & set(STAFF_ROLES))
    if is_staff and claims.get(SECOND_FACTOR) != "totp":
        # First sign-in of a staff member: no token until an authenticator is enrolled and proven.
        secret = accounts.start_totp(tokens["AccessToken"])
        ticket = _ticket({"step": "TOTP_SETUP", "username": username, "access": tokens["AccessToken"],
                          "refresh": tokens["RefreshToken"]}, pepper)
        label = quote(f"{ISSUER_LABEL}:{username}")
        return {"challenge": "TOTP_SETUP", "ticket": ticket, "secret": secret,
                "otpauthUri": f"otpauth://totp/{label}?secret={secret}&issuer={ISSUER_LABEL}&digits=6&period=30"}
    return _signed_in(tokens)


def sign_in(body: dict, accounts: Accounts, pepper: str) -> dict:
    username, password = body.get("username"), body.get("password")
    missing = [FieldError(name, msg) for name, value, msg in (
        ("username", username, "Isi NIK atau nomor paspor Anda."),
        ("password", password, "Isi kata sandi Anda."),
    ) if not isinstance(value, str) or not value.strip()]
    if missing:
        raise bad_request("missing_credentials", "NIK/nomor paspor dan kata sandi wajib diisi.", missing)
    assert isinstance(username, str) and isinstance(password, str)  # checked just above
    username = niks.username_of(username)  # a NIK copied with its spaces or dots is the same NIK
    lock = otp.subject_key("login", username.upper(), pepper)
    throttle.ensure_allowed(lock)
    result = accounts.login(username, password)
    if result is None:
        throttle.record_failure(lock)
        raise unauthorized("NIK/nomor paspor atau kata sandi salah. Bila baru mendaftar, selesaikan dulu "
                           "verifikasi kode yang kami kirim.")
    throttle.reset(lock)
    return _next_step(username, result, accounts, pepper)


def _totp_code(body: dict) -> str:
    code = body.get("code")
    if not isinstance(code, str) or len(code.strip()) != 6 or not code.strip().isascii() or not code.strip().isdigit():
        raise bad_request("code_format", "Kode autentikator terdiri dari 6 angka.",
                          [FieldError("code", "Isi 6 angka yang tampil di aplikasi autentikator Anda.")])
    return code.strip()


def _wrong_code(item: SecurityModel) -> PisaoError:
    attempts = repository.add_attempt(item)
    if attempts >= MAX_CODE_ATTEMPTS:
        repository.delete(item)
        return unauthorized("Terlalu banyak kode yang salah. Silakan masuk kembali dari awal.")
    return bad_request("code_wrong", "Kode autentikator salah. Periksa jam di ponsel Anda lalu coba lagi.",
                       [FieldError("code", f"Kode salah. Sisa percobaan: {MAX_CODE_ATTEMPTS - attempts}.")])


def answer(body: dict, accounts: Accounts, pepper: str) -> dict:
    """The next step after a challenge: a new password, or a code from the authenticator."""
    item = _load_ticket(body.get("ticket"), pepper)
    state = item.payload
    username = state["username"]
    try:
        if state["step"] == "NEW_PASSWORD":
            problems = password_problems(body.get("newPassword"))
            if problems:
                raise bad_request("weak_password", "Kata sandi baru belum memenuhi syarat.",
                                  [FieldError("newPassword", p) for p in problems])
            result = accounts.respond(username, state["cognito"], state["session"],
                                      {"NEW_PASSWORD": body["newPassword"]})
        elif state["step"] == "TOTP":
            code = _totp_code(body)
            try:
                result = accounts.respond(username, state["cognito"], state["session"],
                                          {"SOFTWARE_TOKEN_MFA_CODE": code})
            except CodeMismatch:
                raise _wrong_code(item) from None
        else:  # TOTP_SETUP
            code = _totp_code(body)
            try:
                accounts.confirm_totp(state["access"], code)
            except CodeMismatch:
                raise _wrong_code(item) from None
            accounts.update(username, {SECOND_FACTOR: "totp"})
            result = {"tokens": {**accounts.refresh(state["refresh"]), "RefreshToken": state["refresh"]}}
    except SessionExpired:
        repository.delete(item)
        raise unauthorized("Waktu masuk habis. Silakan masuk kembali dari awal.") from None
    repository.delete(item)  # each ticket answers one step
    return _next_step(username, result, accounts, pepper)
