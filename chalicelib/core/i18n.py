"""The two languages of everything a citizen reads: Bahasa Indonesia first, English second."""

from __future__ import annotations

from typing import overload

LANGS = ("id", "en")


@overload
def localize(text: None, lang: str) -> None: ...
@overload
def localize(text: dict | str, lang: str) -> str: ...
def localize(text: dict | str | None, lang: str) -> str | None:
    """Pick the citizen's language from a {"id": ..., "en": ...} pair; Bahasa Indonesia is the fallback.

    A pair always carries its Indonesian (the publish check refuses one without), so a pair gives a string."""
    if text is None or isinstance(text, str):
        return text
    return text.get(lang) or text.get("id")
