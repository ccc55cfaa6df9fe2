"""POST /auth/sessions: password sign-in; the ID token it returns is verified on every later call."""

from __future__ import annotations

import jwt
from chalice import Blueprint

from chalicelib.errors import FieldError, bad_request, unauthorized
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
    tokens = adapters.login().login(username.strip(), password)
    if tokens is None:
        logger.info("sign-in refused")  # never the username: it is a NIK
        raise unauthorized("NIK/nomor paspor atau kata sandi salah.")
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


@route(bp, "/me", "GET", SIGNED_IN)
def me(_request, principal):
    return {"name": principal.name, "roles": sorted(principal.roles), "agency": principal.agency}
