"""The fast schema engine: a form version's compiled JSON Schema turned into Python code once
(`fastjsonschema`) that only answers "valid or not". Validating stays defined by `jsonschema`
(chalicelib/forms/validate.py): it runs only when this says no, to name each problem the way the citizen
reads it, so a valid application costs one call of generated code.

fastjsonschema 2.22 implements drafts 4 to 2019-09, not 2020-12 by name; the compiled, inlined schemas use
only keywords that mean the same in 2019-09 and 2020-12 (`KEYWORDS`; tests/unit/test_form_engine.py
checks every published form and that both engines agree on every shared test vector). Its wheel is 28 KB,
pure Python (jsonschema-rs is 6.4 MB zipped, too much for the Lambda package budget)."""

from __future__ import annotations

import re
from collections.abc import Callable

# What compile.schema + compile.inline produce: the same meaning in 2019-09 (fastjsonschema) and 2020-12.
KEYWORDS = frozenset({"$schema", "$id", "title", "type", "properties", "additionalProperties", "required", "items",
                      "enum", "format", "minLength", "maxLength", "pattern", "minimum", "maximum", "minItems",
                      "maxItems"})

_DOLLAR = re.compile(r"(?<!\\)\$")
Check = Callable[[object], bool]


def keywords(schema: object) -> set[str]:
    """Every keyword a schema uses, at any depth (property names are not keywords)."""
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key == "properties" and isinstance(value, dict):
                for sub in value.values():
                    found |= keywords(sub)
            elif key in ("items", "additionalProperties"):
                found |= keywords(value)
    return found


def patterns(schema: object) -> set[str]:
    found: set[str] = set()
    if isinstance(schema, dict):
        if isinstance(schema.get("pattern"), str):
            found.add(schema["pattern"])
        for sub in [*schema.get("properties", {}).values(), schema.get("items")]:
            found |= patterns(sub)
    return found


def compiled(schema: dict, formats: dict[str, Callable[[object], bool]]) -> Check:
    """A function telling whether an instance is valid against `schema`, with the given format checks
    (the browser's, not fastjsonschema's own). Raises ValueError for a keyword outside `KEYWORDS`."""
    unknown = keywords(schema) - KEYWORDS
    if unknown:
        raise ValueError(f"the fast engine does not take {sorted(unknown)}")
    odd = sorted(p for p in patterns(schema) if _DOLLAR.search(p[:-1]))
    if odd:  # fastjsonschema reads every `$` as the end of the text; PISAO only a final one (as the browser)
        raise ValueError(f"the fast engine does not take a `$` before the end of a pattern: {odd}")
    import fastjsonschema  # on first use of a form version: not at cold start (12 ms; compiling a form ~40 ms)

    check = fastjsonschema.compile(schema, formats=formats)
    invalid = fastjsonschema.JsonSchemaValueException

    def is_valid(instance: object) -> bool:
        try:
            check(instance)
        except invalid:
            return False
        return True

    return is_valid
