"""Builds the deployment package once per session (python -m infra.build into a temp dir) for the infra tests,
which then check the artefact and the generated template rather than the sources."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "infra.build", "--stage", "prod", "--out", str(out)], cwd=ROOT, check=True
    )
    return out


@pytest.fixture(scope="session")
def template(package) -> dict:
    return yaml.safe_load((package / "sam.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def resources(template) -> dict:
    return template["Resources"]


@pytest.fixture(scope="session")
def build_module():
    """infra/build.py, loaded by path (the repo root need not be on sys.path)."""
    spec = importlib.util.spec_from_file_location("pisao_infra_build", ROOT / "infra" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
