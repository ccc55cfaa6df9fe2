"""The approval workflow end to end: the real ASL on moto, driven by the real consumers (the event pump)
and the staff and citizen API. Approve through two steps, reject, send back and resubmit into the same
execution, an SLA timer that warns and escalates, and two staff racing on one step."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.catalogue import workflows
from infra.local.demo import seed_directory
from tests.integration.test_journey import draft, upload
from tests.integration.test_permits import STNK, attach
from tests.vectors.build import VALID

SAMSAT = ("samsat-jakarta-pusat", "kantor-samsat-jakarta-pusat")


@pytest.fixture
def people(cloud):
    seed_directory()  # agencies and their offices: an online application goes to the agency's main office
    return {
        "citizen": cloud.user("3171014101900001", "Siti Aminah", ["citizen"]),
        "verifier": cloud.user("verifikator.samsat", "Yusuf Hidayat", ["verifier"], *SAMSAT),
        "verifier2": cloud.user("verifikator2.samsat", "Rina Wati", ["verifier"], *SAMSAT),
        "approver": cloud.user("kasi.samsat", "Hendra Gunawan", ["approver"], *SAMSAT),
    }


def stnk_submitted(cloud, citizen):
    answers = {**VALID[STNK], "nik": "3171014101900001", "nama_lengkap": "Siti Aminah", "pemilik_sendiri": "ya"}
    answers.pop("nik_pemilik")
    app = cloud.call("POST", "/applications", {"permitId": STNK}, citizen).json_body
    saved = cloud.call("PUT", f"/applications/{app['id']}/answers", {"answers": answers, "version": app["version"]},
                       citizen)
    assert saved.status_code == 200, saved.body
    attach(cloud, citizen, app["id"], "foto_stnk")
    assert cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen).status_code == 202
    return cloud.wait_for(app["id"], citizen, "awaiting_verification")


def act(cloud, who, app_id, body):
    return cloud.call("POST", f"/staff/applications/{app_id}/decision", body, who)


def executions(cloud):
    return cloud.sfn.list_executions(stateMachineArn=cloud.env["STATE_MACHINE_ARN"])["executions"]


def test_verify_then_approve_then_issued_with_roles_on_the_timeline(cloud, people):
    app = stnk_submitted(cloud, people["citizen"])
    assert (app["step"]["id"], app["step"]["label"]) == ("verify", "Verifikasi berkas")
    queue = cloud.call("GET", "/staff/tasks", headers=people["verifier"]).json_body["tasks"]
    assert [t["applicationId"] for t in queue] == [app["id"]]
    assert cloud.call("GET", "/staff/tasks", headers=people["approver"]).json_body["tasks"] != []  # may verify too

    passed = act(cloud, people["verifier"], app["id"], {"decision": "approve"})
    assert passed.status_code == 200 and passed.json_body["step"]["id"] == "approve"
    # The approval step is not the verifier's: gone from their queue, refused if tried.
    assert cloud.call("GET", "/staff/tasks", headers=people["verifier"]).json_body["tasks"] == []
    refused = act(cloud, people["verifier"], app["id"], {"decision": "approve"})
    assert refused.status_code == 403 and "Persetujuan pejabat" in refused.json_body["error"]["message"]

    # The annual vehicle tax is computed by Samsat: approving asks for the assessed amount, which is billed.
    unassessed = act(cloud, people["approver"], app["id"], {"decision": "approve"})
    assert unassessed.status_code == 400 and unassessed.json_body["error"]["fields"][0]["field"] == "assessedFee"
    assert act(cloud, people["approver"], app["id"], {"decision": "approve", "assessedFee": 1_250_000}).status_code \
        == 200
    billed = cloud.wait_for(app["id"], people["citizen"], "awaiting_payment")
    assert billed["invoice"]["total"] == 1_250_000 and billed["invoice"]["status"] == "unpaid"
    assert cloud.bank.pay(billed["invoice"]["virtualAccount"])[0] == 200
    issued = cloud.wait_for(app["id"], people["citizen"], "issued")
    steps = [(t["type"], t["actorRole"]) for t in issued["timeline"] if t["type"] in (
        "step_started", "step_passed", "approved", "invoice_issued", "paid", "issued")]
    assert steps == [("step_started", "system"), ("step_passed", "verifier"), ("approved", "approver"),
                     ("invoice_issued", "system"), ("paid", "bank"), ("issued", "system")]
    labels = [t["label"] for t in issued["timeline"]]
    assert "Tahap selesai: Verifikasi berkas; berikutnya: Persetujuan pejabat" in labels
    assert len(executions(cloud)) == 1

    # R17: the console's figures come from what the workflow recorded.
    row = cloud.call("GET", "/staff/measures", headers=people["approver"]).json_body["measures"][0]
    assert (row["permitId"], row["office"], row["received"], row["decided"]) == (STNK, SAMSAT[1], 1, 1)
    assert [(s["step"], s["count"], s["withinSla"]) for s in row["steps"]] == [("verify", 1, 1.0), ("approve", 1, 1.0)]
    assert row["endToEnd"]["count"] == 1 and 0 <= row["endToEnd"]["p90Hours"] < 1 and row["withinSla"] == 1.0

    # The agency admin reads who saw and did what on this application.
    admin = cloud.user("admin.samsat", "Admin Samsat", ["agency_admin"], *SAMSAT)
    cloud.call("GET", f"/staff/applications/{app['id']}", headers=people["verifier"])
    trail = cloud.call("GET", f"/staff/applications/{app['id']}/audit", headers=admin).json_body
    assert {"step_passed", "approved", "issued"} <= {e["type"] for e in trail["events"]}
    allowed = [(a["action"], a["actorRole"]) for a in trail["access"] if a["outcome"] == "allowed"]
    assert allowed == [("decision_approve", "verifier"), ("decision_approve", "approver"),
                       ("view_application", "verifier")]
    assert all(a["sourceIp"] for a in trail["access"]), "every action and view says where it came from"
    assert any(a["action"] == "decision_approve" and a["outcome"] == "refused" for a in trail["access"])
    assert cloud.call("GET", f"/staff/applications/{app['id']}/audit", headers=people["verifier"]).status_code == 403


def test_reject_needs_a_reason_and_shows_it_to_the_citizen(cloud, people):
    app = stnk_submitted(cloud, people["citizen"])
    bare = act(cloud, people["verifier"], app["id"], {"decision": "reject"})
    assert bare.status_code == 400 and bare.json_body["error"]["fields"][0]["field"] == "reason"
    assert cloud.status(app["id"], people["citizen"]) == "awaiting_verification"  # nothing changed
    reason = "Foto STNK buram; nomor rangka tidak terbaca."
    assert act(cloud, people["verifier"], app["id"], {"decision": "reject", "reason": reason}).status_code == 200
    seen = cloud.call("GET", f"/applications/{app['id']}", headers=people["citizen"]).json_body
    assert seen["status"] == "rejected" and seen["reasons"][0]["message"] == reason
    cloud.pump.run_until(lambda: executions(cloud)[0]["status"] == "SUCCEEDED")


def test_send_back_one_field_then_resubmit_into_the_same_execution(cloud, people):
    citizen, verifier = people["citizen"], people["verifier"]
    app = stnk_submitted(cloud, citizen)
    no_fields = act(cloud, verifier, app["id"], {"decision": "send_back", "reason": "Perbaiki nomor polisi."})
    assert no_fields.status_code == 400 and no_fields.json_body["error"]["fields"][0]["field"] == "fields"
    back = act(cloud, verifier, app["id"], {"decision": "send_back", "fields": ["nomor_polisi"],
                                            "reason": "Nomor polisi tidak sesuai dengan foto STNK."})
    assert back.status_code == 200, back.body
    seen = cloud.wait_for(app["id"], citizen, "needs_correction")
    assert seen["correction"]["fields"] == ["nomor_polisi"] and "Perbaiki" in seen["nextAction"]
    sent_back = next(t for t in seen["timeline"] if t["type"] == "sent_back")
    assert sent_back["note"] == "Nomor polisi tidak sesuai dengan foto STNK." and sent_back["actorRole"] == "verifier"

    # Only the named field may change; the rest of the application is as submitted.
    other = cloud.call("PUT", f"/applications/{app['id']}/answers",
                       {"answers": {"nama_lengkap": "Orang Lain"}, "version": seen["version"]}, citizen)
    assert other.status_code == 400 and other.json_body["error"]["fields"][0]["field"] == "nama_lengkap"
    fixed = cloud.call("PUT", f"/applications/{app['id']}/answers",
                       {"answers": {"nomor_polisi": "B 1234 XYZ"}, "version": seen["version"]}, citizen)
    assert fixed.status_code == 200, fixed.body
    resubmitted = cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    assert resubmitted.status_code == 202 and resubmitted.json_body["status"] == "awaiting_verification"
    assert resubmitted.json_body["step"]["id"] == "verify"  # back at the step that returned it

    cloud.pump.run_until(lambda: act(cloud, verifier, app["id"], {"decision": "approve"}).status_code == 200)
    assert act(cloud, people["approver"], app["id"], {"decision": "approve", "assessedFee": 900_000}).status_code == 200
    invoice = cloud.wait_for(app["id"], citizen, "awaiting_payment")["invoice"]
    assert cloud.bank.pay(invoice["virtualAccount"])[0] == 200
    issued = cloud.wait_for(app["id"], citizen, "issued")
    types = [t["type"] for t in issued["timeline"]]
    assert types.count("sent_back") == 1 and types.count("resubmitted") == 1
    assert len(executions(cloud)) == 1  # the same execution throughout


def test_a_step_past_its_sla_warns_then_escalates_to_the_supervisor(cloud, people, monkeypatch):
    real = workflows.steps_for

    def tight(permit):  # an 8-second SLA: the warning at 6 s, escalation at 8 s
        return [workflows.Step(s.id, s.role, s.supervisor, 8 / 3600, s.label, s.skip_for_direct_renewal)
                for s in real(permit)]

    monkeypatch.setattr(workflows, "steps_for", tight)
    citizen = people["citizen"]
    app = draft(cloud, citizen)  # a certificate of domicile: one verification, supervisor = approver
    upload(cloud, citizen, app["id"])
    cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    kelurahan = ("kelurahan-gambir", "kantor-kelurahan-gambir")
    lurah = cloud.user("lurah.gambir", "Ahmad Lurah", ["approver"], *kelurahan)
    cloud.wait_for(app["id"], citizen, "awaiting_verification")

    def stage():
        return cloud.call("GET", f"/staff/applications/{app['id']}", headers=lurah).json_body["step"]["stage"]

    cloud.pump.run_until(lambda: stage() == "escalated", timeout=30)
    events = [e["type"] for e in cloud.call("GET", f"/staff/applications/{app['id']}/events",
                                              headers=lurah).json_body["events"]]
    assert events.count("sla_warning") == 1 and events.count("sla_escalated") == 1
    urgent = cloud.call("GET", "/staff/tasks?stage=escalated", headers=lurah).json_body["tasks"]
    assert [t["applicationId"] for t in urgent] == [app["id"]] and urgent[0]["overdue"] is True
    # The escalation stays staff-side: the citizen's timeline does not show it.
    mine = cloud.call("GET", f"/applications/{app['id']}", headers=citizen).json_body
    assert not {"sla_warning", "sla_escalated"} & {t["type"] for t in mine["timeline"]}
    assert act(cloud, lurah, app["id"], {"decision": "approve"}).status_code == 200
    cloud.wait_for(app["id"], citizen, "issued")


def test_two_staff_deciding_at_once_one_decision_takes_effect(cloud, people):
    app = stnk_submitted(cloud, people["citizen"])
    bodies = [(people["verifier"], {"decision": "approve"}),
              (people["verifier2"], {"decision": "reject", "reason": "Data kendaraan tidak cocok."})] * 3
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda b: act(cloud, b[0], app["id"], b[1]).status_code, bodies))
    # The rest are refused: 409 if they raced on the same step, 403 if it had already moved to the approver.
    assert sorted(results).count(200) == 1 and set(results) - {200} <= {403, 409}
    events = [e["type"] for e in cloud.call("GET", f"/staff/applications/{app['id']}/events",
                                              headers=people["approver"]).json_body["events"]]
    assert events.count("step_passed") + events.count("rejected") == 1
