"""The browser's form engine (web/src/forms/engine.js, under Node) against the same vectors as the server,
with the artefacts the server publishes for each form (GET /catalogue/{id}/form)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from chalicelib import catalogue, forms
from chalicelib.core.i18n import LANGS

ROOT = Path(__file__).resolve().parents[2]


def test_browser_engine_agrees_with_the_vectors(tmp_path):
    if shutil.which("node") is None or not (ROOT / "web" / "node_modules" / "json-logic-js").exists():
        pytest.fail("node and web/node_modules are needed: run ./pisao test, which installs them")
    for permit in catalogue.all_permits():
        for lang in LANGS:
            (tmp_path / f"{permit['id']}.{lang}.json").write_text(json.dumps(forms.public_form(permit, lang)))
    result = subprocess.run(["node", "--test", "--test-reporter=dot", "test/vectors.test.mjs"], cwd=ROOT / "web",
                            capture_output=True, text=True, timeout=300,
                            env={"PATH": "/usr/bin:/bin:/usr/local/bin", "FORMS_DIR": str(tmp_path),
                                 "VECTORS_DIR": str(ROOT / "tests" / "vectors")})
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]


def test_the_browser_reads_a_nik_and_a_phone_character_for_character_as_the_server():
    # Every character of the Basic Multilingual Plane inside a NIK and a phone number: the browser's
    # normalizeNik/normalizePhone (engine.js) and the server's normalize_nik/lenient must agree on each.
    from chalicelib.identity.nik import normalize_nik
    from chalicelib.identity.phone import lenient

    if shutil.which("node") is None or not (ROOT / "web" / "node_modules" / "json-logic-js").exists():
        pytest.fail("node and web/node_modules are needed: run ./pisao test, which installs them")
    script = """
      import { normalizeNik, normalizePhone } from './src/forms/engine.js';
      const nik = [], phone = [];
      for (let c = 0; c < 0x10000; c++) {
        if (c >= 0xd800 && c < 0xe000) continue;
        const ch = String.fromCodePoint(c);
        nik.push(normalizeNik(`31${ch}71`));
        phone.push(normalizePhone(`08${ch}12`));
      }
      console.log(JSON.stringify({ nik, phone }));
    """
    result = subprocess.run(["node", "--input-type=module", "-e", script], cwd=ROOT / "web", capture_output=True,
                            text=True, timeout=120, env={"PATH": "/usr/bin:/bin:/usr/local/bin"})
    assert result.returncode == 0, result.stderr[-2000:]
    browser = json.loads(result.stdout)
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    assert browser["nik"] == [normalize_nik(f"31{ch}71") for ch in chars]
    assert browser["phone"] == [lenient(f"08{ch}12") for ch in chars]
