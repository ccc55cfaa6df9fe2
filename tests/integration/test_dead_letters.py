"""The dead-letter queues for the system admin and operators, and the sweeper for submissions whose
queue message never went out."""

import json
from datetime import timedelta

import pytest
from botocore.exceptions import EndpointConnectionError

from chalicelib.adapters import aws
from chalicelib.core import audit
from chalicelib.operations import sweeper
from infra import redrive
from tests.integration.test_journey import draft, upload


@pytest.fixture
def admin(cloud):
    return cloud.user("admin.sistem", "Taufik Rahman", ["system_admin"])


def park(cloud, queue: str, body: dict) -> None:
    cloud.sqs.send_message(QueueUrl=cloud.env[f"{queue.upper()}_QUEUE_URL"] + "-dlq", MessageBody=json.dumps(body))


def test_the_system_admin_sees_what_failed_without_task_tokens_and_redrives_it(cloud, admin):
    park(cloud, "tasks", {"kind": "human", "applicationId": "PSO-1", "step": "verify", "stepSeq": 1,
                          "taskToken": "RAHASIA-TOKEN"})
    park(cloud, "submissions", {"applicationId": "PSO-2"})
    queues = {q["name"]: q for q in cloud.call("GET", "/admin/queues", headers=admin).json_body["queues"]}
    assert (queues["tasks"]["dead"], queues["submissions"]["dead"]) == (1, 1)
    assert queues["submissions"]["label"].startswith("Pengiriman permohonan")

    shown = cloud.call("GET", "/admin/queues/tasks/dead-letters", headers=admin)
    assert shown.status_code == 200
    assert [m["about"] for m in shown.json_body["messages"]] == [
        {"applicationId": "PSO-1", "kind": "human", "step": "verify", "stepSeq": 1}]
    assert "RAHASIA-TOKEN" not in shown.body.decode()
    assert shown.json_body["messages"][0]["receiveCount"] >= 1

    moved = cloud.call("POST", "/admin/queues/submissions/redrive", headers=admin)
    assert moved.status_code == 200 and moved.json_body["moved"] == 1
    assert moved.json_body["counts"]["dead"] == 0 and moved.json_body["counts"]["waiting"] == 1
    body = cloud.sqs.receive_message(QueueUrl=cloud.env["SUBMISSIONS_QUEUE_URL"])["Messages"][0]["Body"]
    assert json.loads(body) == {"applicationId": "PSO-2"}
    assert [e["action"] for e in audit.trail("queue#submissions")] == ["dead_letters_redriven"]
    assert [e["action"] for e in audit.trail("queue#tasks")] == ["dead_letters_viewed"]


def test_only_the_system_admin_and_only_known_queues(cloud, admin, citizen, verifier):
    for who in (citizen, verifier):
        assert cloud.call("GET", "/admin/queues", headers=who).status_code == 403
        assert cloud.call("POST", "/admin/queues/tasks/redrive", headers=who).status_code == 403
    unknown = cloud.call("GET", "/admin/queues/pisao-events/dead-letters", headers=admin)
    assert unknown.status_code == 404 and "tidak dikenal" in unknown.json_body["error"]["message"]
    bad = cloud.call("POST", "/admin/queues/tasks/redrive", {"limit": 0}, headers=admin)
    assert bad.status_code == 400 and bad.json_body["error"]["fields"][0]["field"] == "limit"


def test_the_operator_command_lists_shows_and_redrives(cloud, capsys):
    park(cloud, "tasks", {"kind": "plan", "applicationId": "PSO-3", "taskToken": "RAHASIA-TOKEN"})
    redrive.main(["list", "--region", "ap-southeast-3"])
    assert "tasks        waiting      0  in flight      0  dead letters      1" in capsys.readouterr().out
    redrive.main(["show", "tasks"])
    shown = capsys.readouterr().out
    assert '"applicationId": "PSO-3"' in shown and "RAHASIA" not in shown
    redrive.main(["redrive", "tasks"])
    assert capsys.readouterr().out.startswith("1 message(s) moved")
    assert cloud.sqs.receive_message(QueueUrl=cloud.env["TASKS_QUEUE_URL"])["Messages"]


def test_a_submission_saved_while_the_queue_was_down_is_sent_later_by_the_sweeper(cloud, citizen, monkeypatch):
    def unreachable(**_):
        raise EndpointConnectionError(endpoint_url="https://sqs.invalid")

    app = draft(cloud, citizen)
    upload(cloud, citizen, app["id"])
    aws.client("sqs").meta.events.register("before-call.sqs.SendMessage", unreachable)
    answer = cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    aws.client("sqs").meta.events.unregister("before-call.sqs.SendMessage", unreachable)
    assert answer.status_code == 202 and answer.json_body["status"] == "received"
    while cloud.pump.pump_once():  # nothing reaches the consumer: the message never went out
        pass
    assert cloud.status(app["id"], citizen) == "received"

    assert sweeper.requeue(aws.SqsQueue(cloud.env["SUBMISSIONS_QUEUE_URL"])) == {"stalled": 0, "requeued": 0}
    monkeypatch.setattr(sweeper, "STALLED_AFTER", timedelta(0))  # ten minutes later
    assert cloud.pump.run_schedules()[-1] == {"stalled": 1, "requeued": 1, "paidWaiting": 0, "told": 0}
    cloud.wait_for(app["id"], citizen, "awaiting_verification")
    assert sweeper.stalled() == []
