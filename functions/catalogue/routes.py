"""The permit catalogue: what a person can apply for (public), and for agency admins what they publish and the figures
still to confirm."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import catalogue
from chalicelib.agencies import staff
from chalicelib.catalogue import publish, rules, search, views
from chalicelib.core.errors import forbidden
from chalicelib.core.i18n import localize
from functions.http import ADMINS, PUBLIC, json_body, lang_of, route

bp = Blueprint(__name__)


@route(bp, "/catalogue", "GET", PUBLIC)
def list_permits(request, _principal):
    """The catalogue: `?q=` searches (typos tolerated), `?lifeEvent=` and `?agency=` filter; the facets
    say how many permits each life event and agency has, for browsing."""
    lang = lang_of(request)
    query = request.query_params or {}
    everything = catalogue.all_permits()
    agencies = {p["agency"]["id"]: localize(p["agency"]["name"], lang) for p in everything}
    found = search.find(everything, str(query.get("q", ""))[:100], agencies)
    if query.get("lifeEvent"):
        found = [h for h in found if query["lifeEvent"] in h.permit["lifeEvents"]]
    if query.get("agency"):
        found = [h for h in found if h.permit["agency"]["id"] == query["agency"]]
    counts = {e: sum(e in p["lifeEvents"] for p in everything) for e in rules.LIFE_EVENT_LABELS}
    return {  # searchNote: why a synonym leads here ("perpanjang ktp": an e-KTP is valid for life)
        "permits": [{**views.summary(h.permit, lang), "searchNote": localize(h.note, lang)}
                    for h in found],
        "lifeEvents": [{"id": e, "label": localize(label, lang), "count": counts[e]}
                       for e, label in rules.LIFE_EVENT_LABELS.items() if counts[e]],
        "agencies": [{"id": a, "name": name, "count": sum(p["agency"]["id"] == a for p in everything)}
                     for a, name in sorted(agencies.items(), key=lambda kv: kv[1])],
    }


@route(bp, "/catalogue/{permit_id}", "GET", PUBLIC)
def permit_detail(request, _principal, permit_id):
    return views.summary(catalogue.get_permit(permit_id), lang_of(request))


@route(bp, "/agency/catalogue/unconfirmed", "GET", ADMINS)
def unconfirmed_figures(request, principal):
    """The agency admin's worklist: catalogue figures of their agency's permits awaiting confirmation, each
    with the regulation to check; a system admin sees every agency's, or one with `?agency=`."""
    wanted = (request.query_params or {}).get("agency")
    if "system_admin" in principal.roles:
        agency = staff.agency(wanted)["id"] if wanted else None
    elif principal.agency and wanted in (None, "", principal.agency):
        agency = principal.agency
    else:
        raise forbidden("Anda hanya dapat melihat data katalog instansi Anda sendiri.")
    return {"agency": agency, "items": views.worklist(catalogue.all_permits(), agency, lang_of(request))}




@route(bp, "/admin/permits", "POST", ADMINS, status=201, max_body=512 * 1024)  # a whole permit definition
def publish_permit(request, principal):
    """A new permit type, or a new version of one, for the caller's agency (validated before it is live)."""
    return publish.publish(principal, json_body(request), lang_of(request))
