"""The real ASL from infra/statemachine, executed by moto's Step Functions engine, with this test in the
consumer's place: it answers each task the way the domain would, so every path of the machine is
walked — approve, reject, send back and resubmit, a timer running out, and a token answered twice.
(tests/workflow/test_workflow_paths.py runs the same machine with the real domain consumer.)"""

import contextlib
import json
import time

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from infra.local.deploy import deploy_local
from tests.cloud import BANK_KEYS, PUBLIC_URL, TEST_PEPPER

REGION = "ap-southeast-3"


@pytest.fixture
def machine():
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        env = deploy_local(REGION, None, {"OtpPepper": TEST_PEPPER, **BANK_KEYS.parameters(), "PublicUrl": PUBLIC_URL})
        yield Machine(env)


class Machine:
    def __init__(self, env):
        self.env = env
        self.sfn = boto3.client("stepfunctions", region_name=REGION)
        self.sqs = boto3.client("sqs", region_name=REGION)

    def start(self, application_id):
        return self.sfn.start_execution(stateMachineArn=self.env["STATE_MACHINE_ARN"], name=application_id,
                                        input=json.dumps({"applicationId": application_id}))["executionArn"]

    def task(self, kind, timeout=10):
        deadline = time.monotonic() + timeout
        url = self.env["TASKS_QUEUE_URL"]
        while time.monotonic() < deadline:
            for message in self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1).get("Messages", []):
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
                body = json.loads(message["Body"])
                assert body["kind"] == kind, body
                return body
            time.sleep(0.05)
        raise AssertionError(f"no {kind} task arrived")

    def answer(self, task, output=None):
        self.sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps(output or {}))

    def plan(self, next_, step="verify", seq=1, timeout_seconds=3600):
        self.answer(self.task("plan"), {"next": next_, "step": step, "stepSeq": seq, "timeoutSeconds": timeout_seconds})

    def finished(self, arn, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = self.sfn.describe_execution(executionArn=arn)
            if result["status"] != "RUNNING":
                return result
            time.sleep(0.05)
        raise AssertionError("execution still running")

    def states(self, arn):
        events = self.sfn.get_execution_history(executionArn=arn)["events"]
        return [e["stateEnteredEventDetails"]["name"] for e in events if "stateEnteredEventDetails" in e]


def test_two_human_steps_then_issue(machine):
    arn = machine.start("PSO-1")
    machine.plan("human", "verify", 1)
    human = machine.task("human")
    assert (human["applicationId"], human["step"], human["stepSeq"]) == ("PSO-1", "verify", 1)
    machine.answer(human)
    machine.plan("human", "approve", 2)
    approve = machine.task("human")
    assert (approve["step"], approve["stepSeq"]) == ("approve", 2)
    machine.answer(approve)
    machine.plan("issue")
    machine.answer(machine.task("issue"), {"documentNumber": "SKD/2026/1"})
    result = machine.finished(arn)
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"])["issued"] == {"documentNumber": "SKD/2026/1"}


def test_reject_ends_without_issuing(machine):
    arn = machine.start("PSO-2")
    machine.plan("human")
    machine.answer(machine.task("human"))
    machine.plan("rejected")
    assert machine.finished(arn)["status"] == "SUCCEEDED"
    assert "Issue" not in machine.states(arn)
    assert machine.sqs.receive_message(QueueUrl=machine.env["TASKS_QUEUE_URL"]).get("Messages", []) == []


def test_sent_back_then_resubmitted_continues_in_the_same_execution(machine):
    arn = machine.start("PSO-3")
    machine.plan("human", "verify", 1)
    machine.answer(machine.task("human"))  # the verifier sends it back
    machine.plan("correction", "verify", 1, timeout_seconds=1209600)
    correction = machine.task("correction")
    assert correction["applicationId"] == "PSO-3"
    machine.answer(correction)  # the citizen resubmits
    machine.plan("human", "verify", 2)
    assert machine.task("human")["stepSeq"] == 2
    assert machine.sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"
    assert machine.states(arn).count("Correction") == 1


def test_a_step_past_its_timer_goes_to_overdue_and_back_to_plan(machine):
    arn = machine.start("PSO-4")
    machine.plan("human", "verify", 1, timeout_seconds=1)
    late = machine.task("human")  # nobody answers it
    overdue = machine.task("overdue", timeout=15)
    assert (overdue["applicationId"], overdue["stepSeq"]) == ("PSO-4", 1)
    machine.answer(overdue)
    machine.plan("human", "verify", 1)  # the same step, waiting again (now escalated)
    again = machine.task("human")
    with contextlib.suppress(ClientError):  # a dead token: AWS answers TaskTimedOut, moto ignores it
        machine.answer(late)
    with pytest.raises(AssertionError, match="no plan task"):
        machine.task("plan", timeout=1.5)
    machine.answer(again)
    machine.plan("rejected")
    assert machine.finished(arn)["status"] == "SUCCEEDED"
    assert machine.states(arn).count("Overdue") == 1


def test_a_correction_never_sent_times_out_to_overdue(machine):
    arn = machine.start("PSO-5")
    machine.plan("correction", "verify", 1, timeout_seconds=1)
    machine.task("correction")
    machine.answer(machine.task("overdue", timeout=15))
    machine.plan("rejected")
    assert machine.finished(arn)["status"] == "SUCCEEDED"


def test_a_token_answered_twice_moves_the_machine_once(machine):
    arn = machine.start("PSO-6")
    machine.plan("human")
    human = machine.task("human")
    machine.answer(human)
    with contextlib.suppress(ClientError):  # AWS refuses a used token; moto accepts it: no second move
        machine.answer(human)
    machine.plan("rejected")
    with pytest.raises(AssertionError, match="no plan task"):
        machine.task("plan", timeout=1)
    assert machine.finished(arn)["status"] == "SUCCEEDED"
    assert machine.states(arn).count("Plan") == 2


def test_an_unknown_plan_fails_loudly(machine):
    arn = machine.start("PSO-7")
    machine.plan("teleport")
    assert machine.finished(arn)["status"] == "FAILED"
