"""The transaction queue's cost to a citizen and its recovery speed, in one local cloud (moto in process,
the real API, consumers and ASL).

- submit: the API's POST /applications/{id}/submit while the submissions queue answers, against the
  same call while the queue is unreachable (the application is saved and answered; the sweeper sends it
  later): the citizen should not notice the outage.
- drain: applications per second from "received" to "waiting for staff" through the validation consumer
  and Step Functions, healthy, against the same with the consumer crashing on 15% of deliveries.

Usage: python -m bench.transaction_queue [-n 60]. Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from botocore.exceptions import EndpointConnectionError

from chalicelib.adapters import aws
from chalicelib.applications import statuses, store
from chalicelib.backoffice import validation
from chalicelib.operations import sweeper
from tests.cloud import local_cloud
from tests.integration.test_journey import draft, upload


def _unreachable(**_):
    raise EndpointConnectionError(endpoint_url="https://sqs.invalid")


def submit_all(cloud, citizen, n: int) -> tuple[list[str], list[float]]:
    ids, times = [], []
    for _ in range(n):
        app = draft(cloud, citizen)
        upload(cloud, citizen, app["id"])
        started = time.perf_counter()
        answer = cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
        times.append(time.perf_counter() - started)
        assert answer.status_code == 202, answer.body
        ids.append(app["id"])
    return ids, times


def drain(cloud, ids: list[str]) -> float:
    wanted, started = set(ids), time.perf_counter()

    def done() -> bool:
        found = store.list_by_agency_status("kelurahan-gambir", [statuses.AWAITING_VERIFICATION])
        return wanted <= {a.application_id for a in found}

    cloud.pump.run_until(done, timeout=600)
    return len(ids) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=60)
    n = parser.parse_args().n
    from infra.local.demo import seed_directory

    with tempfile.TemporaryDirectory() as tmp, local_cloud(Path(tmp)) as cloud:
        seed_directory()
        citizen = cloud.user("3171014101900001", "Siti Aminah", ["citizen"])
        for url in (cloud.env["SUBMISSIONS_QUEUE_URL"], cloud.env["TASKS_QUEUE_URL"]):
            cloud.sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "0"})

        healthy_ids, healthy = submit_all(cloud, citizen, n)
        healthy_rate = drain(cloud, healthy_ids)

        sqs = aws.client("sqs")
        sqs.meta.events.register("before-call.sqs.SendMessage", _unreachable)
        down_ids, down = submit_all(cloud, citizen, n)
        sqs.meta.events.unregister("before-call.sqs.SendMessage", _unreachable)
        sweeper.STALLED_AFTER = timedelta(0)  # the outage is over: send every saved one now
        requeued = sweeper.requeue(aws.SqsQueue(cloud.env["SUBMISSIONS_QUEUE_URL"]))["requeued"]

        dice, real = random.Random(7), validation.process_submission

        def flaky(application_id, *args):
            if dice.random() < 0.15:
                raise RuntimeError("injected consumer crash")
            return real(application_id, *args)

        validation.process_submission = flaky
        try:
            faulty_rate = drain(cloud, down_ids)
        finally:
            validation.process_submission = real

    def ms(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1] * 1000 if q < 100 else max(values) * 1000

    print(f"{n} applications per phase")
    print(f"{'submit (API)':<34} {'median ms':>10} {'p95 ms':>8}")
    print(f"{'  queue answering (baseline)':<34} {statistics.median(healthy) * 1000:>10.1f} {ms(healthy, 95):>8.1f}")
    print(f"{'  queue unreachable':<34} {statistics.median(down) * 1000:>10.1f} {ms(down, 95):>8.1f}"
          f"   x{statistics.median(down) / statistics.median(healthy):.2f}; sweeper re-queued {requeued}")
    print(f"{'drain to the staff queue':<34} {'apps/s':>10}")
    print(f"{'  healthy (baseline)':<34} {healthy_rate:>10.1f}")
    print(f"{'  15% consumer crashes':<34} {faulty_rate:>10.1f}   x{faulty_rate / healthy_rate:.2f}")


if __name__ == "__main__":
    main()
