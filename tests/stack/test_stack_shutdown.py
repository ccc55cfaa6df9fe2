"""Issue 14, finding 7: Ctrl-C (SIGINT to the stack's process group, as a terminal sends it) and SIGTERM save
the last snapshot before moto stops, so what was acknowledged just before is there after the next start."""

import json
import signal

import pytest

from infra.local.demo import DEMO_PASSWORD
from tests.cloud import TINY_PNG
from tests.stack.test_local_stack import draft
from tests.stack_client import RunningStack

pytestmark = pytest.mark.stack
CITIZEN = "3171014101900001"
# The path of a submitted application until staff act: what a restart may find it in.
ON_THE_WAY = ("received", "awaiting_verification")


def submit(client, token) -> dict:
    app = draft(client, token)
    status, presigned = client.call("POST", f"/applications/{app['id']}/uploads", {
        "field": "foto_ktp", "filename": "ktp.png", "contentType": "image/png", "size": len(TINY_PNG)}, token)
    assert status == 201, presigned
    assert client.post_file(presigned, TINY_PNG, "image/png") == 204
    status, body = client.call("POST", f"/applications/{app['id']}/submit", None, token)
    assert status == 202, body
    return app


def saved_status(state, application_id: str) -> str:
    """The application's status in the snapshot on disk (DynamoDB's JSON)."""
    items = json.loads((state / "state.json").read_text(encoding="utf-8"))["tables"]["pisao-applications"]
    return next(i["status"]["S"] for i in items if i["application_id"]["S"] == application_id)


def clean_stop(log: str) -> None:
    assert "data tersimpan di" in log, log[-3000:]
    assert "gagal menyimpan data" not in log, log[-3000:]  # the last snapshot reached moto
    assert "event pump:" not in log, log[-3000:]  # no KeyError 'ShardIterator' or lost endpoint


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_submission_right_before_the_stop_is_there_after_the_next_start(tmp_path, sig):
    state = tmp_path / "state"
    stack = RunningStack(state)
    try:
        c = stack.client
        citizen = c.login(CITIZEN, DEMO_PASSWORD)
        app = submit(c, citizen)
    finally:
        stack.stop(sig)  # at once: well within the 5 s between periodic snapshots
    clean_stop(stack.log.read_text())
    saved = saved_status(state, app["id"])
    assert saved in ON_THE_WAY

    stack = RunningStack(state)
    try:
        c = stack.client
        citizen = c.login(CITIZEN, DEMO_PASSWORD)
        status, body = c.call("GET", f"/applications/{app['id']}", token=citizen)
        assert status == 200, body
        assert ON_THE_WAY.index(body["status"]) >= ON_THE_WAY.index(saved)  # as saved, or resumed since
        assert body["uploads"]["foto_ktp"]["filename"] == "ktp.png"
        c.wait_status(app["id"], citizen, "awaiting_verification")  # the workflow goes on
    finally:
        stack.stop()
    clean_stop(stack.log.read_text())
