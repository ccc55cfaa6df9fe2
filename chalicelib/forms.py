"""Form engine (walking-skeleton version): a permit's form definition is compiled to JSON Schema
2020-12 and answers are validated against it, each error returned per field in the citizen's language."""

from __future__ import annotations

from functools import lru_cache

from jsonschema import Draft202012Validator

from chalicelib.catalogue import get_permit, localize
from chalicelib.errors import FieldError

SCHEMA_BASE = "https://pisao.go.id/schemas"
DEFAULT_MAX_LENGTH = 500

_GENERIC = {
    "required": {"id": "{label} wajib diisi.", "en": "{label} is required."},
    "type": {"id": "{label} harus berupa teks.", "en": "{label} must be text."},
    "minLength": {"id": "{label} terlalu pendek (paling sedikit {n} karakter).",
                  "en": "{label} is too short (at least {n} characters)."},
    "maxLength": {"id": "{label} terlalu panjang (paling banyak {n} karakter).",
                  "en": "{label} is too long (at most {n} characters)."},
    "pattern": {"id": "Format {label} tidak sesuai. Lihat contoh pengisian.",
                "en": "{label} is not in the right format. See the example."},
    "enum": {"id": "Pilih salah satu pilihan yang tersedia untuk {label}.",
             "en": "Choose one of the options offered for {label}."},
    "additionalProperties": {"id": "Kolom tidak dikenal: {name}. Muat ulang formulir lalu coba lagi.",
                             "en": "Unknown field: {name}. Reload the form and try again."},
    "notObject": {"id": "Jawaban formulir harus berupa objek JSON.", "en": "Form answers must be a JSON object."},
}


def questions(form: dict) -> list[dict]:
    return [q for page in form["pages"] for q in page["questions"]]


def answer_questions(form: dict) -> list[dict]:
    """Questions whose answer is typed (files are uploads, checked separately)."""
    return [q for q in questions(form) if q["type"] != "file"]


def file_questions(form: dict) -> list[dict]:
    return [q for q in questions(form) if q["type"] == "file"]


def compile_schema(permit: dict) -> dict:
    props: dict[str, dict] = {}
    required: list[str] = []
    for q in answer_questions(permit["form"]):
        prop: dict = {"type": "string", "maxLength": q.get("maxLength", DEFAULT_MAX_LENGTH)}
        for key in ("minLength", "pattern"):
            if key in q:
                prop[key] = q[key]
        if q["type"] == "date":
            prop["format"] = "date"
        if q.get("options"):
            prop["enum"] = [o["value"] for o in q["options"]]
        props[q["id"]] = prop
        if q.get("required"):
            required.append(q["id"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}/{permit['id']}/v{permit['version']}.json",
        "type": "object",
        "additionalProperties": False,
        "properties": props,
        "required": required,
    }


@lru_cache(maxsize=64)
def _validator(permit_id: str, version: int) -> Draft202012Validator:
    # Building a validator is the expensive part: keep one per form version.
    return Draft202012Validator(compile_schema(get_permit(permit_id)))


def _message(question: dict | None, keyword: str, lang: str, **values) -> str:
    custom = (question or {}).get("messages", {}).get(keyword)
    template = localize(custom, lang) if custom else localize(_GENERIC[keyword], lang)
    # A question may carry a short noun ("Keperluan") that reads better in a sentence than its label.
    label = localize(question.get("name") or question["label"], lang) if question else ""
    return template.format(label=label, **values)


def validate_answers(permit: dict, answers: object, lang: str = "id", partial: bool = False) -> list[FieldError]:
    """All problems with the answers, one per field. `partial` (a draft save) skips missing answers."""
    if not isinstance(answers, dict):
        return [FieldError(None, _message(None, "notObject", lang))]
    by_id = {q["id"]: q for q in answer_questions(permit["form"])}
    errors: dict[str | None, FieldError] = {}
    for err in _validator(permit["id"], permit["version"]).iter_errors(answers):
        keyword = str(err.validator)
        if keyword == "required":
            if partial:
                continue
            for name in [n for n in err.validator_value if n not in answers]:
                errors.setdefault(name, FieldError(name, _message(by_id.get(name), "required", lang)))
            continue
        if keyword == "additionalProperties":
            for name in sorted(set(answers) - set(by_id)):
                errors.setdefault(name, FieldError(name, _message(None, keyword, lang, name=name[:40])))
            continue
        name = str(err.path[0]) if err.path else None
        question = by_id.get(name) if name else None
        if keyword in ("minLength", "maxLength"):
            msg = _message(question, keyword, lang, n=err.validator_value)
        elif keyword in _GENERIC:
            msg = _message(question, keyword, lang)
        else:
            msg = _message(question, "pattern", lang)
        errors.setdefault(name, FieldError(name, msg))
    return list(errors.values())


def public_form(permit: dict, lang: str) -> dict:
    """The form as the browser renders it: strings in the citizen's language."""
    pages = []
    for page in permit["form"]["pages"]:
        qs = []
        for q in page["questions"]:
            item = {
                "id": q["id"], "type": q["type"], "required": bool(q.get("required")),
                "label": localize(q["label"], lang), "hint": localize(q.get("hint"), lang),
                "example": localize(q.get("example"), lang),
            }
            for key in ("minLength", "maxLength", "pattern", "maxBytes"):
                if key in q:
                    item[key] = q[key]
            if q.get("options"):
                item["options"] = [{"value": o["value"], "label": localize(o["label"], lang)} for o in q["options"]]
            if q["type"] == "file":
                item["accept"] = ",".join(q["accept"])
            qs.append(item)
        pages.append({"id": page["id"], "title": localize(page["title"], lang), "questions": qs})
    return {
        "permitId": permit["id"], "version": permit["version"], "title": localize(permit["name"], lang),
        "pages": pages, "schema": compile_schema(permit),
    }
