"""Finding a permit the way people type (R18): Indonesian or English words, any case, partial words and
typos ("perpanjang stnk", "ktp hilang", "akta kelahran"). Every word of the query must match a word of
the permit (its names, agency, life events, keywords) exactly, as a prefix, or within a small edit
distance; results are ranked by how well."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from chalicelib.catalogue import localize

_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = {"dan", "di", "ke", "yang", "untuk", "atau", "the", "of", "a", "an", "for", "and", "to", "saya", "izin"}


def words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return [w for w in _WORD.findall(plain) if w not in STOPWORDS]


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, giving up above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _match(query_word: str, word: str) -> float:
    if query_word == word:
        return 3.0
    if len(query_word) >= 3 and word.startswith(query_word):
        return 2.0
    limit = 2 if len(query_word) >= 8 else 1 if len(query_word) >= 4 else 0
    if limit and _distance(query_word, word[:len(query_word) + limit], limit) <= limit:
        return 1.0
    return 0.0


@lru_cache(maxsize=512)
def _index(permit_id: str, version: int, blob: str) -> tuple[str, ...]:
    return tuple(sorted(set(words(blob))))


def _blob(permit: dict, agency_names: dict[str, str]) -> str:
    parts = [localize(permit["name"], "id"), localize(permit["name"], "en"), localize(permit["description"], "id"),
             permit["agency"]["id"], localize(permit["agency"].get("name"), "id") or "",
             agency_names.get(permit["agency"]["id"], ""), " ".join(permit.get("lifeEvents", [])),
             " ".join(permit.get("keywords", [])), permit["id"].replace("-", " ")]
    return " ".join(p for p in parts if p)


def search(permits: list[dict], query: str, agency_names: dict[str, str] | None = None) -> list[dict]:
    """The permits every query word matches, best first; all of them (in order) for an empty query."""
    terms = words(query or "")[:8]
    if not terms:
        return list(permits)
    scored = []
    for permit in permits:
        index = _index(permit["id"], permit["version"], _blob(permit, agency_names or {}))
        best = [max((_match(term, word) for word in index), default=0.0) for term in terms]
        if all(best):
            scored.append((-sum(best), localize(permit["name"], "id"), permit))
    return [permit for *_, permit in sorted(scored, key=lambda s: (s[0], s[1]))]
