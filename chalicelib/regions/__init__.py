"""Region table (kode wilayah Kemendagri): province `31`, regency/city `31.71`, district `31.71.01`,
village `31.71.01.1001`. Data from `idn-area-data` (ODbL, see data/README.md), loaded lazily and cached.

Plain data in, plain data out: codes are strings, dotted or plain digits (`"317101"` is read as
`"31.71.01"`); records are new dicts `{"code", "name", "parent", "level"}`; an unknown or malformed code
gives None (or an empty list), never an exception. Villages are read from a gzip file that is inflated
once, then only the needed district's lines are parsed.
"""

from __future__ import annotations

import csv
import gzip
import re
from functools import cache, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

LEVELS = ("province", "regency", "district", "village")
_DIGITS = {"province": 2, "regency": 4, "district": 6, "village": 10}
_DOTTED = {
    "province": re.compile(r"[0-9]{2}"),
    "regency": re.compile(r"[0-9]{2}\.[0-9]{2}"),
    "district": re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}"),
    "village": re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}"),
}
_PLAIN = re.compile(r"[0-9]+")


def level_of(code: object) -> str | None:
    """The level a code's shape denotes ("province" … "village"), whether or not the region exists."""
    normalized = normalize(code)
    if normalized is None:
        return None
    return next(level for level, pattern in _DOTTED.items() if pattern.fullmatch(normalized))


def normalize(code: object, level: str | None = None) -> str | None:
    """The dotted form of a code (`"3171"` → `"31.71"`), or None when it has no region-code shape.

    Only ASCII digits count (`str.isdigit()` would accept Arabic-Indic or full-width ones)."""
    if not isinstance(code, str):
        return None
    code = code.strip()
    levels = (level,) if level else LEVELS
    for lv in levels:
        if _DOTTED[lv].fullmatch(code):
            return code
        if len(code) == _DIGITS[lv] and _PLAIN.fullmatch(code):
            parts = [code[0:2], code[2:4], code[4:6], code[6:10]]
            return ".".join(parts[: LEVELS.index(lv) + 1])
    return None


# --- tables ---------------------------------------------------------------------------------------

@cache
def _table(level: str) -> dict[str, tuple[str, str | None]]:
    """code → (name, parent) for provinces, regencies or districts, in code order."""
    with (DATA_DIR / f"{level}.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return {row["code"]: (row["name"], row.get("parent")) for row in reader}


_FILES = {"province": "provinces", "regency": "regencies", "district": "districts"}


def _rows(level: str) -> dict[str, tuple[str, str | None]]:
    return _table(_FILES[level])


@cache
def _children_index(level: str) -> dict[str, list[str]]:
    """parent code → child codes, for regencies or districts."""
    index: dict[str, list[str]] = {}
    for code, (_, parent) in _rows(level).items():
        index.setdefault(parent or "", []).append(code)
    return index


@lru_cache(maxsize=1)
def _village_text() -> str:
    """The whole villages file, inflated once (about 2 MB of text); parsed per district on demand."""
    with gzip.open(DATA_DIR / "villages.csv.gz", "rt", encoding="utf-8", newline="") as f:
        return f.read()


@lru_cache(maxsize=2048)
def _villages_of(district_code: str) -> dict[str, str]:
    """village code → name for one district. The file is sorted by code, so a district's villages are
    one contiguous block that starts at the first line beginning with `PP.KK.CC.`."""
    text = _village_text()
    prefix = district_code + "."
    start = text.find("\n" + prefix)
    if start < 0:
        return {}
    start += 1
    end = start
    while end < len(text) and text.startswith(prefix, end):
        newline = text.find("\n", end)
        end = len(text) if newline < 0 else newline + 1
    return {code: name for code, name in csv.reader(text[start:end].splitlines())}


@lru_cache(maxsize=1)
def _former_regencies() -> dict[str, dict]:
    with (DATA_DIR / "former_regencies.csv").open(encoding="utf-8", newline="") as f:
        return {row["code"]: dict(row) for row in csv.DictReader(f)}


# --- public API -----------------------------------------------------------------------------------

def _record(level: str, code: str, name: str, parent: str | None) -> dict:
    return {"code": code, "name": name, "parent": parent, "level": level}


def _lookup(level: str, code: object) -> dict | None:
    normalized = normalize(code, level)
    if normalized is None:
        return None
    row = _rows(level).get(normalized)
    return _record(level, normalized, row[0], row[1]) if row else None


def province(code: object) -> dict | None:
    """`{"code": "31", "name": ..., "parent": None, "level": "province"}` or None."""
    return _lookup("province", code)


def regency(code: object) -> dict | None:
    """A regency (kabupaten) or city (kota): `{"code": "31.71", "parent": "31", ...}` or None."""
    return _lookup("regency", code)


def district(code: object) -> dict | None:
    """A district (kecamatan): `{"code": "31.71.01", "parent": "31.71", ...}` or None."""
    return _lookup("district", code)


def village(code: object) -> dict | None:
    """A village (kelurahan `…1xxx`, desa `…2xxx`, desa adat `…3xxx`) or None."""
    normalized = normalize(code, "village")
    if normalized is None:
        return None
    parent = normalized[:8]
    name = _villages_of(parent).get(normalized)
    return _record("village", normalized, name, parent) if name is not None else None


def children(code: object = None) -> list[dict]:
    """`[{code, name}, …]` one level down, in code order, for a region picker: provinces for None,
    a province's regencies, a regency's districts, a district's villages. Unknown codes and villages
    have no children: []."""
    if code is None:
        return [{"code": c, "name": name} for c, (name, _) in _rows("province").items()]
    level = level_of(code)
    normalized = normalize(code)
    if level is None or normalized is None or level == "village":
        return []
    if level == "district":
        return [{"code": c, "name": name} for c, name in _villages_of(normalized).items()]
    child_level = "regency" if level == "province" else "district"
    rows = _rows(child_level)
    return [{"code": c, "name": rows[c][0]} for c in _children_index(child_level).get(normalized, [])]


_FINDERS = (province, regency, district, village)


def is_nested(province: object, regency: object = None, district: object = None, village: object = None) -> bool:
    """True when every code given exists at its level and lies inside the one before it.

    Trailing levels may be left out (None) for forms that stop at the regency or district; a gap
    (a district without its regency) is False."""
    given = [province, regency, district, village]
    while given and given[-1] is None:
        given.pop()
    if not given or any(code is None for code in given):
        return False
    parent = None
    for find, code in zip(_FINDERS, given, strict=False):
        record = find(code)
        if record is None or record["parent"] != parent:
            return False
        parent = record["code"]
    return True


def former_regency(code: object) -> dict | None:
    """A regency/city code that was moved to a new province (e.g. `91.01`, Merauke, now in Papua
    Selatan), as `{"code", "name", "successor", "event"}`; None for current or unknown codes.
    NIKs issued before the move still carry these codes."""
    normalized = normalize(code, "regency")
    row = _former_regencies().get(normalized) if normalized else None
    return dict(row) if row else None


def counts() -> dict[str, int]:
    """How many regions each level has (loads every table, villages included)."""
    return {
        "provinces": len(_rows("province")),
        "regencies": len(_rows("regency")),
        "districts": len(_rows("district")),
        "villages": _village_text().count("\n") - 1,  # minus the header line
    }
