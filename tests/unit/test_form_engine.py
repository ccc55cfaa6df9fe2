"""The compiled schema engine (chalicelib/forms/engine.py) against the reference, `jsonschema`: on every shared
test vector and on random answers both say the same valid-or-not, so a citizen's errors cannot depend on
which engine ran. And the bench's 40-question form is a schema a strict validator accepts."""

import importlib
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from bench.forms import forty_questions
from chalicelib import catalogue, forms
from chalicelib.forms import engine
from tests.unit.test_form_properties import ANSWERS, PERMITS

validate_module = importlib.import_module("chalicelib.forms.validate")
VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def _engines(permit: dict):
    fast, reference = validate_module._validator(permit)
    assert fast is not None, f"{permit['id']}: the fast engine refused this form's schema"
    return fast, reference


def _agree(permit: dict, instance: object) -> None:
    fast, reference = _engines(permit)
    reference_errors = [e.message for e in reference.iter_errors(instance)]
    assert fast(instance) == (not reference_errors), (permit["id"], instance, reference_errors)


def _vector_cases():
    for name in ("forms.core.json", "forms.generated.json"):
        for form in json.loads((VECTORS / name).read_text(encoding="utf-8"))["forms"]:
            for case in form["cases"]:
                yield pytest.param(form["permit"], form["lang"], case,
                                   id=f"{form['permit']}/{form['lang']}/{case['name']}")


@pytest.mark.parametrize("permit", PERMITS, ids=lambda p: p["id"])
def test_every_published_form_uses_only_keywords_both_engines_read_alike(permit):
    schema = _engines(permit)[1].schema
    assert engine.keywords(schema) <= engine.KEYWORDS


@pytest.mark.parametrize(("permit_id", "lang", "case"), _vector_cases())
def test_both_engines_agree_on_every_vector(permit_id, lang, case):
    permit = catalogue.get_permit(permit_id)
    kept, _ = forms.validate(permit, case["answers"], lang=lang, partial=case.get("partial", False))
    _agree(permit, kept)  # what the schema step sees: answers read, hidden ones dropped
    _agree(permit, case["answers"])  # and the answers as sent


def test_the_vectors_exercise_both_outcomes_of_the_fast_engine():
    outcomes = Counter()
    for param in _vector_cases():
        permit_id, lang, case = param.values
        permit = catalogue.get_permit(permit_id)
        kept, _ = forms.validate(permit, case["answers"], lang=lang, partial=case.get("partial", False))
        outcomes[_engines(permit)[0](kept)] += 1
    assert outcomes[True] >= 20 and outcomes[False] >= 20, outcomes


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(permit=st.sampled_from(PERMITS), answers=ANSWERS, partial=st.booleans())
def test_both_engines_agree_on_random_answers(permit, answers, partial):
    _agree(permit, answers)
    _agree(permit, forms.validate(permit, answers, partial=partial)[0])


def test_a_pattern_with_a_dollar_before_its_end_is_left_to_jsonschema():
    # fastjsonschema reads every `$` as the end of the text, PISAO (like the browser) only a final one.
    with pytest.raises(ValueError):
        engine.compiled({"type": "string", "pattern": "^a$|^b$"}, {})
    assert engine.compiled({"type": "string", "pattern": "^a\\$b$"}, {})("a$b")


def test_the_fast_engine_checks_dates_as_the_browser_does():
    check = engine.compiled({"type": "string", "format": "date"}, {"date": validate_module._is_date})
    assert check("2024-02-29") and not check("2023-02-29") and not check("2024-2-9")


def test_the_bench_form_is_a_strict_schema_with_each_required_answer_once():
    permit, answers = forty_questions()
    schema = forms.compile_schema(permit)
    Draft202012Validator.check_schema(schema)

    def required_lists(node):
        if isinstance(node, dict):
            if isinstance(node.get("required"), list):
                yield node["required"]
            for value in node.values():
                yield from required_lists(value)
        elif isinstance(node, list):
            for item in node:
                yield from required_lists(item)

    lists = list(required_lists(schema))
    assert lists and all(len(names) == len(set(names)) for names in lists), lists
    ids = [q["id"] for q in forms.questions(permit["form"])]
    assert len(ids) == len(set(ids)) >= 40
    catalogue._permits()[permit["id"]] = permit
    try:
        assert forms.validate_answers(permit, answers) == []
    finally:
        catalogue._permits().pop(permit["id"])
