"""Issued permits and renewal (R19): an issued application becomes a permit in "Izin Saya"; renewing it
carries every answer over; reminders come once when the window opens; permits expire on their date."""

from datetime import date, timedelta

import pytest

from chalicelib.permits import issued as issued_permits
from tests.cloud import TINY_PNG
from tests.integration.test_profile import registered
from tests.vectors.build import VALID

STNK = "pengesahan-stnk-tahunan"


@pytest.fixture
def samsat(cloud):
    return cloud.user("kasi.samsat", "Yusuf Hidayat", ["verifier", "approver"], "samsat-jakarta-pusat",
                      "kantor-samsat-jakarta-pusat")


def attach(cloud, me, app_id, field):
    presigned = cloud.call("POST", f"/applications/{app_id}/uploads", {
        "field": field, "filename": f"{field}.png", "contentType": "image/png", "size": len(TINY_PNG)}, me)
    assert presigned.status_code == 201, presigned.body
    cloud.upload(presigned.json_body)


def approve_every_step(cloud, me, staff, app_id: str) -> list[str]:
    """Every step of the permit's workflow approved, as the officer would (with the tax assessed, where the
    agency computes the fee); returns the steps passed."""
    waiting = cloud.wait_for(app_id, me, "awaiting_verification")
    steps = []
    while waiting["status"] == "awaiting_verification":
        steps.append(waiting["step"]["id"])
        decided = cloud.call("POST", f"/staff/applications/{app_id}/decision",
                             {"decision": "approve", "assessedFee": 450_000}, staff)
        assert decided.status_code == 200, decided.body
        waiting = decided.json_body
    return steps


def issue(cloud, me, staff, app):
    submitted = cloud.call("POST", f"/applications/{app['id']}/submit", headers=me)
    assert submitted.status_code == 202, submitted.body
    steps = approve_every_step(cloud, me, staff, app["id"])
    billed = cloud.wait_for(app["id"], me, "awaiting_payment")
    assert cloud.bank.pay(billed["invoice"]["virtualAccount"])[0] == 200
    return {**cloud.wait_for(app["id"], me, "issued"), "steps": steps}


def stnk_issued(cloud, me, staff):
    answers = {**VALID[STNK], "nik": "3171014101900001", "nama_lengkap": "Siti Aminah", "pemilik_sendiri": "ya"}
    answers.pop("nik_pemilik")
    app = cloud.call("POST", "/applications", {"permitId": STNK}, me).json_body
    saved = cloud.call("PUT", f"/applications/{app['id']}/answers", {"answers": answers, "version": app["version"]}, me)
    assert saved.status_code == 200, saved.body
    attach(cloud, me, app["id"], "foto_stnk")
    return issue(cloud, me, staff, saved.json_body), answers


def test_issued_permit_then_renewal_with_nothing_retyped(cloud, samsat, monkeypatch):
    me = registered(cloud)
    issued, answers = stnk_issued(cloud, me, samsat)
    assert issued["steps"] == ["verify", "approve"]
    mine = cloud.call("GET", "/permits", headers=me).json_body["permits"]
    assert [p["number"] for p in mine] == [issued["documentNumber"]]
    permit = mine[0]
    assert permit["state"] == "active" and permit["stateLabel"] == "Berlaku" and permit["applicationId"] == issued["id"]
    until = date.fromisoformat(permit["validUntil"])
    assert until == issued_permits.today().replace(year=issued_permits.today().year + 1) - timedelta(days=1)
    early = cloud.call("POST", f"/permits/{permit['number']}/renewals", headers=me)
    assert early.status_code == 409 and "mulai" in early.json_body["error"]["message"]

    monkeypatch.setattr(issued_permits, "today", lambda: until - timedelta(days=10))
    assert cloud.call("GET", f"/permits/{permit['number']}", headers=me).json_body["state"] == "expiring"
    renewal = cloud.call("POST", f"/permits/{permit['number']}/renewals", headers=me)
    assert renewal.status_code == 201, renewal.body
    draft = renewal.json_body
    assert draft["answers"] == answers and draft["renewalOf"] == permit["number"]  # nothing to retype
    again = cloud.call("POST", f"/permits/{permit['number']}/renewals", headers=me).json_body
    assert again["id"] == draft["id"]  # one renewal draft per permit
    attach(cloud, me, draft["id"], "foto_stnk")
    renewed = issue(cloud, me, samsat, draft)
    assert renewed["steps"] == ["verify"]  # a direct renewal skips the official's approval
    events = cloud.call("GET", f"/staff/applications/{draft['id']}/events", headers=samsat).json_body["events"]
    assert next(e for e in events if e["type"] == "submitted")["data"] == {"renewalOf": permit["number"],
                                                                          "direct": True}
    now = {p["number"]: p for p in cloud.call("GET", "/permits", headers=me).json_body["permits"]}
    new = now[renewed["documentNumber"]]
    assert new["previous"] == permit["number"] and now[permit["number"]]["state"] == "renewed"
    assert date.fromisoformat(new["validUntil"]) == until.replace(year=until.year + 1)  # continues, nothing lost
    twice = cloud.call("POST", f"/permits/{permit['number']}/renewals", headers=me)
    assert twice.status_code == 409 and new["number"] in twice.json_body["error"]["message"]


