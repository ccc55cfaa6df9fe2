"""The transaction queue holds (R13, R15): hundreds of citizens submit while the submissions queue is
unreachable for a while, the validation consumer fails on a share of its deliveries (before and after
doing its work), and Step Functions is down for a window. The faults are injected where the cloud
answers — at the boto3 call or the consumer's invocation — and everything else is the real code:
API, queues with their redrive policies, consumers, the ASL on moto, the sweeper, the admin's redrive.
Afterwards every application is accounted for: none lost, none processed twice.

PISAO_FAULT_APPLICATIONS sets how many applications (default 500)."""

from __future__ import annotations

import os
import random
import time
from collections import Counter
from datetime import timedelta

import pytest
from botocore.exceptions import EndpointConnectionError

from chalicelib.adapters import aws
from chalicelib.applications import statuses, store
from chalicelib.backoffice import validation
from chalicelib.operations import sweeper
from infra.local.demo import seed_directory
from tests.integration.test_journey import draft, upload

N = int(os.environ.get("PISAO_FAULT_APPLICATIONS", "500"))
AGENCY = "kelurahan-gambir"
QUEUE_DOWN = range(N // 5, N // 5 + N // 10)  # the API cannot reach the submissions queue for these
STATES_DOWN = range(2 * N // 5, 3 * N // 5)  # Step Functions is down while these are submitted
FAIL_BEFORE, FAIL_AFTER = 0.10, 0.05  # share of consumer deliveries that crash before / after their work


class Outage:
    """Makes the app's own boto3 client fail as a network outage does, while `down` is true."""

    def __init__(self, service: str, operations: str) -> None:
        self.down, self.refused = False, Counter()
        aws.client(service).meta.events.register(f"before-call.{operations}", self._call)

    def _call(self, model, **_):
        if self.down:
            self.refused[model.name] += 1
            raise EndpointConnectionError(endpoint_url=f"https://{model.service_model.endpoint_prefix}.invalid")


def count(cloud, url: str) -> int:
    attrs = cloud.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    return sum(int(v) for v in attrs.values())


def executions(cloud) -> list[dict]:
    found, args = [], {"stateMachineArn": cloud.env["STATE_MACHINE_ARN"], "maxResults": 1000}
    while True:
        page = cloud.sfn.list_executions(**args)
        found += page["executions"]
        if not page.get("nextToken"):
            return found
        args["nextToken"] = page["nextToken"]


def waiting(ids: set[str]) -> int:
    return sum(a.application_id in ids for a in store.list_by_agency_status(AGENCY, [statuses.AWAITING_VERIFICATION]))


@pytest.mark.soak
def test_hundreds_of_submissions_survive_queue_consumer_and_workflow_outages(cloud, monkeypatch):
    started = time.monotonic()
    seed_directory()
    citizen = cloud.user("3171014101900001", "Siti Aminah", ["citizen"])
    admin = cloud.user("admin.sistem", "Taufik Rahman", ["system_admin"])
    for url in (cloud.env["SUBMISSIONS_QUEUE_URL"], cloud.env["TASKS_QUEUE_URL"]):  # retry at once, not in 6 min
        cloud.sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "0"})

    sqs_outage = Outage("sqs", "sqs.SendMessage")
    states_outage = Outage("stepfunctions", "states.*")
    dice, deliveries, crashes = random.Random(6), Counter(), Counter()
    real_process = validation.process_submission

    def flaky_consumer(application_id, *args):
        deliveries[application_id] += 1
        if dice.random() < FAIL_BEFORE:
            crashes["before"] += 1
            raise RuntimeError("validation consumer crashed before its work")
        result = real_process(application_id, *args)
        if dice.random() < FAIL_AFTER:
            crashes["after"] += 1
            raise RuntimeError("validation consumer crashed after its work, before the message was deleted")
        return result

    monkeypatch.setattr(validation, "process_submission", flaky_consumer)

    # Citizens keep submitting through every outage; the consumers run alongside.
    ids: list[str] = []
    for i in range(N):
        sqs_outage.down, states_outage.down = i in QUEUE_DOWN, i in STATES_DOWN
        app = draft(cloud, citizen)
        upload(cloud, citizen, app["id"])
        answer = cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
        assert answer.status_code == 202, answer.body  # accepted and saved, whatever is down behind the API
        assert answer.json_body["status"] == "received"
        ids.append(app["id"])
        cloud.pump.pump_once()
    sqs_outage.down = states_outage.down = False
    submitted_in = time.monotonic() - started

    # Recovery: drain the queues, then the sweeper and the system admin's redrive bring back what is left.
    dead_letters = Counter()
    swept = Counter()
    monkeypatch.setattr(sweeper, "STALLED_AFTER", timedelta(0))
    wanted = set(ids)
    deadline = time.monotonic() + 600
    while waiting(wanted) < N:
        assert time.monotonic() < deadline, f"only {waiting(wanted)} of {N} applications reached staff"
        while cloud.pump.pump_once():
            pass
        time.sleep(0.2)  # the state machine's next task message is on its way
        while cloud.pump.pump_once():
            pass
        for name in ("submissions", "tasks"):
            overview = {q["name"]: q for q in cloud.call("GET", "/admin/queues", headers=admin).json_body["queues"]}
            if overview[name]["dead"]:
                moved = cloud.call("POST", f"/admin/queues/{name}/redrive", headers=admin).json_body["moved"]
                dead_letters[name] += moved
        for result in cloud.pump.run_schedules():
            swept.update({k: v for k, v in (result or {}).items() if k in ("stalled", "requeued")})
    while cloud.pump.pump_once():
        pass
    recovered_in = time.monotonic() - started - submitted_in

    # Every application is accounted for, exactly once.
    per_app = {app_id: Counter(e.type for e in store.events(app_id)) for app_id in ids}
    assert all(c["submitted"] == 1 for c in per_app.values())
    assert all(c["validated"] == 1 for c in per_app.values()), "validated twice, or never"
    assert all(c["step_started"] == 1 for c in per_app.values()), "the first step entered twice, or never"
    names = Counter(e["name"] for e in executions(cloud))
    assert set(names) == wanted and set(names.values()) == {1}, "one workflow execution per application"
    assert {store.get(i).status for i in ids} == {statuses.AWAITING_VERIFICATION}
    for url in (cloud.env["SUBMISSIONS_QUEUE_URL"], cloud.env["TASKS_QUEUE_URL"]):
        assert count(cloud, url) == 0 and count(cloud, url + "-dlq") == 0, "nothing left behind in a queue or DLQ"
    # The faults really happened, on every path this test claims to cover.
    assert sqs_outage.refused["SendMessage"] >= len(QUEUE_DOWN) and swept["requeued"] >= len(QUEUE_DOWN)
    assert states_outage.refused["StartExecution"] > 0 and crashes["before"] > 0 and crashes["after"] > 0
    assert dead_letters["submissions"] > 0

    redelivered = sum(n - 1 for n in deliveries.values())
    print(f"\ntransaction queue under faults: {N} applications, all {N} waiting for staff, each validated once "
          f"with one execution; submitted in {submitted_in:.1f} s, recovered in {recovered_in:.1f} s")
    print(f"  API: {sqs_outage.refused['SendMessage']} queue sends refused (still 202), "
          f"sweeper re-queued {swept['requeued']}")
    print(f"  validation consumer: {sum(deliveries.values())} deliveries ({redelivered} redeliveries), crashed "
          f"{crashes['before']} before and {crashes['after']} after its work")
    print(f"  Step Functions down: {sum(states_outage.refused.values())} calls refused "
          f"({dict(states_outage.refused)}); dead letters redriven: {dict(dead_letters)}")

