"""Publishing a permit type or a new version of one (R2) through the API: checked whole before anything
is stored (the live version keeps serving when a definition is refused), every version kept."""

from __future__ import annotations

from chalicelib import catalogue
from chalicelib.catalogue import rules, views
from chalicelib.core import audit, directory
from chalicelib.core.auth import Principal
from chalicelib.core.errors import FieldError, bad_request, conflict, forbidden
from chalicelib.core.i18n import localize

REFUSED = {"id": "Definisi izin tidak dapat diterbitkan: perbaiki hal berikut.",
           "en": "The permit definition cannot be published: fix the following."}


def publish(principal: Principal, definition: object, lang: str = "id") -> dict:
    principal.require_role("agency_admin", "system_admin")
    agencies = {a["id"] for a in directory.query("AGENCY")}
    problems = rules.problems(definition, agencies)
    if problems:  # each finding in the admin's language, named by the path it is about
        raise bad_request("invalid_definition", localize(REFUSED, lang),
                          [FieldError(p["id"].split(":", 1)[0], p[lang if lang in p else "id"]) for p in problems])
    assert isinstance(definition, dict)  # the check refuses anything but a JSON object
    agency = definition["agency"]["id"]
    if "system_admin" not in principal.roles and agency != principal.agency:
        raise forbidden("Anda hanya dapat menerbitkan izin untuk instansi Anda sendiri.")
    permit_id, version = definition["id"], definition["version"]
    current = next((p for p in catalogue.all_permits() if p["id"] == permit_id), None)
    if current is not None and current["agency"]["id"] != agency and "system_admin" not in principal.roles:
        raise forbidden("Jenis izin ini milik instansi lain.")
    if current is not None and version <= current["version"]:
        raise conflict("version_exists",
                       f"Versi {version} sudah ada. Terbitkan sebagai versi {current['version'] + 1}.")
    directory.put(f"CATALOGUE#{permit_id}", f"v{version:05d}", definition, principal.person_id)  # history
    directory.put("CATALOGUE", permit_id, definition, principal.person_id)  # the live version
    catalogue.forget_published()
    audit.record(principal, "permit_type_published", f"agency#{agency}", data={"permitId": permit_id,
                                                                               "version": version})
    return views.summary(definition, "id")