def test_nobody_renews_what_is_not_theirs(cloud, samsat):
    me = registered(cloud)
    issued, _ = stnk_issued(cloud, me, samsat)
    stranger = cloud.user("3171010203850002", "Budi Santoso", ["citizen"])
    assert cloud.call("GET", f"/permits/{issued['documentNumber']}", headers=stranger).status_code == 404
    assert cloud.call("POST", f"/permits/{issued['documentNumber']}/renewals", headers=stranger).status_code == 404
    assert cloud.call("GET", f"/permits/{issued['documentNumber']}", headers=samsat).status_code == 200


def test_reminders_once_then_expiry(cloud, samsat, monkeypatch):
    me = registered(cloud)
    issued, _ = stnk_issued(cloud, me, samsat)
    until = date.fromisoformat(cloud.call("GET", "/permits", headers=me).json_body["permits"][0]["validUntil"])

    def on(day):
        monkeypatch.setattr(issued_permits, "today", lambda: day)
        return cloud.pump.run_schedules()[0]

    assert on(until - timedelta(days=31))["permits_reminded"] == 0
    assert on(until - timedelta(days=30))["permits_reminded"] == 1
    assert on(until - timedelta(days=29))["permits_reminded"] == 0  # one reminder per window
    assert on(until)["permits_expired"] == 0
    assert on(until + timedelta(days=1))["permits_expired"] == 1
    assert on(until + timedelta(days=2))["permits_expired"] == 0

    def inbox():
        return cloud.call("GET", "/notifications", headers=me).json_body["notifications"]

    cloud.pump.run_until(lambda: any(n["type"] == "permit_expired" for n in inbox()))
    notes = [n for n in inbox() if n.get("permitNumber") == issued["documentNumber"]]
    assert sorted(n["type"] for n in notes) == ["permit_expired", "permit_renewal_open"]
    shown = cloud.call("GET", f"/permits/{issued['documentNumber']}", headers=me).json_body
    assert shown["state"] == "expired" and shown["renewal"]["late"] is True  # an STNK may still be renewed late


def test_demo_permits_show_every_state_and_refuse_what_cannot_be_renewed(cloud):
    from infra.local.demo import USERS, seed_permits, seed_users

    seed_users(cloud.idp, cloud.env["USER_POOL_ID"])
    seed_permits()
    siti, budi = cloud.sign_in(USERS[0].username), cloud.sign_in(USERS[1].username)
    mine = {p["number"]: p for p in cloud.call("GET", "/permits", headers=siti).json_body["permits"]}
    assert {n: p["state"] for n, p in mine.items()} == {
        "SI-DEMO-0002": "active", "SKD-DEMO-0004": "expired", "SKD-DEMO-0005": "revoked"}
    revoked = cloud.call("POST", "/permits/SKD-DEMO-0005/renewals", headers=siti)
    assert revoked.status_code == 409 and "dicabut" in revoked.json_body["error"]["message"]
    his = {p["number"]: p for p in cloud.call("GET", "/permits", headers=budi).json_body["permits"]}
    assert his["PST-DEMO-0001"]["state"] == "expiring"
    too_late = cloud.call("POST", "/permits/SI-DEMO-0003/renewals", headers=budi)
    assert too_late.status_code == 409 and too_late.json_body["error"]["code"] == "renewal_new_application"
    assert "permohonan baru" in too_late.json_body["error"]["message"]
    sim = his["PS-DEMO-0006"]
    assert sim["state"] == "expired" and sim["renewal"]["newApplication"] is True
    assert sim["permitId"] == "perpanjangan-sim"  # where the new application starts
    expired_sim = cloud.call("POST", "/permits/PS-DEMO-0006/renewals", headers=budi)
    assert expired_sim.status_code == 409 and expired_sim.json_body["error"]["code"] == "renewal_new_application"
    renewal = cloud.call("POST", "/permits/PST-DEMO-0001/renewals", headers=budi)
    assert renewal.status_code == 201 and renewal.json_body["answers"]["nomor_polisi"] == "B 1234 XYZ"
    attach(cloud, budi, renewal.json_body["id"], "foto_stnk")
    assert cloud.call("POST", f"/applications/{renewal.json_body['id']}/submit", headers=budi).status_code == 202
    pending = cloud.call("GET", "/permits/PST-DEMO-0001", headers=budi).json_body["renewal"]
    assert pending["allowed"] is False and pending["inProgress"] == renewal.json_body["id"]
    twice = cloud.call("POST", "/permits/PST-DEMO-0001/renewals", headers=budi)
    assert twice.status_code == 409 and "sedang diproses" in twice.json_body["error"]["message"]
    # In English, every reason is English (it stood in Indonesian on the English "My permits").
    english = cloud.call("GET", "/permits?lang=en", headers=budi).json_body["permits"]
    english += cloud.call("GET", "/permits?lang=en", headers=siti).json_body["permits"]
    reasons = {p["number"]: p["renewal"].get("reason") for p in english}
    assert reasons["PST-DEMO-0001"] == f"The renewal is being processed (application {renewal.json_body['id']})."
    assert reasons["SKD-DEMO-0005"] == "This permit was revoked and cannot be renewed."
    assert reasons["PS-DEMO-0006"].startswith("It has expired and can no longer be renewed")
    assert all(r is None or r.isascii() and " dan " not in r for r in reasons.values()), reasons
