"""The real ASL from infra/statemachine, executed by moto's Step Functions engine: each human step
arrives on the tasks queue with a token, and the answer decides the path."""

import json
import time

import boto3
import pytest
from moto import mock_aws

from infra.local.deploy import deploy_local
from tests.cloud import TEST_PEPPER

REGION = "ap-southeast-3"


@pytest.fixture
def machine():
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        env = deploy_local(REGION, None, {"OtpPepper": TEST_PEPPER})
        yield env, boto3.client("stepfunctions", region_name=REGION), boto3.client("sqs", region_name=REGION)


def next_task(sqs, url, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1).get("Messages", []):
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            return json.loads(message["Body"])
        time.sleep(0.05)
    raise AssertionError("no task arrived")


def finished(sfn, arn, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = sfn.describe_execution(executionArn=arn)
        if result["status"] != "RUNNING":
            return result
        time.sleep(0.05)
    raise AssertionError("execution still running")


def start(sfn, env, payload):
    return sfn.start_execution(stateMachineArn=env["STATE_MACHINE_ARN"], name=payload["applicationId"],
                               input=json.dumps(payload))["executionArn"]


def test_approve_goes_through_issue(machine):
    env, sfn, sqs = machine
    arn = start(sfn, env, {"applicationId": "PSO-1"})
    verify = next_task(sqs, env["TASKS_QUEUE_URL"])
    assert (verify["kind"], verify["applicationId"]) == ("verify", "PSO-1")
    sfn.send_task_success(taskToken=verify["taskToken"], output=json.dumps({"decision": "approve"}))
    issue = next_task(sqs, env["TASKS_QUEUE_URL"])
    assert issue["kind"] == "issue"
    sfn.send_task_success(taskToken=issue["taskToken"], output=json.dumps({"documentNumber": "SUR/2026/1"}))
    result = finished(sfn, arn)
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"])["issued"] == {"documentNumber": "SUR/2026/1"}


def test_reject_ends_without_issuing(machine):
    env, sfn, sqs = machine
    arn = start(sfn, env, {"applicationId": "PSO-2"})
    verify = next_task(sqs, env["TASKS_QUEUE_URL"])
    sfn.send_task_success(taskToken=verify["taskToken"], output=json.dumps({"decision": "reject"}))
    result = finished(sfn, arn)
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"])["verification"] == {"decision": "reject"}
    assert sqs.receive_message(QueueUrl=env["TASKS_QUEUE_URL"]).get("Messages", []) == []
    history = [e["type"] for e in sfn.get_execution_history(executionArn=arn)["events"]]
    assert history.count("TaskScheduled") == 1  # the Issue step never ran


def test_resumed_execution_continues_at_issue(machine):
    env, sfn, sqs = machine
    arn = start(sfn, env, {"applicationId": "PSO-3", "resumeAt": "issue"})
    issue = next_task(sqs, env["TASKS_QUEUE_URL"])
    assert issue["kind"] == "issue"
    sfn.send_task_success(taskToken=issue["taskToken"], output=json.dumps({"documentNumber": "X"}))
    assert finished(sfn, arn)["status"] == "SUCCEEDED"
