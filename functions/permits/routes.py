"""Issued permits ("Izin Saya") and their renewal (R19)."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.identity import profile
from chalicelib.permits import issued, renewal
from chalicelib.permits import views as permit_views
from chalicelib.views import applications as views
from functions import adapters
from functions.http import CITIZEN, SIGNED_IN, lang_of, route

bp = Blueprint(__name__)


@route(bp, "/permits", "GET", CITIZEN)
def my_permits(request, principal):
    lang = lang_of(request)
    held = sorted(issued.held_by(principal.person_id), key=lambda p: p.issued_on, reverse=True)
    renewing = renewal.renewals_in_progress(principal.person_id)
    return {"permits": [permit_views.view(p, lang, renewing=renewing.get(p.number)) for p in held]}


@route(bp, "/permits/{number}", "GET", SIGNED_IN)  # the holder, or staff of the issuing agency
def permit(request, principal, number):
    held = issued.load_for(principal, number)
    renewing = renewal.renewals_in_progress(held.holder_id).get(held.number)
    return permit_views.view(held, lang_of(request), renewing=renewing)


@route(bp, "/permits/{number}/renewals", "POST", CITIZEN, status=201)
def renew(request, principal, number):
    sources = profile.prefill_for(adapters.accounts(), principal.username, principal.person_id)
    return views.view(renewal.start_renewal(principal, number, sources), lang_of(request))
