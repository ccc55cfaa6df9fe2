"""Catalogue figures the agency has not confirmed yet: the agency admin's worklist, never text for citizens.

A permit type lists them as data, `"unconfirmed": [{"field": "slaDays", "regulation": "Perpres 96/2018",
"note": "…"}]`, where `field` is a path into the permit ("fee", "renewal.graceDays", "faq.0.a") or
"dictionary.<ref>" for a data-dictionary field the form uses. The publish check refuses a malformed list,
and refuses editorial markers ("(periksa kembali)", "belum dikonfirmasi") in anything citizens are shown:
such a note belongs here. Invoices of a paid permit without a confirmed revenue account carry the finance
office's placeholder (chalicelib/payments/fees.py); the worklist names those too."""

from __future__ import annotations

import json
import re

from chalicelib.core.i18n import localize
from chalicelib.forms import definition as form_definition
from chalicelib.forms.problems import Problem, problem

# Notes to an editor, not to a citizen: "(periksa kembali)", "(cek …)", "belum dikonfirmasi", "TODO".
EDITORIAL = re.compile(
    r"\((?:periksa kembali|perlu dicek|cek|check|verify|tbc|tbd|todo)\b[^)]*\)"
    r"|belum dikonfirmasi|not (?:yet )?confirmed|\b(?:TODO|TBD|FIXME)\b", re.IGNORECASE)
KEYS = {"field", "regulation", "note"}
REVENUE_ACCOUNT_REGULATION = "Permendagri 90/2019 (klasifikasi, kodefikasi, dan nomenklatur keuangan daerah)"

LABELS = {  # the figure's name on the worklist, by the first part of its path
    "fee": {"id": "Biaya", "en": "Fee"},
    "slaDays": {"id": "Waktu layanan", "en": "Service time"},
    "validity": {"id": "Masa berlaku", "en": "Validity"},
    "renewal": {"id": "Perpanjangan", "en": "Renewal"},
    "legalBasis": {"id": "Dasar hukum", "en": "Legal basis"},
    "faq": {"id": "Pertanyaan yang sering diajukan", "en": "Frequently asked questions"},
    "requirements": {"id": "Persyaratan", "en": "Requirements"},
    "dictionary": {"id": "Kamus data", "en": "Data dictionary"},
    "description": {"id": "Keterangan", "en": "Description"},
}
PARTS = {  # ... and of the figure within it
    "windowDays": {"id": "dibuka sebelum masa berlaku habis", "en": "opens before expiry"},
    "graceDays": {"id": "batas setelah masa berlaku habis", "en": "deadline after expiry"},
    "tiers": {"id": "tarif menurut jenis", "en": "rate by kind"},
    "basis": {"id": "dasar biaya", "en": "fee basis"},
    "revenueAccount": {"id": "kode rekening pendapatan", "en": "revenue account code"},
}
_MISSING = object()


def _resolve(permit: dict, field: str) -> object:
    """The value a field path names, or _MISSING."""
    if field.startswith("dictionary."):
        return form_definition.dictionary()["fields"].get(field[len("dictionary."):], _MISSING)
    value: object = permit
    for part in field.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return _MISSING
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
        if field.split(".")[0] in ("unconfirmed", "id", "version") or _resolve(permit, field) is _MISSING:
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


def figure(permit: dict, field: str, lang: str = "id") -> str:
    """The figure as the catalogue states it now, for the admin to compare with the regulation."""
    from chalicelib.payments.formatting import format_rupiah  # noqa: PLC0415 - payments import the catalogue

    value = _resolve(permit, field)
    last = field.split(".")[-1]
    if isinstance(value, dict) and "amountRupiah" in value:
        return format_rupiah(value["amountRupiah"])
    if field == "fee" and isinstance(value, dict):
        if value.get("rule") == "tiered":
            return " / ".join(format_rupiah(t["amountRupiah"]) for t in value.get("tiers", []))
        rule = str(value.get("rule"))
        return {"free": "Gratis" if lang == "id" else "Free",
                "computed": "Dihitung oleh instansi" if lang == "id" else "Computed by the agency"}.get(rule, rule)
    if isinstance(value, int) and not isinstance(value, bool):
        days = "hari kerja" if last == "slaDays" else "hari"
        return f"{value} {days}" if lang == "id" else f"{value} {'working days' if last == 'slaDays' else 'days'}"
    if isinstance(value, dict) and isinstance(value.get("months"), int):
        return f"{value['months']} bulan" if lang == "id" else f"{value['months']} months"
    if isinstance(value, dict) and "id" in value:
        return localize(value, lang) or ""
    if field.startswith("dictionary.") and isinstance(value, dict):
        return json.dumps(value.get("schema", value), ensure_ascii=False, separators=(", ", ": "))
    if value is None:
        return "Tanpa batas waktu" if lang == "id" else "No expiry"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _label(permit: dict, field: str, lang: str) -> str:
    head = field.split(".")
    label = localize(LABELS.get(head[0], {"id": head[0], "en": head[0]}), lang) or head[0]
    if head[0] == "faq" and len(head) > 1 and head[1].isdigit():
        question = _resolve(permit, f"faq.{head[1]}.q")
        return f"{label}: {localize(question, lang)}" if isinstance(question, dict | str) else label
    if head[0] == "dictionary":
        entry = form_definition.dictionary()["fields"].get(".".join(head[1:]), {})
        return f"{label}: {localize(entry.get('label'), lang) or '.'.join(head[1:])}"
    part = next((localize(PARTS[h], lang) for h in head[1:] if h in PARTS), None)
    return f"{label}: {part}" if part else label


def worklist(permits: list[dict], agency: str | None, lang: str = "id") -> list[dict]:
    """Every figure awaiting confirmation in the permits of `agency` (every agency for None), by permit."""
    from chalicelib.payments import fees  # noqa: PLC0415 - payments import the catalogue

    items = []
    for permit in sorted(permits, key=lambda p: localize(p["name"], "id") or p["id"]):
        if agency is not None and permit["agency"]["id"] != agency:
            continue
        base = {"agency": permit["agency"]["id"], "permitId": permit["id"], "version": permit["version"],
                "permitName": localize(permit["name"], lang)}
        for entry in permit.get("unconfirmed", []):
            items.append({**base, "field": entry["field"], "label": _label(permit, entry["field"], lang),
                          "figure": figure(permit, entry["field"], lang), "regulation": entry["regulation"],
                          "note": entry.get("note")})
        if not fees.free(permit) and fees.revenue_account(permit) == fees.UNCONFIRMED_REVENUE_ACCOUNT:
            items.append({**base, "field": "fee.revenueAccount", "label": _label(permit, "fee", lang),
                          "figure": fees.UNCONFIRMED_REVENUE_ACCOUNT, "regulation": REVENUE_ACCOUNT_REGULATION,
                          "note": "Kode rekening pendapatan belum dikonfirmasi bagian keuangan: tagihan memakai kode "
                                  "sementara sampai \"revenueAccount\" dicantumkan di data biaya izin ini."})
    return items
