"""Build the deployable artefact: <out>/sam.yaml (CloudFormation/SAM) and <out>/deployment.zip.

Chalice zips only app.py, chalicelib/, vendor/ and requirements.txt dependencies, so functions/ is copied into
vendor/functions/ first; `chalice package` writes the functions' template, and infra/resources.yaml +
infra/overlay.yaml (state machine includes expanded) are merged onto it here, and the zip is rewritten without
the libraries the Lambda runtime provides (boto3, botocore & co.) and with .pyc (slim_zip). Usage, from the repo root:
python -m infra.build [--stage prod] [--out dist]
Deploy: aws cloudformation deploy --template-file dist/sam.yaml ... (after `aws cloudformation package`, which
uploads deployment.zip) with --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --region ap-southeast-3.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
REGION = "ap-southeast-3"  # AWS Jakarta: data of Indonesians stays in Indonesia (PP 71/2019)

# Top-level modules the AWS Lambda python3.11 runtime already holds (boto3 and its dependencies): pip pulls them
# in (pynamodb → botocore), the zip does not ship them, so `import boto3` in a handler gets the runtime's copy.
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six")
# ... and the distributions that install them (their *.dist-info directories go too).
RUNTIME_DISTRIBUTIONS = ("boto3", "botocore", "s3transfer", "jmespath", "python_dateutil", "urllib3", "six")


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


def _top_level(name: str) -> str:
    return name.split("/", 1)[0]


def _runtime_provided(name: str) -> bool:
    top = _top_level(name)
    if top.removesuffix(".py") in RUNTIME_PROVIDED:
        return True
    match = re.fullmatch(r"(.+?)-[^-]+\.dist-info", top)
    return bool(match) and match.group(1).lower() in RUNTIME_DISTRIBUTIONS


def function_runtime(template: dict) -> str:
    """The one Lambda runtime of every function in the template, e.g. "python3.11"."""
    runtimes = {
        r["Properties"].get("Runtime")
        for r in template.get("Resources", {}).values()
        if r.get("Type") in ("AWS::Serverless::Function", "AWS::Lambda::Function")
    }
    if len(runtimes) != 1:
        raise SystemExit(f"expected one Lambda runtime in the template, found {sorted(map(str, runtimes))}")
    return str(runtimes.pop())


def slim_zip(zip_path: Path, runtime: str) -> None:
    """Rewrite `zip_path` without what the runtime provides, and with every module precompiled.

    The .pyc are unchecked-hash (PEP 552): the interpreter uses them without comparing them to the source's
    mtime, which a zip does not carry faithfully and /var/task cannot rewrite. They are only written when this
    interpreter is the runtime's Python (a .pyc is version-specific: a 3.12 build would make 3.11 ignore them
    all and compile at every cold start, as today)."""
    precompile = runtime == f"python{sys.version_info.major}.{sys.version_info.minor}"
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "task"
        with zipfile.ZipFile(zip_path) as archive:
            kept = [info for info in archive.infolist() if not _runtime_provided(info.filename)]
            for info in kept:
                archive.extract(info, staged)
        if precompile:
            compileall.compile_dir(
                staged,
                quiet=1,
                workers=0,
                invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
            )
        pycs = sorted(p.relative_to(staged).as_posix() for p in staged.rglob("*.pyc"))
        slim = zip_path.with_suffix(".slim.zip")
        with zipfile.ZipFile(slim, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
            for info in kept:
                if not info.is_dir():
                    info.compress_type = zipfile.ZIP_DEFLATED
                    out.writestr(info, (staged / info.filename).read_bytes(), compresslevel=9)
            for name in pycs:
                entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                entry.external_attr = 0o100644 << 16
                out.writestr(entry, (staged / name).read_bytes(), zipfile.ZIP_DEFLATED, compresslevel=9)
    slim.replace(zip_path)


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
    slim_zip(out / "deployment.zip", function_runtime(template))
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
