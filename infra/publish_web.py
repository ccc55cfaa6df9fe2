"""Copies the web client's production build (web/dist) to the web bucket, each file with its content type;
hashed assets are cached for a year, index.html never (so a new release shows at once). The build's .gz/.br
copies stay behind: CloudFront compresses what the bucket holds (infra/overlay.yaml, WebCachePolicy).

    npm --prefix web run build && python -m infra.publish_web --bucket pisao-web-<account id>
"""

from __future__ import annotations

import argparse
import mimetypes
from pathlib import Path

import boto3

ROOT = Path(__file__).resolve().parents[1]
REGION = "ap-southeast-3"
PRECOMPRESSED = (".gz", ".br")  # the local front's copies (web/vite.config.ts)


def publish(bucket: str, dist: Path = ROOT / "web" / "dist", s3=None) -> list[str]:
    s3 = s3 or boto3.client("s3", region_name=REGION)
    if not (dist / "index.html").exists():
        raise SystemExit(f"{dist}/index.html is missing: run `npm --prefix web run build` first")
    keys = []
    for path in sorted(p for p in dist.rglob("*") if p.is_file() and p.suffix not in PRECOMPRESSED):
        key = path.relative_to(dist).as_posix()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        hashed = key.startswith("assets/")
        cache = "public, max-age=31536000, immutable" if hashed else "no-cache"
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType=content_type, CacheControl=cache)
        keys.append(key)
    return keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--dist", default=str(ROOT / "web" / "dist"))
    args = parser.parse_args()
    for key in publish(args.bucket, Path(args.dist)):
        print(key)


if __name__ == "__main__":
    main()
