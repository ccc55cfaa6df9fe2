"""Finding a permit the way people type (R18): Indonesian or English words, any case, partial words and
typos ("perpanjang stnk", "ktp hilang", "akta kelahran"). Every word of the query must match a word of
the permit (its names, agency, life events, keywords) exactly, as a prefix, or within a small edit
distance; results are ranked by how well.

A permit's `synonyms` (catalogue data, checked on publish) are the phrases people type for it that its own
words do not say: "perpanjang ktp" leads to the e-KTP replacement (valid for life, so never renewed),
with a `note` that says why. A matched phrase ranks its permit first, typos tolerated as for words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from chalicelib.core.i18n import localize
from chalicelib.forms.problems import Problem, problem

_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = {"dan", "di", "ke", "yang", "untuk", "atau", "the", "of", "a", "an", "for", "and", "to", "saya", "izin"}
MAX_TERMS = 8  # words of a query that count
SYNONYM_BONUS = 100.0  # a matched synonym phrase outranks any match of single words


@dataclass(frozen=True)
class Hit:
    permit: dict
    note: dict | None = None  # the matched synonym's note ({"id", "en"}): why this permit answers the query


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


def _phrase(terms: list[str], phrase: str) -> float:
    """How well the query says this phrase: every word of the phrase matched by a query word (0: not)."""
    best = [max((_match(term, word) for term in terms), default=0.0) for word in words(phrase)]
    return sum(best) if best and all(best) else 0.0


def _synonym(terms: list[str], permit: dict) -> tuple[float, str, dict | None]:
    """The permit's synonym phrase the query says best: (score, the phrase, its note); score 0 for none."""
    scored = [(_phrase(terms, phrase), phrase, entry.get("note")) for entry in permit.get("synonyms") or []
              for phrase in entry["phrases"]]
    return max(scored, key=lambda s: s[0], default=(0.0, "", None))


def find(permits: list[dict], query: str, agency_names: dict[str, str] | None = None) -> list[Hit]:
    """The permits the query matches, best first; all of them (in order) for an empty query. Each query
    word must match a word of the permit or of its best-matched synonym phrase."""
    terms = words(query or "")[:MAX_TERMS]
    if not terms:
        return [Hit(permit) for permit in permits]
    scored = []
    for permit in permits:
        index = _index(permit["id"], permit["version"], _blob(permit, agency_names or {}))
        phrase_score, phrase, note = _synonym(terms, permit)
        said = words(phrase) if phrase_score else []
        best = [max((_match(term, word) for word in (*index, *said)), default=0.0) for term in terms]
        if all(best):
            score = sum(best) + (SYNONYM_BONUS + phrase_score if phrase_score else 0.0)
            scored.append((-score, localize(permit["name"], "id"), Hit(permit, note if phrase_score else None)))
    return [hit for *_, hit in sorted(scored, key=lambda s: (s[0], s[1]))]


def search(permits: list[dict], query: str, agency_names: dict[str, str] | None = None) -> list[dict]:
    """The permits `find` finds, without the notes."""
    return [hit.permit for hit in find(permits, query, agency_names)]


# --- the publish check of the synonyms -----------------------------------------------------------------------
MAX_PHRASE_CHARS = 60


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The words that count of a phrase: "Perpanjang e-KTP" and "perpanjang e ktp" are the same phrase."""
    return tuple(words(phrase))


def synonym_problems(synonyms: object, taken: dict[tuple[str, ...], str] | None = None) -> list[Problem]:
    """Why a permit's `synonyms` cannot be published: [{"phrases": [...], "note"?: {"id", "en"}}], each
    phrase 1–8 words that count (≤ 60 characters), said once in the catalogue (`taken`: the other permit
    types' phrases, each with its permit's id)."""
    if synonyms is None:
        return []
    shape_id = ("daftar {\"phrases\": [frasa yang diketik orang], \"note\": {\"id\", \"en\"} (boleh tidak ada)}, "
                "misalnya {\"phrases\": [\"perpanjang ktp\"]}")
    shape_en = ("a list of {\"phrases\": [phrases people type], \"note\": {\"id\", \"en\"} (optional)}, "
                "e.g. {\"phrases\": [\"perpanjang ktp\"]}")
    if not isinstance(synonyms, list):
        return [problem("synonyms", shape_id, shape_en)]
    found: list[Problem] = []
    seen: set[tuple[str, ...]] = set()
    for i, entry in enumerate(synonyms):
        where = f"synonyms.{i}"
        if not isinstance(entry, dict) or set(entry) - {"phrases", "note"} \
                or not isinstance(entry.get("phrases"), list) or not entry["phrases"]:
            found.append(problem(where, shape_id, shape_en))
            continue
        note = entry.get("note")
        if note is not None and not (isinstance(note, dict) and all(
                isinstance(note.get(lang), str) and note[lang].strip() for lang in ("id", "en"))):
            found.append(problem(f"{where}.note", "catatan untuk warga dalam bahasa Indonesia (id) dan Inggris (en)",
                                 "a note for citizens in Indonesian (id) and English (en)"))
        for j, phrase in enumerate(entry["phrases"]):
            key = phrase_key(phrase) if isinstance(phrase, str) else ()
            at = f"{where}.phrases.{j}"
            if not key or len(phrase) > MAX_PHRASE_CHARS or len(key) > MAX_TERMS:
                found.append(problem(at, f"frasa pencarian 1–{MAX_TERMS} kata (selain kata umum seperti \"izin\", "
                                         f"\"dan\"), paling panjang {MAX_PHRASE_CHARS} karakter",
                                     f"a search phrase of 1–{MAX_TERMS} words (besides common words such as "
                                     f"\"izin\", \"dan\"), at most {MAX_PHRASE_CHARS} characters"))
            elif key in seen:
                found.append(problem(at, f"frasa \"{phrase}\" sudah ada di daftar ini",
                                     f"the phrase \"{phrase}\" is already in this list"))
            elif key in (taken or {}):
                other = (taken or {})[key]
                found.append(problem(at, f"frasa \"{phrase}\" sudah menjadi sinonim izin {other}; satu frasa hanya "
                                         f"boleh menuju satu jenis izin",
                                     f"the phrase \"{phrase}\" is already a synonym of {other}; a phrase may lead "
                                     f"to one permit type only"))
            seen.add(key)
    return found


def taken_phrases(permits: list[dict], except_id: object) -> dict[tuple[str, ...], str]:
    """Every synonym phrase of the other permit types, with the id of the permit it leads to."""
    return {phrase_key(phrase): permit["id"] for permit in permits if permit["id"] != except_id
            for entry in permit.get("synonyms") or [] for phrase in entry["phrases"]}
