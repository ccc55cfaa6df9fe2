"""Issued permits ("Izin Saya") and their renewal (R19)."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import applications, permits
from chalicelib.identity import profile
from functions import adapters
from functions.http import CITIZEN, SIGNED_IN, lang_of, route

bp = Blueprint(__name__)


@route(bp, "/permits", "GET", CITIZEN)
def my_permits(request, principal):
    lang = lang_of(request)
    held = sorted(permits.held_by(principal.person_id), key=lambda p: p.issued_on, reverse=True)
    renewing = applications.renewals_in_progress(principal.person_id)
    return {"permits": [permits.view(p, lang, renewing=renewing.get(p.number)) for p in held]}


@route(bp, "/permits/{number}", "GET", SIGNED_IN)  # the holder, or staff of the issuing agency
def permit(request, principal, number):
    issued = permits.load_for(principal, number)
    renewing = applications.renewals_in_progress(issued.holder_id).get(issued.number)
    return permits.view(issued, lang_of(request), renewing=renewing)


@route(bp, "/permits/{number}/renewals", "POST", CITIZEN, status=201)
def renew(request, principal, number):
    sources = profile.prefill_for(adapters.accounts(), principal.username, principal.person_id)
    return applications.view(applications.start_renewal(principal, number, sources), lang_of(request))
