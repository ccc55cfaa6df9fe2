"""Indonesian rules JSON Schema cannot express that need tables the browser does not have (the server is
the authority; the browser checks formats and the shared `checks`, chalicelib/forms/validate.py): NIK
structure and region and its agreement with the sex and birth date on the same form, KK region prefix,
NPWP, region codes that exist and lie inside the region chosen above them, phone numbers that exist."""

from __future__ import annotations

from datetime import date

from chalicelib import regions
from chalicelib.identity import nik as niks
from chalicelib.identity import phone as phones

_MESSAGES = {
    "kk_region": {"id": "Nomor KK diawali kode wilayah yang tidak dikenal. Periksa 6 angka pertama.",
                  "en": "The KK number starts with an unknown region code. Check the first 6 digits."},
    "npwp_person": {"id": "NPWP 16 angka untuk orang pribadi adalah NIK: periksa kembali angkanya.",
                    "en": "A 16-digit NPWP of an individual is their NIK: check the digits."},
    "region_unknown": {"id": "{label}: kode wilayah tidak dikenal. Pilih dari daftar.",
                       "en": "{label}: unknown region code. Choose from the list."},
    "region_outside": {"id": "{label} tidak berada di wilayah yang dipilih di atasnya. Pilih ulang.",
                       "en": "{label} is not inside the region chosen above it. Choose again."},
}
_FINDERS = {"address.province": regions.province, "address.regency": regions.regency,
            "address.district": regions.district, "address.village": regions.village}


def message(key: str, lang: str, **values: str) -> str:
    return _MESSAGES[key][lang].format(**values)


def _by_ref(questions: list[dict], answers: dict, ref: str, wrong: set[str] | frozenset[str]) -> object:
    """The answer to the question of dictionary field `ref`, unless that answer is itself wrong."""
    return next((answers.get(q["id"]) for q in questions if q.get("ref") == ref and q["id"] in answers
                 and q["id"] not in wrong), None)


def run(question: dict, value: object, answers: dict, questions: list[dict], lang: str, label: str,
        wrong: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The message for the first rule this answer breaks, or None. `wrong`: fields already refused, whose
    answers say nothing about this one (a NIK is not compared with a birth date in the future)."""
    kind = question.get("check")
    if kind == "nik":
        # Cross-check sex and birth date only when the form is about one person (one NIK question).
        alone = sum(q.get("ref") == "person.nik" for q in questions) == 1
        born = _by_ref(questions, answers, "person.birthDate", wrong) if alone else None
        try:
            birth = date.fromisoformat(born) if isinstance(born, str) else None
        except ValueError:
            birth = None
        sex = _by_ref(questions, answers, "person.sex", wrong) if alone else None
        problems = niks.validate_nik(value, birth_date=birth, sex=sex if sex in ("L", "P") else None, lang=lang)
        blocking = [p for p in problems if p.blocking]
        return blocking[0].message if blocking else None
    if kind == "kk":
        return None if regions.district(str(value)[:6]) else message("kk_region", lang)
    if kind == "npwp":
        text = str(value)
        if len(text) == 16 and not text.startswith("0") and niks.is_blocking(niks.validate_nik(text)):
            return message("npwp_person", lang)
        return None
    if kind == "region":
        find = _FINDERS.get(question.get("ref", ""))
        if find is None or find(value) is None:
            return message("region_unknown", lang, label=label)
        parent = question.get("choices", {}).get("parent")
        above = answers.get(parent) if parent else None
        if isinstance(above, str) and not str(value).startswith(above + "."):
            return message("region_outside", lang, label=label)
        return None
    if kind == "phone":  # the browser's pattern is lenient: is it a real mobile number?
        return phones.problem(str(value), label, lang)
    return None
