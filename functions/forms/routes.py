"""Catalogue, forms, drafts and upload URLs: the citizen's side before submission."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import applications, catalogue, documents, forms, regions, staff, statuses, store
from chalicelib.catalogue import rules, search, unconfirmed
from chalicelib.config import settings
from chalicelib.errors import forbidden, not_found
from chalicelib.identity import profile
from functions import adapters
from functions.http import CITIZEN, PUBLIC, SIGNED_IN, json_body, lang_of, roles, route

bp = Blueprint(__name__)


@route(bp, "/catalogue", "GET", PUBLIC)
def list_permits(request, _principal):
    """The catalogue: `?q=` searches (typos tolerated), `?lifeEvent=` and `?agency=` filter; the facets
    say how many permits each life event and agency has, for browsing."""
    lang = lang_of(request)
    query = request.query_params or {}
    everything = catalogue.all_permits()
    agencies = {p["agency"]["id"]: catalogue.localize(p["agency"]["name"], lang) for p in everything}
    found = search.find(everything, str(query.get("q", ""))[:100], agencies)
    if query.get("lifeEvent"):
        found = [h for h in found if query["lifeEvent"] in h.permit["lifeEvents"]]
    if query.get("agency"):
        found = [h for h in found if h.permit["agency"]["id"] == query["agency"]]
    counts = {e: sum(e in p["lifeEvents"] for p in everything) for e in rules.LIFE_EVENT_LABELS}
    return {  # searchNote: why a synonym leads here ("perpanjang ktp": an e-KTP is valid for life)
        "permits": [{**catalogue.summary(h.permit, lang), "searchNote": catalogue.localize(h.note, lang)}
                    for h in found],
        "lifeEvents": [{"id": e, "label": catalogue.localize(label, lang), "count": counts[e]}
                       for e, label in rules.LIFE_EVENT_LABELS.items() if counts[e]],
        "agencies": [{"id": a, "name": name, "count": sum(p["agency"]["id"] == a for p in everything)}
                     for a, name in sorted(agencies.items(), key=lambda kv: kv[1])],
    }


@route(bp, "/agency/catalogue/unconfirmed", "GET", roles("agency_admin", "system_admin"))
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
    return {"agency": agency, "items": unconfirmed.worklist(catalogue.all_permits(), agency, lang_of(request))}


@route(bp, "/catalogue/{permit_id}", "GET", PUBLIC)
def permit_detail(request, _principal, permit_id):
    return catalogue.summary(catalogue.get_permit(permit_id), lang_of(request))


@route(bp, "/catalogue/{permit_id}/form", "GET", PUBLIC)
def permit_form(request, _principal, permit_id):
    return forms.public_form(catalogue.get_permit(permit_id), lang_of(request))


@route(bp, "/schemas/{permit_id}", "GET", PUBLIC)
def permit_schema(_request, _principal, permit_id):
    """The published JSON Schema 2020-12 of a permit's current form, for other agencies' validators."""
    return forms.compile_schema(catalogue.get_permit(permit_id))


@route(bp, "/schemas/{permit_id}/{version}", "GET", PUBLIC)
def permit_schema_version(_request, _principal, permit_id, version):
    """The stable URL of one form version (its `$id`): `/schemas/spp-irt/v1.json`."""
    permit = catalogue.get_permit(permit_id)
    if version not in (f"v{permit['version']}.json", f"v{permit['version']}", str(permit["version"])):
        raise not_found(f"Versi formulir ini tidak diterbitkan lagi. Versi yang berlaku: v{permit['version']}.")
    return forms.compile_schema(permit)


@route(bp, "/dictionary", "GET", PUBLIC)
def data_dictionary(request, _principal):
    """The shared data dictionary (R7): each common field's JSON Schema, label and example."""
    lang = lang_of(request)
    fields = forms.definition.dictionary()["fields"]
    return {"version": forms.definition.dictionary()["version"], "fields": {
        ref: {"schema": f["schema"], "label": catalogue.localize(f["label"], lang),
              "hint": catalogue.localize(f["hint"], lang), "example": catalogue.localize(f["example"], lang)}
        for ref, f in fields.items()}}


@route(bp, "/regions", "GET", PUBLIC)
def provinces(_request, _principal):
    """The region picker's first list (Kemendagri codes, from idn-area-data)."""
    return {"regions": regions.children(None)}


@route(bp, "/regions/{code}", "GET", PUBLIC)
def region_children(_request, _principal, code):
    find = {"province": regions.province, "regency": regions.regency,
            "district": regions.district}.get(regions.level_of(code) or "")
    if find is None or find(code) is None:
        raise not_found("Kode wilayah tidak dikenal. Pilih wilayah dari daftar.")
    return {"code": regions.normalize(code), "regions": regions.children(code)}


@route(bp, "/applications", "POST", CITIZEN, status=201)
def create_application(request, principal):
    body = json_body(request)
    sources = profile.prefill_for(adapters.accounts(), principal.username, principal.person_id)
    return applications.view(applications.start_draft(principal, body.get("permitId"), sources), lang_of(request))


@route(bp, "/applications", "GET", CITIZEN)
def my_applications(request, principal):
    lang = lang_of(request)
    return {"applications": [applications.view(a, lang, with_timeline=False)
                             for a in store.list_by_owner(principal.person_id) if a.status != statuses.DELETED]}


@route(bp, "/applications/{application_id}", "GET", SIGNED_IN)
def get_application(request, principal, application_id):
    return applications.view(applications.load_for(principal, application_id), lang_of(request))


@route(bp, "/applications/{application_id}", "DELETE", SIGNED_IN)  # owner, or the counter filing it
def delete_draft(request, principal, application_id):
    return applications.view(applications.delete_draft(principal, application_id), lang_of(request),
                             with_timeline=False)


@route(bp, "/applications/{application_id}/answers", "PUT", SIGNED_IN)  # owner, or the counter filing it
def save_answers(request, principal, application_id):
    body = json_body(request)
    lang = lang_of(request)
    app, problems = applications.save_answers(principal, application_id, body.get("answers"), body.get("version"),
                                              lang)
    # A draft is stored as typed; what it still needs fixing is told with it (the submit checks everything).
    return {**applications.view(app, lang, with_timeline=False), "problems": [p.to_dict() for p in problems]}


@route(bp, "/applications/{application_id}/uploads", "POST", SIGNED_IN, status=201)  # owner or counter
def request_upload(request, principal, application_id):
    return applications.request_upload(
        principal, application_id, json_body(request), adapters.uploads(), settings().presign_expires_seconds
    )


@route(bp, "/applications/{application_id}/uploads/{field}/check", "POST", SIGNED_IN)  # owner or counter
def check_upload(request, principal, application_id, field):
    """After the browser's upload: the file's checks (type, size, metadata, virus) and the verdict."""
    return applications.check_upload(principal, application_id, field, adapters.uploads(), adapters.scanner(),
                                     lang_of(request))


@route(bp, "/applications/{application_id}/uploads/reuse", "POST", SIGNED_IN)  # owner or counter
def reuse_document(request, principal, application_id):
    """Attach a document accepted on one of the owner's earlier applications (e.g. the KK) instead of a new upload."""
    app = applications.reuse_document(principal, application_id, json_body(request), adapters.uploads())
    return applications.view(app, lang_of(request), with_timeline=False)


@route(bp, "/me/documents", "GET", CITIZEN)
def my_documents(_request, principal):
    """Documents accepted on the person's earlier applications, which a new application may reuse."""
    return {"documents": documents.reusable(principal.person_id)}
