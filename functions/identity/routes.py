"""Sign-in (POST /auth/sessions; the ID token it returns is verified on every later call) and
self-registration with a one-time code (POST /auth/registrations, …/verify, …/code)."""

from __future__ import annotations

import jwt
from chalice import Blueprint

from chalicelib.config import settings
from chalicelib.errors import FieldError, bad_request, unauthorized
from chalicelib.identity import otp, registration, throttle
from functions import adapters
from functions.http import PUBLIC, SIGNED_IN, json_body, logger, route

bp = Blueprint(__name__)


@route(bp, "/auth/sessions", "POST", PUBLIC, status=201)
def sign_in(request, _principal):
    body = json_body(request)
    username, password = body.get("username"), body.get("password")
    missing = [FieldError(name, msg) for name, value, msg in (
        ("username", username, "Isi NIK atau nomor paspor Anda."),
        ("password", password, "Isi kata sandi Anda."),
    ) if not isinstance(value, str) or not value.strip()]
    if missing:
        raise bad_request("missing_credentials", "NIK/nomor paspor dan kata sandi wajib diisi.", missing)
    pepper = settings().otp_pepper
    lock = otp.subject_key("login", username.strip().upper(), pepper)
    throttle.ensure_allowed(lock)
    tokens = adapters.accounts().login(username.strip(), password)
    if tokens is None:
        throttle.record_failure(lock)
        logger.info("sign-in refused")  # never the username: it is a NIK
        raise unauthorized("NIK/nomor paspor atau kata sandi salah. Bila baru mendaftar, selesaikan dulu "
                           "verifikasi kode yang kami kirim.")
    throttle.reset(lock)
    claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})  # just issued by Cognito
    return {
        "idToken": tokens["IdToken"],
        "expiresIn": tokens.get("ExpiresIn", 3600),
        "user": {
            "name": claims.get("name", ""),
            "roles": claims.get("cognito:groups", []),
            "agency": claims.get("custom:agency"),
        },
    }


@route(bp, "/auth/registrations", "POST", PUBLIC, status=201)
def register(request, _principal):
    sent = registration.register(json_body(request), adapters.accounts(), adapters.messenger(),
                                 settings().otp_pepper)
    logger.info("registration started", extra={"channel": sent["channel"]})
    return sent


@route(bp, "/auth/registrations/verify", "POST", PUBLIC)
def verify_registration(request, _principal):
    registration.verify(json_body(request), adapters.accounts(), settings().otp_pepper)
    logger.info("registration verified")
    return {"verified": True, "message": "Akun Anda aktif. Silakan masuk dengan NIK dan kata sandi Anda."}


@route(bp, "/auth/registrations/code", "POST", PUBLIC, status=201)
def resend_code(request, _principal):
    return registration.resend(json_body(request), adapters.accounts(), adapters.messenger(), settings().otp_pepper)


@route(bp, "/me", "GET", SIGNED_IN)
def me(_request, principal):
    return {"name": principal.name, "roles": sorted(principal.roles), "agency": principal.agency}
