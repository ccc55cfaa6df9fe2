"""The permit catalogue: each permit type is data — a JSON file in `permits/` shipped with the code, or
a definition an agency admin published through the API (R2: as many permits as they need, no deploy),
kept in the directory table. A published version newer than the shipped one wins."""

from __future__ import annotations

import json
import os
import time
from functools import lru_cache
from pathlib import Path

from chalicelib.core.errors import not_found

PERMITS_DIR = Path(__file__).parent / "permits"


@lru_cache(maxsize=1)
def _permits() -> dict[str, dict]:
    permits = {}
    for path in sorted(PERMITS_DIR.glob("*.json")):
        permit = json.loads(path.read_text(encoding="utf-8"))
        permits[permit["id"]] = permit
    return permits


PUBLISHED_TTL_SECONDS = 60  # how soon every function instance sees a newly published version
_published_cache: tuple[float, dict[str, dict]] | None = None


def _published() -> dict[str, dict]:
    """Current published definitions (pk "CATALOGUE"), cached briefly; none where no table is configured."""
    global _published_cache
    if not os.environ.get("DIRECTORY_TABLE"):
        return {}
    if _published_cache and time.monotonic() - _published_cache[0] < PUBLISHED_TTL_SECONDS:
        return _published_cache[1]
    from chalicelib.core import directory  # noqa: PLC0415 - only where a table exists

    found = {d["id"]: d for d in directory.query("CATALOGUE")}
    _published_cache = (time.monotonic(), found)
    return found


def forget_published() -> None:
    global _published_cache
    _published_cache = None


def _current() -> dict[str, dict]:
    merged = dict(_permits())
    for permit_id, permit in _published().items():
        if permit_id not in merged or permit["version"] > merged[permit_id]["version"]:
            merged[permit_id] = permit
    return merged


def all_permits() -> list[dict]:
    return list(_current().values())


def get_permit(permit_id: object) -> dict:
    permit = _current().get(permit_id) if isinstance(permit_id, str) else None
    if permit is None:
        raise not_found("Jenis izin tidak dikenal. Pilih izin dari katalog.")
    return permit
