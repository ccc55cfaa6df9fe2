"""The shared form test vectors (tests/vectors/) against the server's validator; the browser's engine
runs the same files (tests/e2e/test_form_vectors_js.py): both must give every case's errors exactly."""

import json
from pathlib import Path

import pytest

from chalicelib import catalogue, forms

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def cases():
    for name in ("forms.core.json", "forms.generated.json"):
        for form in json.loads((VECTORS / name).read_text(encoding="utf-8"))["forms"]:
            for case in form["cases"]:
                name = f"{form['permit']}/{form['lang']}/{case['name']}"
                yield pytest.param(form["permit"], form["lang"], case, id=name)


def test_there_are_enough_vectors_over_several_forms():
    all_cases = list(cases())
    assert len(all_cases) >= 150 and len({c.values[0] for c in all_cases}) >= 4


def test_generated_vectors_are_up_to_date():
    from tests.vectors.build import build

    stored = json.loads((VECTORS / "forms.generated.json").read_text(encoding="utf-8"))
    assert stored == build(), "run: .venv/bin/python -m tests.vectors.build"


@pytest.mark.parametrize(("permit_id", "lang", "case"), cases())
def test_vector(permit_id, lang, case):
    permit = catalogue.get_permit(permit_id)
    errors = forms.validate_answers(permit, case["answers"], lang=lang, partial=case.get("partial", False))
    assert {e.field or "": e.message for e in errors} == case["errors"]
