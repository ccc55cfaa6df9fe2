"""Post-upload evidence check cost, per file.

For a 3 MB phone photo (12 megapixels, EXIF GPS) and a 2 MB scanned PDF (4 pages of JPEG scans): the whole
`evidence.inspect` (size, virus scan through the clamd adapter to the local clamd simulator over TCP, magic bytes,
decode and re-encode or parse), and its parts, against a baseline of hashing the same bytes with SHA-256 in the
same run (the least any check must do: read every byte once). The simulator only matches a test signature set,
so the scan figure is the protocol's cost, not ClamAV's.

Usage: python -m bench.evidence [-n 5]. Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from collections.abc import Callable

from chalicelib.adapters.clamav import ClamdScanner
from chalicelib.evidence import inspect
from chalicelib.evidence.images import clean_image
from chalicelib.evidence.pdfs import check_pdf
from chalicelib.evidence.sniff import sniff
from infra.local.clamd import start_clamd
from tests.evidence_files import phone_jpeg, scanned_pdf

ALLOWED = ["image/jpeg", "image/png", "application/pdf"]
MAX_BYTES = 10 * 1024 * 1024


def median_ms(fn: Callable[[], object], n: int) -> float:
    fn()  # warm up: imports, first allocations
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5)
    n = parser.parse_args().n
    host, port, stop = start_clamd(port=0)
    scanner = ClamdScanner(host, port, timeout=10)
    try:
        samples = {"phone JPEG": phone_jpeg(), "scanned PDF": scanned_pdf()}
        print(f"{'file':<12} {'size':>8} {'sha256':>9} {'scan':>8} {'deep':>8} {'inspect':>9} {'x sha256':>9}  output")
        for name, data in samples.items():
            kind = sniff(data)
            if kind == "application/pdf":
                deep: Callable[[], object] = lambda d=data: check_pdf(d)  # noqa: E731
            else:
                deep = lambda d=data, k=kind: clean_image(d, k)  # noqa: E731
            baseline = median_ms(lambda d=data: hashlib.sha256(d).hexdigest(), n)
            scan = median_ms(lambda d=data: scanner.scan(d), n)
            deep_ms = median_ms(deep, n)
            whole = median_ms(lambda d=data: inspect(d, allowed=ALLOWED, max_bytes=MAX_BYTES, scanner=scanner), n)
            accepted = inspect(data, allowed=ALLOWED, max_bytes=MAX_BYTES, scanner=scanner)
            facts = (f"{accepted.width}x{accepted.height}" if accepted.width else f"{accepted.pages} pages")
            print(f"{name:<12} {len(data) / 1e6:>6.2f}MB {baseline:>7.1f}ms {scan:>6.1f}ms {deep_ms:>6.1f}ms "
                  f"{whole:>7.1f}ms {whole / baseline:>8.0f}x  {accepted.content_type} {accepted.size / 1e6:.2f}MB "
                  f"{facts}")
    finally:
        stop()


if __name__ == "__main__":
    main()
