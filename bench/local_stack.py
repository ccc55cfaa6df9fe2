"""The local stack under a crowd: concurrent clients on the web front, and the test inbox's page time.

Starts the stack (free ports, a fresh state directory), then for each crowd size (20 first: the size the
servers held before they were given a listen backlog, the baseline in the same run) starts that many clients at
once, each asking the front for the home page and the catalogue (GET /api/catalogue, proxied to the API and
moto), and counts answers, failures (reset connections, refused connects, non-200) and latency (p50/p90).
Then it gives the stack some data (audit records, as weeks of use leave them) and fills the outbox with e-mails
and SMS (sent straight to moto, as the app's adapters do), and times GET /_local/outbox (first page) against
moto's whole state dump (/moto-api/data.json), which the outbox read before.

Usage: python -m bench.local_stack [--clients 20,200] [--messages 55] [--items 3000].
Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.stack_client import RunningStack

PATHS = ("/", "/api/catalogue")


def fetch(url: str, timeout: float = 60) -> tuple[int | str, float]:
    """(status or the error's name, seconds)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status: int | str = response.status
    except urllib.error.HTTPError as err:
        status = err.code
    except OSError as err:  # reset, refused, timed out
        status = type(err).__name__ if not isinstance(err, urllib.error.URLError) else type(err.reason).__name__
    return status, time.perf_counter() - started


def crowd(base: str, clients: int) -> list[tuple[int | str, float]]:
    """`clients` threads released together, each fetching every path once."""
    gate = threading.Barrier(clients)

    def one(_: int) -> list[tuple[int | str, float]]:
        gate.wait()
        return [fetch(base + path) for path in PATHS]

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return [r for results in pool.map(one, range(clients)) for r in results]


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report_crowd(base: str, clients: int) -> None:
    results = crowd(base, clients)
    failures = [s for s, _ in results if s != 200]
    times = [t * 1000 for _, t in results]
    kinds = sorted({str(s) for s in failures})
    print(f"{clients:>4} clients: {len(results)} requests, {len(failures)} failures {kinds or ''}, "
          f"p50 {percentile(times, 50):.0f} ms, p90 {percentile(times, 90):.0f} ms, max {max(times):.0f} ms")


def fill(moto_port: int, messages: int, items: int) -> None:
    import boto3

    kw = {"region_name": "ap-southeast-3", "endpoint_url": f"http://127.0.0.1:{moto_port}",
          "aws_access_key_id": "local", "aws_secret_access_key": "local"}
    ses, sns, ddb = boto3.client("ses", **kw), boto3.client("sns", **kw), boto3.resource("dynamodb", **kw)
    with ddb.Table("pisao-audit").batch_writer() as batch:
        for i in range(items):
            batch.put_item(Item={"subject": f"application#BENCH{i // 10:05d}", "entry": f"{i:08d}",
                                 "action": "answers_saved", "actor": "citizen", "detail": "x" * 200})
    for i in range(messages):
        if i % 2:
            sns.publish(PhoneNumber="+6281234567890", Message=f"Kode PISAO Anda {100000 + i}")
        else:
            ses.send_email(Source="noreply@pisao.go.id", Destination={"ToAddresses": [f"warga{i}@example.id"]},
                           Message={"Subject": {"Data": "Kode verifikasi"},
                                    "Body": {"Text": {"Data": f"Kode Anda {100000 + i}"}}})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="20,200", help="crowd sizes, comma-separated")
    parser.add_argument("--messages", type=int, default=55)
    parser.add_argument("--items", type=int, default=3000, help="table items the stack holds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stack = RunningStack(Path(tmp) / "state")
        try:
            base = stack.client.base
            fetch(base + "/api/catalogue")  # warm up: the catalogue's first read
            for clients in (int(c) for c in args.clients.split(",")):
                report_crowd(base, clients)
            fill(stack.ports[0], args.messages, args.items)
            for name, url in (("/_local/outbox (first page)", base + "/_local/outbox"),
                              ("moto-api/data.json (the old read)", f"http://127.0.0.1:{stack.ports[0]}"
                                                                     "/moto-api/data.json")):
                times = [fetch(url)[1] * 1000 for _ in range(5)]
                print(f"{name}: {args.messages} messages, {args.items} items, "
                      f"median {statistics.median(times):.0f} ms of 5")
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
