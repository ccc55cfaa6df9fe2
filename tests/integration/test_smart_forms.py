"""Smart forms through the API: a new draft starts with what the profile knows; the questions asked follow
the answers (a lost card asks for the police report, a damaged one for a photo); what is submitted is what
the person was last shown."""

from chalicelib import forms
from tests.cloud import TINY_PNG
from tests.integration.test_profile import registered
from tests.integration.test_registration import NIK

KTP = "penggantian-ktp-el"


def start(cloud, me):
    created = cloud.call("POST", "/applications", {"permitId": KTP}, me)
    assert created.status_code == 201, created.body
    return created.json_body


def save(cloud, me, app, answers):
    return cloud.call("PUT", f"/applications/{app['id']}/answers", {"answers": answers, "version": app["version"]}, me)


def attach(cloud, me, app_id, field):
    presigned = cloud.call("POST", f"/applications/{app_id}/uploads", {
        "field": field, "filename": f"{field}.png", "contentType": "image/png", "size": len(TINY_PNG)}, me)
    assert presigned.status_code == 201, presigned.body
    cloud.upload(presigned.json_body)


def test_a_draft_starts_with_what_the_profile_knows(cloud):
    me = registered(cloud)
    assert start(cloud, me)["answers"] == {"nik": NIK, "nama_lengkap": "Siti Aminah", "tanggal_lahir": "1990-01-01",
                                           "jenis_kelamin": "P"}
    cloud.call("PUT", "/me/profile", {"kk": "3171010101200003"}, me)
    assert start(cloud, me)["answers"]["nomor_kk"] == "3171010101200003"


def test_questions_follow_the_answers_and_hidden_answers_are_not_submitted(cloud):
    me = registered(cloud)
    cloud.call("PUT", "/me/profile", {"kk": "3171010101200003"}, me)
    app = start(cloud, me)
    lost = save(cloud, me, app, {"alasan": "hilang"})
    assert lost.status_code == 200
    attach(cloud, me, app["id"], "foto_kk")
    submitted = cloud.call("POST", f"/applications/{app['id']}/submit", headers=me)
    assert submitted.status_code == 422  # the conditional answers the lost card asks for: known at once
    assert {f["field"] for f in submitted.json_body["error"]["fields"]} == {"nomor_laporan_polisi", "surat_kehilangan"}
    assert cloud.status(app["id"], me) == "draft"

    second = start(cloud, me)
    answered = save(cloud, me, second, {"alasan": "hilang", "nomor_laporan_polisi": "STPLK/123/XI/2026"}).json_body
    changed = save(cloud, me, answered, {"alasan": "rusak"})
    assert changed.status_code == 200
    attach(cloud, me, second["id"], "foto_kk")
    attach(cloud, me, second["id"], "foto_ktp_rusak")
    sent = cloud.call("POST", f"/applications/{second['id']}/submit", headers=me).json_body
    assert "nomor_laporan_polisi" not in sent["answers"] and sent["answers"]["alasan"] == "rusak"
    assert cloud.wait_for(second["id"], me, "awaiting_verification")["reasons"] == []


def test_the_server_checks_what_the_browser_cannot(cloud):
    # A draft keeps what was typed, wrong or not, and says what is wrong (the person may be leaving).
    me = registered(cloud)
    app = start(cloud, me)
    wrong = save(cloud, me, app, {"jenis_kelamin": "L", "nomor_kk": "9971010101090001"})
    assert wrong.status_code == 200, wrong.body
    fields = {f["field"]: f["message"] for f in wrong.json_body["problems"]}
    assert set(fields) == {"nik", "nomor_kk"}
    assert "perempuan" in fields["nik"] and "kode wilayah" in fields["nomor_kk"]
    stored = cloud.call("GET", f"/applications/{app['id']}", headers=me).json_body
    assert (stored["answers"]["jenis_kelamin"], stored["answers"]["nomor_kk"]) == ("L", "9971010101090001")


