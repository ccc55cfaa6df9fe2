"""The README's local stack as a real process: moto server, API, event pump and front server on free
ports. The journey over HTTP, then a restart that must keep (and resume) what was there."""

import json
import subprocess
import sys
import time

import pytest

from infra.local.demo import DEMO_PASSWORD
from tests.cloud import TINY_PNG
from tests.stack_client import ROOT, RunningStack
from tests.vectors.build import VALID

pytestmark = pytest.mark.stack
GOOD = {"nama_lengkap": "Siti Aminah", "alamat": "Jl. Kebon Sirih No. 12, RT 003/RW 005", "keperluan": "bank"}


def draft(client, token, answers=GOOD):
    status, app = client.call("POST", "/applications", {"permitId": "surat-keterangan-domisili"}, token)
    assert status == 201, app
    status, app = client.call("PUT", f"/applications/{app['id']}/answers",
                              {"answers": answers, "version": app["version"]}, token)
    assert status == 200, app
    return app


def submit_with_photo(client, token):
    app = draft(client, token)
    status, presigned = client.call("POST", f"/applications/{app['id']}/uploads", {
        "field": "foto_ktp", "filename": "ktp.png", "contentType": "image/png", "size": len(TINY_PNG)}, token)
    assert status == 201, presigned
    assert client.post_file(presigned, TINY_PNG, "image/png") == 204
    assert client.call("POST", f"/applications/{app['id']}/submit", None, token)[0] == 202
    return client.wait_status(app["id"], token, "awaiting_verification")


def stnk_awaiting_payment(client, token) -> dict:
    """An annual STNK validation, verified and approved with the tax Samsat assessed: an invoice to pay."""
    answers = {**VALID["pengesahan-stnk-tahunan"], "nik": "3171014101900001", "nama_lengkap": "Siti Aminah",
               "pemilik_sendiri": "ya"}
    answers.pop("nik_pemilik")
    status, app = client.call("POST", "/applications", {"permitId": "pengesahan-stnk-tahunan"}, token)
    status, app = client.call("PUT", f"/applications/{app['id']}/answers",
                              {"answers": answers, "version": app["version"]}, token)
    assert status == 200, app
    status, presigned = client.call("POST", f"/applications/{app['id']}/uploads", {
        "field": "foto_stnk", "filename": "stnk.png", "contentType": "image/png", "size": len(TINY_PNG)}, token)
    assert client.post_file(presigned, TINY_PNG, "image/png") == 204
    assert client.call("POST", f"/applications/{app['id']}/submit", None, token)[0] == 202
    client.wait_status(app["id"], token, "awaiting_verification")
    for officer in ("verifikator.samsat", "kasi.samsat"):
        status, body = client.call("POST", f"/staff/applications/{app['id']}/decision",
                                   {"decision": "approve", "assessedFee": 425_000},
                                   client.login(officer, DEMO_PASSWORD))
        assert status == 200, body
    return client.wait_status(app["id"], token, "awaiting_payment")


def bank(stack: RunningStack, state, *args: str) -> dict:
    """The bank simulator's command line: a process of its own, reaching the API over HTTP with its keys."""
    done = subprocess.run([sys.executable, "-m", "infra.local.bank", "--api", f"http://127.0.0.1:{stack.ports[1]}",
                           "--state-dir", str(state), *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_journey_survives_a_restart(tmp_path):
    state = tmp_path / "state"
    stack = RunningStack(state)
    try:
        c = stack.client
        citizen = c.login("3171014101900001", DEMO_PASSWORD)
        waiting = submit_with_photo(c, citizen)
        half_done = draft(c, citizen, {"nama_lengkap": "Siti Aminah"})
        billed = stnk_awaiting_payment(c, citizen)
        c.login("verifikator.kelurahan", DEMO_PASSWORD)  # enrols the authenticator
    finally:
        stack.stop()
    assert "berhenti: menyimpan data" in stack.log.read_text()

    stack = RunningStack(state)
    try:
        c = stack.client
        citizen = c.login("3171014101900001", DEMO_PASSWORD)
        mine = {a["id"]: a for a in c.call("GET", "/applications", token=citizen)[1]["applications"]}
        assert mine[half_done["id"]]["answers"] == half_done["answers"]  # as saved, prefilled address included
        assert half_done["answers"]["nama_lengkap"] == "Siti Aminah"
        assert mine[waiting["id"]]["statusLabel"] == "Menunggu verifikasi petugas"
        # The authenticator enrolled before the restart still counts: a code, not a new enrolment.
        step = c.call("POST", "/auth/sessions", {"username": "verifikator.kelurahan", "password": DEMO_PASSWORD})[1]
        assert step["challenge"] == "TOTP"
        # The workflow was resumed: the verifier can still decide and the application is issued.
        verifier = c.login("verifikator.kelurahan", DEMO_PASSWORD)
        deadline = time.monotonic() + 30
        while True:
            status, body = c.call("POST", f"/staff/applications/{waiting['id']}/decision", {"decision": "approve"},
                                  verifier)
            if status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.5)  # the resumed execution may still be handing out its new task token
        assert status == 200, body
        issued = c.wait_status(waiting["id"], citizen, "issued")
        timeline = [t["type"] for t in issued["timeline"]]
        assert timeline.count("step_started") == 1 and timeline[-1] == "issued"
        # The restored upload is still there for staff to see.
        assert issued["uploads"]["foto_ktp"]["filename"] == "ktp.png"
        # The invoice survived too, and the bank (its keys kept with the data) pays it into the resumed workflow.
        assert billed["invoice"]["total"] == 425_000
        answer = bank(stack, state, "pay", "--va", billed["invoice"]["virtualAccount"])
        assert answer["responseCode"] == "2002500", answer
        paid = c.wait_status(billed["id"], citizen, "issued")
        assert paid["invoice"]["payment"]["channel"] == "VA"
    finally:
        stack.stop()
