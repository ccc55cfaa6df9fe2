"""A permit's form as written (PISAO form format, docs/forms.md) → normalised questions: dictionary
references resolved, defaults filled, in page order. Everything else in the engine reads this shape."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

ANSWER_TYPES = ("text", "textarea", "date", "select", "radio", "number")
TYPES = (*ANSWER_TYPES, "file", "group")
DEFAULT_MAX_LENGTH = 500


@cache
def dictionary() -> dict:
    return json.loads((Path(__file__).parent / "dictionary.json").read_text(encoding="utf-8"))


def resolve(question: dict) -> dict:
    """The question with its dictionary entry underneath (the form's own keys win)."""
    ref = question.get("ref")
    if not ref:
        return dict(question)
    base = dictionary()["fields"].get(ref)
    if base is None:
        raise KeyError(ref)
    merged = {**{k: v for k, v in base.items() if k != "schema"}, **question}
    merged["messages"] = {**base.get("messages", {}), **question.get("messages", {})}
    return merged


def pages(form: dict) -> list[dict]:
    """Pages with resolved questions; a group's own questions are resolved too."""
    out = []
    for page in form["pages"]:
        qs = []
        for q in page["questions"]:
            item = resolve(q)
            if item.get("type") == "group":
                item["questions"] = [resolve(sub) for sub in item.get("questions", [])]
            qs.append(item)
        out.append({**page, "questions": qs})
    return out


def questions(form: dict) -> list[dict]:
    return [q for page in pages(form) for q in page["questions"]]


def answer_questions(form: dict) -> list[dict]:
    """Questions answered in the form data (files are uploads, checked separately)."""
    return [q for q in questions(form) if q["type"] != "file"]


def file_questions(form: dict) -> list[dict]:
    return [q for q in questions(form) if q["type"] == "file"]


def page_of(form: dict) -> dict[str, str]:
    return {q["id"]: page["id"] for page in pages(form) for q in page["questions"]}
