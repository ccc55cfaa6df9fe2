"""The browser's form engine (web/src/forms/engine.js, under Node) against the same vectors as the server,
with the artefacts the server publishes for each form (GET /catalogue/{id}/form)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from chalicelib import catalogue, forms

ROOT = Path(__file__).resolve().parents[2]


def test_browser_engine_agrees_with_the_vectors(tmp_path):
    if shutil.which("node") is None or not (ROOT / "web" / "node_modules" / "json-logic-js").exists():
        pytest.fail("node and web/node_modules are needed: run ./pisao test, which installs them")
    for permit in catalogue.all_permits():
        for lang in catalogue.LANGS:
            (tmp_path / f"{permit['id']}.{lang}.json").write_text(json.dumps(forms.public_form(permit, lang)))
    result = subprocess.run(["node", "--test", "--test-reporter=dot", "test/vectors.test.mjs"], cwd=ROOT / "web",
                            capture_output=True, text=True, timeout=300,
                            env={"PATH": "/usr/bin:/bin:/usr/local/bin", "FORMS_DIR": str(tmp_path),
                                 "VECTORS_DIR": str(ROOT / "tests" / "vectors")})
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
