"""Validating answers, in the order the browser does it too (web/src/forms/engine.js):
unknown fields → answers read as typed (`normalize`: a NIK's spaces, a phone's 0812…) → hidden answers
dropped → JSON Schema (one error per field, the first by keyword order) → required questions that are
visible → the shared `checks` (a date not in the future, a NIK holder's sex and age) → Indonesian rules
(server only). Every check runs on every answer, so a page's problems are all reported at once. Errors
name the field's path ("nik", "anggota.0.nik") and say what to fix in the citizen's language."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import TypeVar

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from chalicelib.core.errors import FieldError
from chalicelib.forms import checks, compile, definition, engine, logic
from chalicelib.identity import nik as niks
from chalicelib.identity import phone as phones

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


# Compiling is the expensive part: once per form version (a permit type's id and version name its form), kept for
# the most recent 64. The permit comes from the caller: the form engine does not look permits up in the catalogue.
_KEPT = 64
K = TypeVar("K")
V = TypeVar("V")
_validators: dict[tuple[str, int], tuple[engine.Check | None, Draft202012Validator]] = {}
_compilations: dict[tuple[str, int, str], tuple[dict, dict, list[dict]]] = {}


_keeping = threading.RLock()  # the local stack serves requests on threads


def _kept(cache: dict[K, V], key: K, build: Callable[[], V]) -> V:
    with _keeping:
        if key not in cache:
            if len(cache) >= _KEPT:
                cache.pop(next(iter(cache)))  # the oldest
            cache[key] = build()
        return cache[key]


def _validator(permit: dict) -> tuple[engine.Check | None, Draft202012Validator]:
    """(the fast engine's valid-or-not, or None for a schema it does not take; jsonschema, which names the
    problems and is the reference): both from the same schema, compiled once per form version."""
    def build() -> tuple[engine.Check | None, Draft202012Validator]:
        schema = compile.inline(compile.schema(permit))
        schema.pop("required")  # required-ness is decided by the rules below, after hidden answers are dropped
        try:
            fast: engine.Check | None = engine.compiled(schema, {"date": _is_date})
        except ValueError:
            fast = None
        return fast, _Validator(schema, format_checker=FORMATS)

    return _kept(_validators, (permit["id"], permit["version"]), build)


def _compiled(permit: dict, lang: str) -> tuple[dict, dict, list[dict]]:
    form = permit["form"]
    return _kept(_compilations, (permit["id"], permit["version"], lang),
                 lambda: (compile.rules(form), compile.messages(form, lang), definition.answer_questions(form)))


NORMALIZERS = {"nik": niks.normalize_nik, "phone": phones.normalize_phone}


def normalized(rules: dict, answers: dict) -> dict:
    """The answers as they are checked and stored: each `normalize` rule applied, in group rows too."""
    how = rules.get("normalize", {})
    if not how:
        return answers
    out = {}
    for name, value in answers.items():
        if name in how:
            value = NORMALIZERS[how[name]](value)
        elif isinstance(value, list) and any(path.startswith(f"{name}.") for path in how):
            value = [{k: NORMALIZERS[how[f"{name}.{k}"]](v) if f"{name}.{k}" in how else v for k, v in row.items()}
                     if isinstance(row, dict) else row for row in value]
        out[name] = value
    return out


def _age_fits(nik: str, on: str, bounds: dict) -> bool | None:
    """Whether the NIK's holder was min-max years old on the date `on` (YY read in 19YY or 20YY);
    None when the NIK has no readable date (its own check names that)."""
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    day = day - 40 if day > 40 else day
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    year, ref_month, ref_day = (int(part) for part in on.split("-"))
    for century in (1900, 2000):
        age = year - century - yy - ((ref_month, ref_day) < (month, day))
        if bounds["min"] <= age <= bounds["max"]:
            return True
    return False


def shared_check(rule: dict, value: object, answers: dict, texts: dict, today: str,
                 wrong: set[str]) -> str | None:
    """The first of a question's `checks` the answer breaks (the browser runs the same: engine.js)."""
    if rule.get("pastDate") and isinstance(value, str) and _is_date(value):
        if value > today:
            return texts["future"]
        if value < "1900-01-01":
            return texts["tooOld"]
    holder = rule.get("holder")
    if holder and isinstance(value, str) and re.fullmatch(r"[0-9]{16}", value):
        dd = int(value[6:8])
        sex = "L" if 1 <= dd <= 31 else "P" if 41 <= dd <= 71 else None
        if sex and holder.get("sex") and sex != holder["sex"]:
            return texts["holderSex"]
        age = holder.get("ageAt")
        on = answers.get(age["date"]) if age and age["date"] not in wrong else None
        if isinstance(on, str) and _is_date(on) and _age_fits(value, on, age) is False:
            return texts["holderAge"]
    return None


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
    rules, messages, questions = _compiled(permit, lang)
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
    answers = normalized(rules, {k: v for k, v in answers.items() if k in by_id})
    kept = visible_answers(rules, {k: v for k, v in answers.items() if not _empty(v)})

    found: dict[str, tuple[int, str]] = {}
    fast, reference = _validator(permit)
    # Most answers are valid: the compiled engine says so quickly; only when it says no does jsonschema name
    # each problem (its error objects carry the keyword and path the messages are chosen by).
    for err in (() if fast is not None and fast(kept) else reference.iter_errors(kept)):
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
    # Dates first: a NIK holder's age at a date says nothing while that date is itself wrong.
    for name, rule in sorted(rules.get("checks", {}).items(), key=lambda item: not item[1].get("pastDate")):
        if name in kept and name not in errors:
            problem = shared_check(rule, kept[name], kept, messages["questions"][name], today.isoformat(),
                                   set(errors))
            if problem:
                errors[name] = FieldError(name, problem)
    for name, value in kept.items():
        question = by_id[name]
        if name in errors or _empty(value) or "check" not in question:
            continue
        if question.get("choices", {}).get("parent") in errors:
            continue  # "not inside the region above" says nothing new while that region is itself wrong
        problem = checks.run(question, value, kept, questions, lang, compile.label(question, lang), set(errors))
        if problem:
            errors[name] = FieldError(name, problem)
    return kept, list(errors.values())
