"""The browser tests in web/e2e (node:test + playwright-core driving Debian's Chromium), run against a
freshly started local stack, plus the web budgets. Their own output is shown when one fails."""

import os
import shutil
import subprocess

import pytest

from tests.stack_client import ROOT, RunningStack

pytestmark = pytest.mark.stack
WEB = ROOT / "web"


def node_test(*files: str, env: dict | None = None) -> None:
    if shutil.which("node") is None or not os.path.exists("/usr/bin/chromium"):
        pytest.fail("node and /usr/bin/chromium are needed: run ./pisao test, which installs them")
    result = subprocess.run(["node", "--test", "--test-reporter=spec", *files], cwd=WEB, capture_output=True,
                            text=True, env={**os.environ, **(env or {})}, timeout=900)
    print(result.stdout[-20000:])
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]


def test_web_budgets():
    node_test("e2e/budget.test.mjs")


def test_browser_journeys(tmp_path):
    stack = RunningStack(tmp_path / "state")
    try:
        files = sorted(str(p.relative_to(WEB)) for p in (WEB / "e2e").glob("*.test.mjs") if "budget" not in p.name)
        node_test(*files, env={"PISAO_URL": stack.client.base})
    finally:
        stack.stop()
