"""A permit's form and what it is built from: the form, its JSON Schema, the data dictionary, region codes."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import catalogue, forms, regions
from chalicelib.core.errors import not_found
from chalicelib.core.i18n import localize
from functions.http import PUBLIC, lang_of, route

bp = Blueprint(__name__)


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
        ref: {"schema": f["schema"], "label": localize(f["label"], lang),
              "hint": localize(f["hint"], lang), "example": localize(f["example"], lang)}
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
