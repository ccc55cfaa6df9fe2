"""JSON Logic (jsonlogic.com), the subset PISAO forms use for `visibleIf` and `requiredIf`, with the
semantics of json-logic-js, which runs the same rules in the browser (the shared test vectors check
that both agree). Rules are data: unknown operators are refused when a form is published, never run."""

from __future__ import annotations

import math
from typing import Any

from chalicelib.forms.problems import Problem, problem

OPERATORS = frozenset({"var", "missing", "==", "!=", "===", "!==", "!", "!!", "and", "or", "if", "in",
                       "<", "<=", ">", ">="})


class RuleError(ValueError):
    """A rule that cannot be run (unknown operator, wrong shape)."""


def truthy(value: Any) -> bool:
    """JSON Logic's truthiness: JavaScript's, except that an empty array is false."""
    if isinstance(value, list):
        return len(value) > 0
    if isinstance(value, float) and math.isnan(value):
        return False
    return bool(value) if value is not None else False


def _number(value: Any) -> float:
    """JavaScript's Number(value) for JSON values."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return 0.0
        try:
            return float(text) if all(c in "0123456789+-.eE" for c in text) else math.nan
        except ValueError:
            return math.nan
    return math.nan


def _loose_equal(a: Any, b: Any) -> bool:
    """JavaScript's `==` for JSON values."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, list | dict) or isinstance(b, list | dict):
        return a is b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if isinstance(a, bool) and isinstance(b, bool):
        return a == b
    return _number(a) == _number(b)


def _strict_equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, list | dict) or isinstance(b, list | dict):
        return a is b
    return type(a) is type(b) and a == b


def _less(a: Any, b: Any) -> bool | None:
    """JavaScript's abstract `a < b`: None when the answer is undefined (a NaN took part)."""
    if isinstance(a, str) and isinstance(b, str):
        return a < b
    x, y = _number(a), _number(b)
    return None if math.isnan(x) or math.isnan(y) else x < y


def _lt(a: Any, b: Any) -> bool:
    return _less(a, b) is True


def _le(a: Any, b: Any) -> bool:  # JavaScript: a <= b is "not (b < a)", false when undefined
    return _less(b, a) is False


def _var(data: Any, path: Any, default: Any = None) -> Any:
    if path is None or path == "":
        return data
    current = data
    for part in str(path).split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return default
    return default if current is None else current


def apply(rule: Any, data: Any = None) -> Any:
    if isinstance(rule, list):
        return [apply(item, data) for item in rule]
    if not isinstance(rule, dict) or len(rule) != 1:
        return rule  # a literal (a dict with several keys is data, as in json-logic-js)
    op, raw = next(iter(rule.items()))
    if op not in OPERATORS:
        raise RuleError(f"unknown operator {op!r}")
    args = raw if isinstance(raw, list) else [raw]

    if op == "if":  # lazy: only the branch taken is evaluated
        for i in range(0, len(args) - 1, 2):
            if truthy(apply(args[i], data)):
                return apply(args[i + 1], data)
        return apply(args[-1], data) if len(args) % 2 == 1 else None
    if op in ("and", "or"):
        value = None
        for arg in args:
            value = apply(arg, data)
            if truthy(value) == (op == "or"):
                return value
        return value

    values = [apply(arg, data) for arg in args]
    first = values[0] if values else None
    second = values[1] if len(values) > 1 else None
    if op == "var":
        return _var(data, first, second)
    if op == "missing":
        names = first if isinstance(first, list) else values
        return [name for name in names if _var(data, name) in (None, "")]
    if op == "==":
        return _loose_equal(first, second)
    if op == "!=":
        return not _loose_equal(first, second)
    if op == "===":
        return _strict_equal(first, second)
    if op == "!==":
        return not _strict_equal(first, second)
    if op == "!":
        return not truthy(first)
    if op == "!!":
        return truthy(first)
    if op == "in":
        if isinstance(second, str) and isinstance(first, str):
            return first in second
        return isinstance(second, list) and any(_strict_equal(first, item) for item in second)
    if op in ("<", "<="):
        compare = _lt if op == "<" else _le
        if len(values) == 3:  # between
            return compare(first, second) and compare(second, values[2])
        return compare(first, second)
    if op == ">":
        return _lt(second, first)
    if op == ">=":
        return _le(second, first)
    raise RuleError(f"unknown operator {op!r}")  # pragma: no cover - OPERATORS lists every branch


def variables(rule: Any) -> set[str]:
    """The answers a rule reads (the first segment of each `var` path), to check them when publishing."""
    found: set[str] = set()
    if isinstance(rule, list):
        for item in rule:
            found |= variables(item)
    elif isinstance(rule, dict) and len(rule) == 1:
        op, raw = next(iter(rule.items()))
        if op == "var":
            path = raw[0] if isinstance(raw, list) and raw else raw
            if isinstance(path, str) and path:
                found.add(path.split(".")[0])
        else:
            found |= variables(raw)
    return found


def check(rule: Any) -> list[Problem]:
    """What is wrong with a rule, in words for the form's author (empty when it can run)."""
    problems: list[Problem] = []
    if isinstance(rule, list):
        for item in rule:
            problems += check(item)
    elif isinstance(rule, dict):
        if len(rule) != 1:
            problems.append(problem("", "objek aturan harus berisi tepat satu operator",
                                    "a rule object must have exactly one operator"))
        else:
            op, raw = next(iter(rule.items()))
            if op not in OPERATORS:
                allowed = ", ".join(sorted(OPERATORS))
                problems.append(problem("", f"operator {op!r} tidak dikenal (yang boleh: {allowed})",
                                        f"unknown operator {op!r} (allowed: {allowed})"))
            problems += check(raw)
    return problems
