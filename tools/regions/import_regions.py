"""Regenerate PISAO's region table (Kemendagri codes) from the npm package `idn-area-data`.

Run by a developer when the pinned package version changes, never at install time; the generated
files in chalicelib/regions/data/ are committed:

    npm ci --prefix tools/regions
    .venv/bin/python tools/regions/import_regions.py

It reads the package's provinces/regencies/districts/villages CSV files, checks them (code shapes,
parents, duplicates, sort order) and writes compact files: provinces.csv (code,name), regencies.csv and
districts.csv (code,parent,name) and villages.csv.gz (code,name; the parent is the code's first 8
characters). The gzip header carries no timestamp, so an unchanged source gives byte-identical output.
README.md beside the data is rewritten with the attribution (ODbL), the source version and the counts.
Only the standard library is used.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PACKAGE = Path(__file__).resolve().parent / "node_modules" / "idn-area-data"
DEFAULT_OUT = ROOT / "chalicelib" / "regions" / "data"
PACKAGE_NAME = "idn-area-data"

# (source file, parent column or None, code pattern); dotted Kemendagri codes, never BPS' 7/10-digit ones.
LEVELS = {
    "provinces": (None, re.compile(r"[0-9]{2}")),
    "regencies": ("province_code", re.compile(r"[0-9]{2}\.[0-9]{2}")),
    "districts": ("regency_code", re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}")),
    "villages": ("district_code", re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")),
}
PARENT_LEVEL = {"regencies": "provinces", "districts": "regencies", "villages": "districts"}


class SourceError(Exception):
    pass


def read_level(package: Path, level: str) -> list[tuple[str, str | None, str]]:
    parent_col, pattern = LEVELS[level]
    path = package / "data" / f"{level}.csv"
    rows: list[tuple[str, str | None, str]] = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        expected = {"code", "name"} | ({parent_col} if parent_col else set())
        if not expected <= set(reader.fieldnames or ()):
            raise SourceError(f"{path.name}: columns {reader.fieldnames}, expected {sorted(expected)}")
        for line, rec in enumerate(reader, start=2):
            code = rec["code"].strip()
            name = " ".join(rec["name"].split())
            parent = rec[parent_col].strip() if parent_col else None
            if not pattern.fullmatch(code):
                raise SourceError(f"{path.name}:{line}: code {code!r} is not a dotted Kemendagri {level} code")
            if not name:
                raise SourceError(f"{path.name}:{line}: empty name for {code}")
            if parent is not None and code.rsplit(".", 1)[0] != parent:
                raise SourceError(f"{path.name}:{line}: {code} does not start with its parent {parent}")
            rows.append((code, parent, name))
    codes = [r[0] for r in rows]
    if len(set(codes)) != len(codes):
        raise SourceError(f"{path.name}: duplicate codes")
    return sorted(rows)


def check_parents(tables: dict[str, list[tuple[str, str | None, str]]]) -> None:
    for level, parent_level in PARENT_LEVEL.items():
        known = {code for code, _, _ in tables[parent_level]}
        orphans = [code for code, parent, _ in tables[level] if parent not in known]
        if orphans:
            raise SourceError(f"{level}: {len(orphans)} rows whose parent is missing, e.g. {orphans[:3]}")
        childless = known - {parent for _, parent, _ in tables[level]}
        if childless:  # not fatal: reported so a developer can look
            print(f"note: {len(childless)} {parent_level} without {level}: {sorted(childless)[:5]}", file=sys.stderr)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write_outputs(out: Path, tables: dict, version: str) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    (out / "provinces.csv").write_text(
        csv_text(["code", "name"], [[c, n] for c, _, n in tables["provinces"]]), encoding="utf-8")
    for level in ("regencies", "districts"):
        (out / f"{level}.csv").write_text(
            csv_text(["code", "parent", "name"], [[c, p, n] for c, p, n in tables[level]]), encoding="utf-8")
    villages = csv_text(["code", "name"], [[c, n] for c, _, n in tables["villages"]]).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(villages)
    (out / "villages.csv.gz").write_bytes(buf.getvalue())
    counts = {level: len(rows) for level, rows in tables.items()}
    (out / "README.md").write_text(readme(version, counts), encoding="utf-8")
    return counts


def readme(version: str, counts: dict[str, int]) -> str:
    return f"""# Region table (kode wilayah Kemendagri)

ATTRIBUTION: Contains information from the npm package `{PACKAGE_NAME}` version {version}
(Indonesian administrative area data, data files made available under the Open Database License (ODbL) v1.0);
this derived database is likewise available under the ODbL.

Generated by `tools/regions/import_regions.py` — do not edit the generated files by hand; bump the
version in `tools/regions/package.json`, run `npm install --prefix tools/regions` (then `npm ci`),
run the script and commit the result.

| file | columns | rows |
| --- | --- | --- |
| provinces.csv | code, name | {counts["provinces"]} |
| regencies.csv | code, parent, name | {counts["regencies"]} |
| districts.csv | code, parent, name | {counts["districts"]} |
| villages.csv.gz | code, name (parent = first 8 characters of the code) | {counts["villages"]} |

Codes are Kemendagri's dotted codes (`31`, `31.71`, `31.71.01`, `31.71.01.1001`), the scheme used by
the NIK and by Dukcapil — not BPS codes, which differ (e.g. BPS 7-digit district codes).

`former_regencies.csv` is NOT generated: it is a short hand-kept list of regency/city codes that
were moved to a new province (Sulawesi Barat 2004, Kalimantan Utara 2012, the four new Papua provinces
2022) and so no longer appear above, although NIKs issued before the move still carry them: a NIK keeps
the code of the place of first registration for life. `chalicelib/identity/nik.py` accepts these
prefixes with a warning. `successor` is the current province; the names are as they were before the move
(from a secondary source: *check* against the Kepmendagri tables before relying on a name). The import
script fails if one of these codes becomes current again.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, default=DEFAULT_PACKAGE, help="installed idn-area-data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (chalicelib/regions/data)")
    args = parser.parse_args(argv)

    meta_path = args.package / "package.json"
    if not meta_path.exists():
        print(f"{meta_path} not found: run `npm ci --prefix tools/regions` first", file=sys.stderr)
        return 2
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("name") != PACKAGE_NAME:
        print(f"{meta_path} is {meta.get('name')!r}, not {PACKAGE_NAME}", file=sys.stderr)
        return 2
    try:
        tables = {level: read_level(args.package, level) for level in LEVELS}
        check_parents(tables)
        former = args.out / "former_regencies.csv"
        if former.exists():
            current = {c for c, _, _ in tables["regencies"]}
            provinces = {c for c, _, _ in tables["provinces"]}
            with former.open(encoding="utf-8", newline="") as f:
                for rec in csv.DictReader(f):
                    if rec["code"] in current:
                        raise SourceError(f"former_regencies.csv: {rec['code']} is a current code again: remove it")
                    if rec["successor"] not in provinces:
                        raise SourceError(f"former_regencies.csv: successor {rec['successor']} is unknown")
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    counts = write_outputs(args.out, tables, meta["version"])
    for path in sorted(args.out.iterdir()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")
    print(", ".join(f"{n:,} {level}" for level, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
