"""Findings of the publish check in both languages ({"id": …, "en": …}), each text starting with the path of
what it is about ("fee.amountRupiah: …"), so the agency admin reads it in their language and the API can
name the field."""

from __future__ import annotations

from collections.abc import Iterable

Problem = dict[str, str]


def problem(where: str, id_text: str, en_text: str) -> Problem:
    prefix = f"{where}: " if where else ""
    return {"id": prefix + id_text, "en": prefix + en_text}


def under(where: str, found: Iterable[Problem]) -> list[Problem]:
    """The same findings, inside `where` (a form's problems are the permit's "form: …")."""
    return [{lang: f"{where}: {text}" for lang, text in p.items()} for p in found]
