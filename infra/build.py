"""Build the deployable artefact: <out>/sam.yaml (CloudFormation/SAM) and <out>/deployment.zip.

Chalice zips only app.py, chalicelib/, vendor/ and requirements.txt dependencies, so functions/ is copied into
vendor/functions/ first; `chalice package` writes the functions' template, and infra/resources.yaml +
infra/overlay.yaml (state machine includes expanded) are merged onto it here. Usage, from the repo root:
python -m infra.build [--stage prod] [--out dist]
Deploy: aws cloudformation deploy --template-file dist/sam.yaml ... (after `aws cloudformation package`, which
uploads deployment.zip) with --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --region ap-southeast-3.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
REGION = "ap-southeast-3"  # AWS Jakarta: data of Indonesians stays in Indonesia (PP 71/2019)


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _intrinsic(value: Any) -> bool:
    """{"Ref": ...} or {"Fn::...": ...}"""
    if not (isinstance(value, dict) and len(value) == 1):
        return False
    key = next(iter(value))
    return key == "Ref" or key.startswith("Fn::")


def deep_merge(base: Any, top: Any) -> Any:
    """Mappings merge key by key; anything else, and any intrinsic function, is replaced by `top`.

    (Chalice's own --merge-template merges intrinsics too: {"Fn::Sub": ...} + {"Fn::GetAtt": ...} would
    become one invalid mapping, so build() merges here instead.)"""
    if isinstance(base, dict) and isinstance(top, dict) and not (_intrinsic(base) or _intrinsic(top)):
        return {**base, **{key: deep_merge(base.get(key), value) for key, value in top.items()}}
    return top


def expand_includes(template: dict, base_dir: Path) -> dict:
    """`DefinitionS3Location: <local path>` on a state machine becomes `Definition: <that JSON file>`."""
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties", {})
        location = props.get("DefinitionS3Location")
        if resource.get("Type") == "AWS::StepFunctions::StateMachine" and isinstance(location, str):
            props["Definition"] = json.loads((base_dir / location).read_text(encoding="utf-8"))
            del props["DefinitionS3Location"]
    return template


class _NoAliases(yaml.SafeDumper):
    """CloudFormation rejects YAML aliases (&id001/*id001) outside SAM/package: write repeats in full."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def merged_template(root: Path = ROOT) -> dict:
    infra = root / "infra"
    template = deep_merge(load_yaml(infra / "resources.yaml"), load_yaml(infra / "overlay.yaml"))
    return expand_includes(template, infra)


def vendor_functions(root: Path = ROOT) -> Path:
    """Replace vendor/functions/ with a fresh copy of functions/ (vendor/ is git-ignored)."""
    target = root / "vendor" / "functions"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(root / "functions", target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def build(stage: str = "prod", out: Path | str = "dist", root: Path = ROOT) -> Path:
    out = (root / out).resolve() if not Path(out).is_absolute() else Path(out)
    vendor_functions(root)
    for stale in ("sam.yaml", "deployment.zip"):
        (out / stale).unlink(missing_ok=True)
    chalice = Path(sys.executable).with_name("chalice")
    subprocess.run(
        [
            str(chalice if chalice.exists() else "chalice"),
            "--project-dir",
            str(root),
            "package",
            "--stage",
            stage,
            "--pkg-format",
            "cloudformation",
            "--template-format",
            "yaml",
            str(out),
        ],
        cwd=root,
        check=True,
        env={**os.environ, "AWS_DEFAULT_REGION": REGION},
    )
    sam = out / "sam.yaml"
    template = deep_merge(load_yaml(sam), merged_template(root))
    sam.write_text(yaml.dump(template, Dumper=_NoAliases, sort_keys=False), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="prod")
    parser.add_argument("--out", default="dist", help="output directory (relative to the repo root)")
    args = parser.parse_args(argv)
    out = build(args.stage, args.out)
    size = (out / "deployment.zip").stat().st_size
    print(f"{out / 'sam.yaml'}\n{out / 'deployment.zip'} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
