"""The form engine (R5, R7, R8, R13): permit forms are data in the PISAO form format (docs/forms.md),
with fields from a shared data dictionary, compiled on publish into a JSON Schema, JSON Logic rules and
messages that the server and the browser both run."""

from __future__ import annotations

from chalicelib.core.errors import FieldError
from chalicelib.core.i18n import localize
from chalicelib.forms import compile, definition
from chalicelib.forms.definition import answer_questions, file_questions, questions
from chalicelib.forms.validate import _compiled, is_required, normalized, validate, visible_answers

__all__ = ["answer_questions", "compile", "definition", "compile_schema", "file_questions", "is_required", "prefilled",
           "public_form", "questions", "stored_answers", "validate", "validate_answers", "visible_answers"]


def compile_schema(permit: dict) -> dict:
    return compile.schema(permit)


def stored_answers(permit: dict, answers: dict) -> dict:
    """The answers as saved: read as the form's `normalize` rules say ("0812 3456 7890" → "+6281234567890",
    a NIK without its spaces), the same reading validation uses."""
    return normalized(_compiled(permit, "id")[0], answers)


def validate_answers(permit: dict, answers: object, lang: str = "id", partial: bool = False) -> list[FieldError]:
    return validate(permit, answers, lang, partial)[1]


def prefilled(permit: dict, sources: dict) -> dict:
    """First answers of a new draft from what PISAO already knows (the profile; later, earlier permits):
    only values the form accepts, so a draft never starts with an error."""
    answers = {q["id"]: sources[q["prefill"]] for q in definition.answer_questions(permit["form"])
               if q.get("prefill") in sources and sources[q["prefill"]] not in (None, "", [])}
    bad = {e.field for e in validate(permit, answers, partial=True)[1]}
    return {k: v for k, v in answers.items() if k not in bad}


def _public_question(q: dict, lang: str) -> dict:
    item = {
        "id": q["id"], "type": q["type"], "required": bool(q.get("required")),
        "label": localize(q["label"], lang), "hint": localize(q.get("hint"), lang),
        "example": localize(q.get("example"), lang),
    }
    if q.get("name"):
        item["name"] = localize(q["name"], lang)  # the short noun: "Tambah produk"
    for key in ("ref", "minLength", "maxLength", "pattern", "maxBytes", "minimum", "maximum", "minItems", "maxItems",
                "prefill"):
        if key in q:
            item[key] = q[key]
    if q.get("options"):
        item["options"] = [{"value": o["value"], "label": localize(o["label"], lang)} for o in q["options"]]
    if q.get("choices"):
        item["choices"] = q["choices"]
    if q["type"] == "file":
        item["accept"] = ",".join(q["accept"])
    if q["type"] == "group":
        item["questions"] = [_public_question(sub, lang) for sub in q["questions"]]
    return item


def public_form(permit: dict, lang: str) -> dict:
    """The form as the browser renders and checks it: strings in the citizen's language, plus the same
    compiled schema, rules and messages the server validates with."""
    form = permit["form"]
    pages = [{"id": page["id"], "title": localize(page["title"], lang),
              **({"visibleIf": page["visibleIf"]} if "visibleIf" in page else {}),
              "questions": [_public_question(q, lang) for q in page["questions"]]}
             for page in definition.pages(form)]
    return {
        "permitId": permit["id"], "version": permit["version"], "title": localize(permit["name"], lang),
        "pages": pages, "schema": compile.inline(compile.schema(permit)), "rules": compile.rules(form),
        "messages": compile.messages(form, lang),
    }
