"""Cold-start proxy: how long each handler module takes to import from the unpacked deployment.zip in a fresh
interpreter (median of N), next to `import boto3` measured the same way, and the size of the zip.

The zip ships unchecked-hash .pyc for the runtime's Python (infra/build.py) and leaves out boto3 and its
dependencies, which the runtime provides, precompiled, next to it (here: this venv's copies). /var/task is
read-only, so the "as shipped" column runs with -B (nothing written); "with .pyc" compiles whatever the zip lacks
first (the same figure when the zip is precompiled; the gain precompiling would give when it is not).
Usage: python -m bench.cold_start [-n 7] [--rebuild]. Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from functions import HANDLER_MODULES
from infra.build import RUNTIME_PROVIDED

ROOT = Path(__file__).resolve().parents[1]
ZIP = ROOT / "dist" / "deployment.zip"
MODULES = ["app", *HANDLER_MODULES]
BASELINE = "boto3"
ENV = {
    "AWS_DEFAULT_REGION": "ap-southeast-3",
    "AWS_REGION": "ap-southeast-3",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "POWERTOOLS_SERVICE_NAME": "pisao",
}


def deployment_zip(rebuild: bool) -> Path:
    """dist/deployment.zip, rebuilt unless it is newer than every source that goes into it."""
    sources = [
        ROOT / "app.py",
        ROOT / "requirements.txt",
        *ROOT.glob("chalicelib/**/*"),
        *ROOT.glob("functions/**/*"),
    ]
    newest = max(p.stat().st_mtime for p in sources if p.is_file())
    if rebuild or not ZIP.exists() or ZIP.stat().st_mtime < newest:
        subprocess.run([sys.executable, "-m", "infra.build", "--out", str(ZIP.parent)], cwd=ROOT, check=True)
    return ZIP


def runtime_dir(target: Path) -> Path:
    """What the Lambda Python runtime adds to the zip: boto3 and its dependencies, precompiled."""
    target.mkdir()
    for name in RUNTIME_PROVIDED:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
        origin = Path(spec.origin)
        if origin.name == "__init__.py":
            shutil.copytree(origin.parent, target / origin.parent.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, target / origin.name)
    compileall.compile_dir(target, quiet=1, workers=0)
    return target


def import_seconds(task: Path, module: str, compile_each_time: bool) -> float:
    """Import time of `module` in a fresh interpreter whose sys.path is the stdlib, `task` and the runtime."""
    code = (
        f"import sys, time; sys.path[:0] = [{str(task)!r}, {str(task.parent / 'runtime')!r}]; "
        f"t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    )
    flags = ["-S", "-E"] + (["-B"] if compile_each_time else [])
    out = subprocess.run(
        [sys.executable, *flags, "-c", code],
        cwd=task,
        env={**ENV, "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.split()[-1])


def heaviest_packages(task: Path, module: str, top: int = 8) -> list[tuple[str, float]]:
    """Self import time per top-level package (python -X importtime), largest first."""
    code = f"import sys; sys.path[:0] = [{str(task)!r}, {str(task.parent / 'runtime')!r}]; import {module}"
    err = subprocess.run(
        [sys.executable, "-S", "-E", "-X", "importtime", "-c", code],
        cwd=task,
        env={**ENV, "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    totals: Counter[str] = Counter()
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line and "self [us]" not in line:
            self_us, _, name = (part.strip() for part in line[len("import time:") :].split("|"))
            totals[name.split(".")[0]] += int(self_us) / 1e6
    return totals.most_common(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=7, help="fresh interpreters per module (median)")
    parser.add_argument("--rebuild", action="store_true", help="build the zip even if it looks current")
    args = parser.parse_args()

    zip_path = deployment_zip(args.rebuild)
    with tempfile.TemporaryDirectory() as tmp:
        shipped, compiled = Path(tmp) / "shipped", Path(tmp) / "compiled"
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(shipped)
            unpacked_bytes = sum(info.file_size for info in archive.infolist())
        shutil.copytree(shipped, compiled)
        runtime_dir(Path(tmp) / "runtime")
        compileall.compile_dir(compiled, quiet=1, workers=0)

        rows = []
        for module in [BASELINE, *MODULES]:
            cold = statistics.median(import_seconds(shipped, module, True) for _ in range(args.n))
            warm = statistics.median(import_seconds(compiled, module, False) for _ in range(args.n))
            rows.append((module, cold, warm))
        heavy = heaviest_packages(shipped, "app")

    base_cold, base_warm = rows[0][1], rows[0][2]
    print(
        f"Import time from the unpacked {zip_path.relative_to(ROOT)}, median of {args.n} fresh interpreters "
        f"(python {sys.version.split()[0]})\n"
    )
    print(f"{'module':32} {'as shipped':>11} {'x boto3':>8} {'with .pyc':>10} {'x boto3':>8}")
    print("-" * 73)
    for module, cold, warm in rows:
        x_cold, x_warm = cold / base_cold, warm / base_warm
        print(f"{module:32} {cold * 1000:8.0f} ms {x_cold:7.2f}x {warm * 1000:7.0f} ms {x_warm:7.2f}x")
    print(
        "\nHeaviest packages imported by app (self time, as shipped): "
        + ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in heavy)
    )
    print(
        f"deployment.zip: {zip_path.stat().st_size / 1e6:.1f} MB compressed, {unpacked_bytes / 1e6:.1f} MB "
        "unpacked (Lambda limits: 50 MB zipped upload, 250 MB unpacked)"
    )


if __name__ == "__main__":
    main()
