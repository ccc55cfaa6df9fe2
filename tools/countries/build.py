"""Writes chalicelib/identity/countries.json: ISO 3166-1 alpha-3 codes with Indonesian and English names,
from `pycountry` (a development tool only: the service ships just the JSON).

    python -m venv /tmp/pc && /tmp/pc/bin/pip install pycountry && /tmp/pc/bin/python tools/countries/build.py
"""

import gettext
import json
from pathlib import Path

import pycountry

TARGET = Path(__file__).resolve().parents[2] / "chalicelib" / "identity" / "countries.json"

indonesian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
countries = {c.alpha_3: {"id": indonesian.gettext(c.name), "en": c.name}
             for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)}
lines = [f"  {json.dumps(code)}: {json.dumps(names, ensure_ascii=False)}" for code, names in countries.items()]
TARGET.write_text(f'{{"source": "pycountry {pycountry.__version__} (ISO 3166-1)", "countries": {{\n'
                  + ",\n".join(lines) + "\n}}\n", encoding="utf-8")
print(f"{len(countries)} countries -> {TARGET}")
