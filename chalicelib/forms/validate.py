"""Validating answers, in the order the browser does it too (web/src/forms/validate.ts):
unknown fields → hidden answers dropped → JSON Schema (one error per field, the first by keyword order)
→ required questions that are visible → Indonesian rules (server only). Errors name the field's path
("nik", "anggota.0.nik") and say what to fix in the citizen's language."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from chalicelib.catalogue import get_permit
from chalicelib.errors import FieldError
from chalicelib.forms import checks, compile, definition, logic

MAX_ANSWER_KEYS = 500
REQUIRED = compile.KEYWORDS.index("required")


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date")
def _is_date(value: object) -> bool:
    """YYYY-MM-DD and a real day, as the browser checks it (Python's fromisoformat alone takes more)."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern:
    # JavaScript's `$` is the end of the text; Python's also matches before a final newline.
    return re.compile(re.sub(r"(?<!\\)\$$", r"\\Z", pattern))


def _pattern(_validator, pattern, instance, _schema):
    if isinstance(instance, str) and not _regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# The browser's rules exactly: its `pattern` and `date` semantics (web/src/forms/engine.js).
_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


@lru_cache(maxsize=64)
def _validator(permit_id: str, version: int) -> Draft202012Validator:
    # Building a validator is the expensive part: one per form version, reused.
    schema = compile.inline(compile.schema(get_permit(permit_id)))
    schema.pop("required")  # required-ness is decided by the rules below, after hidden answers are dropped
    return _Validator(schema, format_checker=FORMATS)


@lru_cache(maxsize=64)
def _compiled(permit_id: str, version: int, lang: str) -> tuple[dict, dict, list[dict]]:
    permit = get_permit(permit_id)
    form = permit["form"]
    return compile.rules(form), compile.messages(form, lang), definition.answer_questions(form)


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []


def visible_answers(rules: dict, answers: dict) -> dict:
    """The answers to questions that are shown; hidden ones are dropped (they are not the person's
    answer any more, e.g. a police report number after switching from "lost" to "damaged")."""
    shown = {}
    for name, value in answers.items():
        rule = rules["questions"].get(name, {}).get("visibleIf")
        if rule is None or logic.truthy(logic.apply(rule, answers)):
            shown[name] = value
    return shown


def is_required(rules: dict, name: str, answers: dict) -> bool:
    entry = rules["questions"].get(name, {})
    if "visibleIf" in entry and not logic.truthy(logic.apply(entry["visibleIf"], answers)):
        return False
    return logic.truthy(logic.apply(entry.get("requiredIf", False), answers))


def _path(parts) -> str:
    return ".".join(str(p) for p in parts)


def _message_key(parts: list) -> str:
    """"anggota.0.nik" → "anggota.nik": messages are per question, not per row."""
    return ".".join(str(p) for p in parts if not isinstance(p, int))


def validate(permit: dict, answers: object, lang: str = "id", partial: bool = False,
             today: date | None = None) -> tuple[dict, list[FieldError]]:
    """(the answers to keep, every problem). `partial` (saving a draft) skips answers still missing."""
    rules, messages, questions = _compiled(permit["id"], permit["version"], lang)
    if not isinstance(answers, dict):
        return {}, [FieldError(None, messages["form"]["notObject"])]
    if len(answers) > MAX_ANSWER_KEYS:
        return {}, [FieldError("answers", messages["form"]["tooMany"].format(limit=MAX_ANSWER_KEYS))]
    by_id = {q["id"]: q for q in questions}
    errors: dict[str, FieldError] = {}
    for name in answers:
        if name not in by_id:
            errors[name] = FieldError(name[:40], messages["form"]["unknown"].format(name=str(name)[:40]))
    # An emptied answer (null, "", []) is no answer: it is dropped, and only "required" can complain.
    kept = visible_answers(rules, {k: v for k, v in answers.items() if k in by_id and not _empty(v)})

    found: dict[str, tuple[int, str]] = {}
    for err in _validator(permit["id"], permit["version"]).iter_errors(kept):
        keyword = str(err.validator)
        parts = list(err.absolute_path)
        if keyword == "required":  # inside a group row: the row's own required questions, when absent
            for name in err.validator_value:
                if name not in err.instance and not partial:
                    found.setdefault(_path([*parts, name]), (REQUIRED, _message_key([*parts, name])))
            continue
        if keyword == "additionalProperties":  # inside a group row
            for name in sorted(set(err.instance) - set(err.schema.get("properties", {}))):
                errors.setdefault(_path([*parts, name]), FieldError(
                    _path([*parts, str(name)[:40]]), messages["form"]["unknown"].format(name=str(name)[:40])))
            continue
        rank = compile.KEYWORDS.index(keyword) if keyword in compile.KEYWORDS else compile.KEYWORDS.index("pattern")
        path = _path(parts)
        if path not in found or rank < found[path][0]:
            found[path] = (rank, _message_key(parts))
    for path, (rank, key) in found.items():
        errors.setdefault(path, FieldError(path, messages["questions"][key][compile.KEYWORDS[rank]]))

    for name in by_id:
        if name not in errors and _empty(kept.get(name)) and not partial and is_required(rules, name, kept):
            errors[name] = FieldError(name, messages["questions"][name]["required"])

    today = today or date.today()
    for name, value in kept.items():
        question = by_id[name]
        if name in errors or _empty(value) or "check" not in question:
            continue
        if question.get("choices", {}).get("parent") in errors:
            continue  # "not inside the region above" says nothing new while that region is itself wrong
        problem = checks.run(question, value, kept, questions, lang, compile.label(question, lang), today)
        if problem:
            errors[name] = FieldError(name, problem)
    return kept, list(errors.values())
