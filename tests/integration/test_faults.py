"""Crashes and duplicate deliveries: nothing lost, nothing done twice."""

import json

from chalicelib.adapters.aws import StepFunctions
from chalicelib.applications import store
from chalicelib.backoffice import tasks
from functions import adapters
from tests.integration.test_journey import draft, upload


def test_crash_mid_message_is_retried_and_processed_once(cloud, citizen, monkeypatch):
    # Step Functions fails once (after validation, before the state is recorded): the message is retried.
    real_start, calls = StepFunctions.start, []

    def flaky_start(self, name, payload):
        calls.append(name)
        if len(calls) == 1:
            raise ConnectionError("Step Functions unavailable")
        return real_start(self, name, payload)

    monkeypatch.setattr(StepFunctions, "start", flaky_start)
    queue = cloud.env["SUBMISSIONS_QUEUE_URL"]
    cloud.sqs.set_queue_attributes(QueueUrl=queue, Attributes={"VisibilityTimeout": "0"})  # retry at once
    app = draft(cloud, citizen)
    upload(cloud, citizen, app["id"])
    cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    waiting = cloud.wait_for(app["id"], citizen, "awaiting_verification")
    assert len(calls) == 2
    executions = cloud.sfn.list_executions(stateMachineArn=cloud.env["STATE_MACHINE_ARN"])["executions"]
    assert len(executions) == 1
    assert [t["type"] for t in waiting["timeline"]].count("validated") == 1


def test_poison_message_lands_in_the_dead_letter_queue(cloud):
    queue = cloud.env["SUBMISSIONS_QUEUE_URL"]
    dlq = queue + "-dlq"
    cloud.sqs.set_queue_attributes(QueueUrl=queue, Attributes={"VisibilityTimeout": "0"})
    cloud.sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"applicationId": "PSO-TIDAK-ADA"}))
    cloud.sqs.send_message(QueueUrl=queue, MessageBody="not json")

    def parked():
        return int(cloud.sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
                   ["Attributes"]["ApproximateNumberOfMessages"])

    cloud.pump.run_until(lambda: parked() == 2)
    bodies = {m["Body"] for m in cloud.sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)["Messages"]}
    assert bodies == {json.dumps({"applicationId": "PSO-TIDAK-ADA"}), "not json"}


def test_one_bad_message_does_not_hold_back_the_batch(cloud, citizen):
    app = draft(cloud, citizen)
    upload(cloud, citizen, app["id"])
    queue = cloud.env["SUBMISSIONS_QUEUE_URL"]
    cloud.sqs.send_message(QueueUrl=queue, MessageBody="not json")
    cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    cloud.wait_for(app["id"], citizen, "awaiting_verification")
    # The bad one was reported as failed (kept for retry), not deleted with the good one.
    attrs = cloud.sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])
    assert attrs["Attributes"]["ApproximateNumberOfMessagesNotVisible"] == "1"


def test_racing_submits_make_one_application_and_one_execution(cloud, citizen):
    """Two tabs (here: eight threads) press "Kirim" at the same moment."""
    from concurrent.futures import ThreadPoolExecutor

    from chalicelib.backoffice import submission
    from chalicelib.core.auth import principal_from_header
    from chalicelib.core.config import settings

    app = draft(cloud, citizen)
    upload(cloud, citizen, app["id"])
    who = principal_from_header(citizen["Authorization"], settings())
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: submission.submit(
            who, app["id"], adapters.submissions(), adapters.uploads(), adapters.state_machine(), adapters.scanner()),
            range(8)))
    assert {r.status for r in results} == {"received"}
    cloud.wait_for(app["id"], citizen, "awaiting_verification")
    cloud.pump.run_until(lambda: cloud.pump.pump_once() == 0)
    events = [e.type for e in store.events(app["id"])]
    assert events.count("submitted") == 1 and events.count("validated") == 1
    assert len(cloud.sfn.list_executions(stateMachineArn=cloud.env["STATE_MACHINE_ARN"])["executions"]) == 1


def waiting_with_lost_execution(cloud, citizen):
    """An application waiting for staff whose execution has died (an outage, a local-stack restart)."""
    app = draft(cloud, citizen)
    upload(cloud, citizen, app["id"])
    cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    cloud.wait_for(app["id"], citizen, "awaiting_verification")
    first = cloud.env["STATE_MACHINE_ARN"].replace(":stateMachine:", ":execution:") + f":{app['id']}"
    cloud.sfn.stop_execution(executionArn=first)
    return app


def resume(app):
    return tasks.resume(store.get(app["id"]), adapters.submissions(), adapters.state_machine())


def test_lost_execution_is_resumed_and_a_decision_taken_meanwhile_is_kept(cloud, citizen, verifier):
    """The execution dies while the application waits for staff (an outage, a restart); the verifier
    decides anyway; the resumed execution picks the decision up and the document is issued."""
    app = waiting_with_lost_execution(cloud, citizen)

    decided = cloud.call("POST", f"/staff/applications/{app['id']}/decision", {"decision": "approve"}, verifier)
    assert decided.status_code == 200 and decided.json_body["status"] == "approved"
    assert resume(app) == "approved"
    issued = cloud.wait_for(app["id"], citizen, "issued")
    assert [t["type"] for t in issued["timeline"]].count("approved") == 1


def test_decision_between_resume_and_its_verify_task_is_answered(cloud, citizen, verifier):
    app = waiting_with_lost_execution(cloud, citizen)
    assert resume(app) == "awaiting_verification"
    # The verifier decides before the resumed execution's verify task has been delivered.
    decided = cloud.call("POST", f"/staff/applications/{app['id']}/decision", {"decision": "approve"}, verifier)
    assert decided.status_code == 200
    issued = cloud.wait_for(app["id"], citizen, "issued")
    assert [t["type"] for t in issued["timeline"]].count("step_started") == 1
