"""Form validation speed and browser artefact size.

1. Validations per second of a realistic 40-question form (dictionary fields, choices, rules, a repeatable
   group, Indonesian checks) with PISAO's validator (compiled once per form version, cached), as a ratio
   against building a fresh `jsonschema` validator on every call (the naive way) in the same run; and the
   schema step alone: jsonschema cached per form, and the compiled engine (chalicelib/forms/engine.py).
2. Gzipped size of what the browser downloads to render and check one form: the form definition with its
   compiled schema, rules and messages, plus the engine and json-logic-js (budget: 15 KB).

Usage: python -m bench.forms [-n 2000]. Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import importlib
import json
import time
from pathlib import Path

from jsonschema import Draft202012Validator

from chalicelib import catalogue, forms

validate_module = importlib.import_module("chalicelib.forms.validate")  # the package's `validate` is a function

ROOT = Path(__file__).resolve().parents[1]
BUDGET_BYTES = 15 * 1024


def forty_questions() -> tuple[dict, dict]:
    """Every question of the SPP-IRT, STNK and e-KTP forms on one form (ids made unique), plus repeats of
    the simple ones up to 40, with the answers of a complete valid application."""
    from tests.vectors.build import VALID

    pages, answers = [], {}
    for source in ("spp-irt", "pengesahan-stnk-tahunan", "penggantian-ktp-el", "surat-keterangan-domisili"):
        permit = catalogue.get_permit(source)
        prefix = "".join(word[0] for word in source.split("-"))  # si, pst, pke, skd: unique ids, unique `required`
        renamed = json.loads(json.dumps(permit["form"]).replace('"var": "', f'"var": "{prefix}_'))
        for page in renamed["pages"]:
            for q in page["questions"]:
                q["id"] = f"{prefix}_{q['id']}"
                if "choices" in q and "parent" in q["choices"]:
                    q["choices"]["parent"] = f"{prefix}_{q['choices']['parent']}"
            page["id"] = f"{prefix}_{page['id']}"
            pages.append(page)
        answers.update({f"{prefix}_{k}": v for k, v in VALID[source].items()})
    extra = copy.deepcopy([q for p in pages for q in p["questions"] if q.get("ref") == "person.name"])
    count = sum(len(p["questions"]) for p in pages)
    filler = []
    for i in range(40 - count):
        q = {**extra[0], "id": f"saksi_{i}", "prefill": None}
        filler.append(q)
        answers[q["id"]] = "Saksi Nomor Satu"
    pages.append({"id": "saksi", "title": {"id": "Saksi", "en": "Witnesses"}, "questions": filler})
    permit = {"id": "bench-40", "version": 1, "name": {"id": "Formulir uji 40 pertanyaan", "en": "40-question form"},
              "form": {"formatVersion": 1, "pages": pages}}
    return permit, answers


def rate(fn, n: int) -> float:
    fn()
    started = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=2000)
    n = parser.parse_args().n
    permit, answers = forty_questions()
    catalogue._permits()[permit["id"]] = permit  # register the bench form like a published one
    questions = len(forms.questions(permit["form"]))
    assert forms.validate_answers(permit, answers) == [], forms.validate_answers(permit, answers)
    schema = forms.compile_schema(permit)

    fast, reference = validate_module._validator(permit)
    naive = rate(lambda: list(Draft202012Validator(schema).iter_errors(answers)), max(50, n // 20))
    pisao = rate(lambda: forms.validate(permit, answers), n)
    cached = rate(lambda: list(reference.iter_errors(answers)), n)
    step = rate(lambda: fast(answers), n * 10) if fast else 0.0
    print(f"form: {questions} questions, {len(answers)} answers")
    print(f"fresh jsonschema validator per call (schema only):   {naive:,.0f} validations/s")
    print(f"PISAO validate (cached, + rules + Indonesian checks): {pisao:,.0f} validations/s ({pisao / naive:.1f}x)")
    print(f"jsonschema validator cached per form (schema only):  {cached:,.0f} validations/s ({cached / naive:.1f}x)")
    print(f"PISAO schema step (compiled engine, cached):         {step:,.0f} validations/s ({step / naive:.1f}x)")

    engine = b"".join((ROOT / path).read_bytes()
                      for path in ("web/src/forms/engine.js", "web/node_modules/json-logic-js/logic.js"))
    engine_gz = len(gzip.compress(engine, 9))
    print(f"browser engine (engine.js + json-logic-js, unminified): {engine_gz / 1024:.1f} KB gz")
    for p in [*catalogue.all_permits()]:
        definition = json.dumps(forms.public_form(p, "id"), ensure_ascii=False, separators=(",", ":")).encode()
        size = len(gzip.compress(definition, 9)) + engine_gz
        flag = "within" if size <= BUDGET_BYTES else "OVER"
        print(f"  {p['id']:<28} definition {len(gzip.compress(definition, 9)) / 1024:5.1f} KB gz; "
              f"with engine {size / 1024:5.1f} KB gz ({flag} the 15 KB budget)")


if __name__ == "__main__":
    main()
