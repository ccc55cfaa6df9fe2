"""Sign-in with its challenges, self-registration with a one-time code, forgotten password, and the
citizen's profile and contacts. Nothing here logs a username: for citizens it is their NIK."""

from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.core.config import settings
from chalicelib.core.errors import PisaoError
from chalicelib.identity import profile, recovery, registration, signin
from functions import adapters
from functions.http import CITIZEN, PUBLIC, SIGNED_IN, json_body, lang_of, logger, route

bp = Blueprint(__name__)


def _step(result: dict) -> dict | Response:
    """201 with the token when signed in; 200 with the next challenge otherwise."""
    if "challenge" in result:
        logger.info("sign-in challenge", extra={"challenge": result["challenge"]})
        return Response(body=result, status_code=200, headers={"Cache-Control": "no-store"})
    logger.info("signed in", extra={"roles": result["user"]["roles"]})
    return result


@route(bp, "/auth/sessions", "POST", PUBLIC, status=201)
def sign_in(request, _principal):
    try:
        return _step(signin.sign_in(json_body(request), adapters.accounts(), settings().otp_pepper))
    except PisaoError as err:
        logger.info("sign-in refused", extra={"code": err.code})  # never the username: it may be a NIK
        raise


@route(bp, "/auth/sessions/challenge", "POST", PUBLIC, status=201)
def answer_challenge(request, _principal):
    return _step(signin.answer(json_body(request), adapters.accounts(), settings().otp_pepper))


@route(bp, "/auth/registrations", "POST", PUBLIC, status=201)
def register(request, _principal):
    sent = registration.register(json_body(request), adapters.accounts(), adapters.messenger(),
                                 settings().otp_pepper)
    logger.info("registration started", extra={"channel": sent["channel"]})
    return sent


@route(bp, "/countries", "GET", PUBLIC)
def countries(request, _principal):
    """Nationalities for a foreigner's registration (ISO 3166-1 alpha-3), named in the caller's language."""
    lang = lang_of(request)
    return {"countries": sorted(({"code": code, "name": names[lang]}
                                 for code, names in registration.countries().items() if code != "IDN"),
                                key=lambda c: c["name"])}


@route(bp, "/auth/registrations/verify", "POST", PUBLIC)
def verify_registration(request, _principal):
    registration.verify(json_body(request), adapters.accounts(), settings().otp_pepper)
    logger.info("registration verified")
    return {"verified": True, "message": "Akun Anda aktif. Silakan masuk dengan NIK dan kata sandi Anda."}


@route(bp, "/auth/registrations/code", "POST", PUBLIC, status=201)
def resend_code(request, _principal):
    return registration.resend(json_body(request), adapters.accounts(), adapters.messenger(), settings().otp_pepper)


@route(bp, "/auth/password-resets", "POST", PUBLIC, status=202)
def request_password_reset(request, _principal):
    return recovery.request(json_body(request), adapters.accounts(), adapters.messenger(), settings().otp_pepper)


@route(bp, "/auth/password-resets/confirm", "POST", PUBLIC)
def confirm_password_reset(request, _principal):
    result = recovery.confirm(json_body(request), adapters.accounts(), adapters.messenger(), settings().otp_pepper)
    logger.info("password reset")
    return result


@route(bp, "/me", "GET", SIGNED_IN)
def me(_request, principal):
    return {"name": principal.name, "roles": sorted(principal.roles), "agency": principal.agency,
            "office": principal.office}


@route(bp, "/me/profile", "GET", CITIZEN)
def my_profile(_request, principal):
    return profile.view(profile.account_of(adapters.accounts(), principal.username), principal.person_id)


@route(bp, "/me/profile", "PUT", CITIZEN)
def update_profile(request, principal):
    return profile.update(principal, json_body(request), adapters.accounts())


@route(bp, "/me/contact", "POST", CITIZEN, status=201)
def change_contact(request, principal):
    return profile.start_contact_change(principal, json_body(request), adapters.messenger(), settings().otp_pepper)


@route(bp, "/me/contact/verify", "POST", CITIZEN)
def verify_contact(request, principal):
    return profile.confirm_contact_change(principal, json_body(request), adapters.accounts(), settings().otp_pepper)