def test_a_draft_is_saved_with_its_mistakes_and_the_submit_still_refuses_them(cloud):
    me = registered(cloud)
    app = start(cloud, me)
    typed = {"alasan": "hilang", "nomor_laporan_polisi": "x", "tanggal_hilang": "2026-02-30"}
    saved = save(cloud, me, app, typed)
    assert saved.status_code == 200, saved.body
    assert {p["field"] for p in saved.json_body["problems"]} == {"nomor_laporan_polisi", "tanggal_hilang"}
    assert {k: saved.json_body["answers"][k] for k in typed} == typed
    in_english = cloud.call("PUT", f"/applications/{app['id']}/answers?lang=en",
                            {"answers": {}, "version": saved.json_body["version"]}, me)
    assert in_english.status_code == 200 and all(p["message"].isascii() for p in in_english.json_body["problems"])
    # What no draft can hold is still refused, and then nothing of that save is stored.
    odd = save(cloud, me, saved.json_body, {"alasan": "rusak", "tanggal_hilang": 5, "hobi": "x"})
    assert odd.status_code == 400
    assert {"tanggal_hilang", "hobi"} <= {f["field"] for f in odd.json_body["error"]["fields"]}
    kept = cloud.call("GET", f"/applications/{app['id']}", headers=me).json_body
    assert kept["answers"]["alasan"] == "hilang" and kept["version"] == in_english.json_body["version"]
    # The submit does not take the draft's mistakes.
    attach(cloud, me, app["id"], "foto_kk")
    attach(cloud, me, app["id"], "surat_kehilangan")
    sent = cloud.call("POST", f"/applications/{app['id']}/submit", headers=me)
    if sent.status_code == 202:
        rejected = cloud.wait_for(app["id"], me, "rejected")
        assert {"nomor_laporan_polisi", "tanggal_hilang"} <= {r["field"] for r in rejected["reasons"]}
    else:
        assert sent.status_code in (400, 422)


def test_drafts_can_be_deleted_and_follow_a_new_form_version(cloud, monkeypatch):
    from chalicelib import catalogue

    me = registered(cloud)
    first, second = start(cloud, me), start(cloud, me)
    listed = cloud.call("GET", "/applications", headers=me).json_body["applications"]
    assert {a["id"] for a in listed} == {first["id"], second["id"]} and all(a["updatedAt"] for a in listed)
    gone = cloud.call("DELETE", f"/applications/{first['id']}", headers=me)
    assert gone.status_code == 200 and gone.json_body["statusLabel"] == "Draf dihapus"
    assert [a["id"] for a in cloud.call("GET", "/applications", headers=me).json_body["applications"]] == [second["id"]]
    assert cloud.call("DELETE", f"/applications/{first['id']}", headers=me).status_code == 409

    # A new version of the form drops a question: the draft says so, and the next save moves it over.
    saved = save(cloud, me, second, {"alasan": "hilang", "tanggal_hilang": "2026-11-20"}).json_body
    permit = catalogue.get_permit(KTP)
    newer = {**permit, "version": permit["version"] + 1, "form": {**permit["form"], "pages": [
        {**page, "questions": [q for q in page["questions"] if q["id"] != "tanggal_hilang"]}
        for page in permit["form"]["pages"]]}}
    monkeypatch.setitem(catalogue._permits(), KTP, newer)
    shown = cloud.call("GET", f"/applications/{second['id']}", headers=me).json_body
    assert shown["formUpdate"] == {"from": permit["version"], "to": newer["version"], "removed": ["tanggal_hilang"]}
    moved = save(cloud, me, saved, {"nomor_laporan_polisi": "STPLK/1/XI/2026"})
    assert moved.status_code == 200, moved.body
    moved = moved.json_body
    assert moved["formUpdate"] is None and moved["formVersion"] == newer["version"]
    assert "tanggal_hilang" not in moved["answers"] and moved["answers"]["alasan"] == "hilang"


