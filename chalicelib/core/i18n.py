"""The two languages of everything a citizen reads: Bahasa Indonesia first, English second."""

from __future__ import annotations

LANGS = ("id", "en")


def localize(text: dict | str | None, lang: str) -> str | None:
    """Pick the citizen's language from a {"id": ..., "en": ...} pair; Bahasa Indonesia is the fallback."""
    if text is None or isinstance(text, str):
        return text
    return text.get(lang) or text.get("id")
