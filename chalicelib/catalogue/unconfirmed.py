"""Catalogue figures the agency has not confirmed yet: the agency admin's worklist, never text for citizens.

A permit type lists them as data, `"unconfirmed": [{"field": "slaDays", "regulation": "Perpres 96/2018",
"note": "…"}]`, where `field` is a path into the permit ("fee", "renewal.graceDays", "faq.0.a") or
"dictionary.<ref>" for a data-dictionary field the form uses. The publish check refuses a malformed list,
and refuses editorial markers ("(periksa kembali)", "belum dikonfirmasi") in anything citizens are shown:
such a note belongs here. Invoices of a paid permit without a confirmed revenue account carry the finance
office's placeholder (chalicelib/payments/fees.py); the worklist (`views.worklist`) names those too."""

from __future__ import annotations

import re

from chalicelib.forms import definition as form_definition
from chalicelib.forms.problems import Problem, problem

# Notes to an editor, not to a citizen: "(periksa kembali)", "(cek …)", "belum dikonfirmasi", "TODO".
EDITORIAL = re.compile(
    r"\((?:periksa kembali|perlu dicek|cek|check|verify|tbc|tbd|todo)\b[^)]*\)"
    r"|belum dikonfirmasi|not (?:yet )?confirmed|\b(?:TODO|TBD|FIXME)\b", re.IGNORECASE)
KEYS = {"field", "regulation", "note"}

MISSING = object()


def resolve(permit: dict, field: str) -> object:
    """The value a field path names, or MISSING."""
    if field.startswith("dictionary."):
        return form_definition.dictionary()["fields"].get(field[len("dictionary."):], MISSING)
    value: object = permit
    for part in field.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return MISSING
    return value


def problems(permit: dict) -> list[Problem]:
    """Why the permit's `unconfirmed` list, or an editorial marker in its citizen text, is refused."""
    found = [problem(path, f"catatan redaksi \"{marker}\" tidak boleh tampil ke warga; pindahkan ke "
                           f"\"unconfirmed\" (field, regulation, note)",
                     f"the editorial note \"{marker}\" must not be shown to citizens; move it to \"unconfirmed\" "
                     f"(field, regulation, note)") for path, marker in _markers(permit, "")]
    entries = permit.get("unconfirmed", [])
    if not isinstance(entries, list):
        return [*found, problem("unconfirmed", "daftar {field, regulation, note}",
                                "a list of {field, regulation, note}")]
    seen = set()
    for i, entry in enumerate(entries):
        where = f"unconfirmed.{i}"
        if not isinstance(entry, dict) or set(entry) - KEYS or not isinstance(entry.get("field"), str):
            found.append(problem(where, "{\"field\": jalur data (mis. \"slaDays\", \"faq.0.a\"), \"regulation\": "
                                        "peraturan yang harus diperiksa, \"note\": catatan untuk admin instansi}",
                                 "{\"field\": a data path (e.g. \"slaDays\", \"faq.0.a\"), \"regulation\": the "
                                 "regulation to check, \"note\": a note for the agency admin}"))
            continue
        field = entry["field"]
        if field.split(".")[0] in ("unconfirmed", "id", "version") or resolve(permit, field) is MISSING:
            found.append(problem(f"{where}.field", f"\"{field}\" tidak ada di definisi izin ini",
                                 f"\"{field}\" is not in this permit's definition"))
        elif field in seen:
            found.append(problem(f"{where}.field", f"\"{field}\" sudah tercantum", f"\"{field}\" is listed already"))
        seen.add(field)
        if not isinstance(entry.get("regulation"), str) or not entry["regulation"].strip():
            found.append(problem(f"{where}.regulation", "sebutkan peraturan yang harus diperiksa",
                                 "name the regulation to check"))
        if not isinstance(entry.get("note", ""), str):
            found.append(problem(f"{where}.note", "teks untuk admin instansi", "a text for the agency admin"))
    return found


def _markers(value: object, path: str) -> list[tuple[str, str]]:
    """(path, marker) for every editorial marker in the permit's text outside `unconfirmed`."""
    if isinstance(value, str):
        found = EDITORIAL.search(value)
        return [(path or "(teks)", found.group(0))] if found else []
    if isinstance(value, dict):
        items = [(k, v) for k, v in value.items() if not (path == "" and k == "unconfirmed")]
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return []
    return [m for key, item in items for m in _markers(item, f"{path}.{key}" if path else str(key))]