def test_an_untouched_draft_is_reminded_then_expires(cloud, monkeypatch):
    from datetime import timedelta

    from chalicelib.core import clock

    me = registered(cloud)
    kept, forgotten = start(cloud, me), start(cloud, me)
    real_now = clock.now()

    def days_later(days):
        monkeypatch.setattr(clock, "now", lambda: real_now + timedelta(days=days))
        counts = cloud.pump.run_schedules()[0]
        return {k: v for k, v in counts.items() if k.startswith("drafts_")}

    assert days_later(10) == {"drafts_reminded": 0, "drafts_expired": 0}
    assert days_later(24) == {"drafts_reminded": 2, "drafts_expired": 0}
    assert days_later(24.5) == {"drafts_reminded": 0, "drafts_expired": 0}  # once per pause
    monkeypatch.setattr(clock, "now", lambda: real_now + timedelta(days=25))
    continued = save(cloud, me, kept, {"alasan": "rusak"})  # continued: its 30 days start again
    assert continued.status_code == 200, continued.body
    assert days_later(31) == {"drafts_reminded": 0, "drafts_expired": 1}

    def inbox():
        return [n["type"] for n in cloud.call("GET", "/notifications", headers=me).json_body["notifications"]]

    cloud.pump.run_until(lambda: "draft_expired" in inbox())  # the events reach the inbox
    shown = cloud.call("GET", f"/applications/{forgotten['id']}", headers=me).json_body
    assert shown["statusLabel"] == "Draf kedaluwarsa"
    assert [t["type"] for t in shown["timeline"]] == ["created", "draft_expiring", "draft_expired"]
    assert cloud.call("GET", f"/applications/{kept['id']}", headers=me).json_body["status"] == "draft"
    assert inbox().count("draft_expiring") == 2 and inbox().count("draft_expired") == 1


def test_answers_typed_as_people_write_them_are_saved_as_stored_and_a_wrong_parent_nik_is_named(cloud):
    me = registered(cloud)
    app = start(cloud, me)
    saved = save(cloud, me, app, {"nik": "3171 0141.0190-0001", "alasan": "rusak"})
    assert saved.status_code == 200, saved.body
    assert saved.json_body["answers"]["nik"] == NIK  # stored as its 16 digits

    birth = cloud.call("POST", "/applications", {"permitId": "akta-kelahiran"}, me).json_body
    typed = save(cloud, me, birth, {"telepon": "0812 3456 7890", "tanggal_lahir_anak": "2026-10-15"})
    assert typed.status_code == 200, typed.body
    assert typed.json_body["answers"]["telepon"] == "+6281234567890"
    father_as_mother = save(cloud, me, typed.json_body, {"nik_ibu": "3171010203850002"})
    assert father_as_mother.status_code == 200  # a draft keeps what was typed, and says what is wrong
    named = [p for p in father_as_mother.json_body["problems"] if p["field"] == "nik_ibu"]
    assert named and named[0]["message"].startswith("NIK ibu harus NIK seorang perempuan")


def test_every_form_starts_with_what_the_account_and_profile_hold(cloud):
    from chalicelib import catalogue
    from chalicelib.identity import profile as profiles
    from tests.integration.test_profile import ADDRESS

    me = registered(cloud)
    kept = cloud.call("PUT", "/me/profile", {"address": ADDRESS, "kk": "3171010101200003", "birthPlace": "Bandung"}, me)
    assert kept.status_code == 200, kept.body
    sources = profiles.prefill_sources(cloud.call("GET", "/me/profile", headers=me).json_body)
    domicile = cloud.call("POST", "/applications", {"permitId": "surat-keterangan-domisili"}, me).json_body
    assert domicile["answers"] == {
        "nama_lengkap": "Siti Aminah",
        "alamat": "Jl. Medan Merdeka Barat No. 5, RT 005/RW 002, Kelurahan Gambir, Kecamatan Gambir, "
                  "Kota Administrasi Jakarta Pusat, Daerah Khusus Ibukota Jakarta, 10110"}
    # Every source a form names is one the profile gives, and a draft of every form starts with it.
    for permit in catalogue.all_permits():
        started = cloud.call("POST", "/applications", {"permitId": permit["id"]}, me).json_body
        for q in forms.answer_questions(permit["form"]):
            if "prefill" not in q:
                continue
            assert q["prefill"] in sources, f"{permit['id']}.{q['id']}: no such prefill source {q['prefill']}"
            if sources[q["prefill"]] is not None:
                assert started["answers"].get(q["id"]) == sources[q["prefill"]], f"{permit['id']}.{q['id']}"
        if any(q.get("ref") == "address.rtRw" and q.get("prefill") for q in forms.answer_questions(permit["form"])):
            assert "005/002" in started["answers"].values()
        if permit["id"] == "skck":
            assert started["answers"]["tempat_lahir"] == "Bandung"
