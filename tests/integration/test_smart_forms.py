"""Smart forms through the API: a new draft starts with what the profile knows; the questions asked follow
the answers (a lost card asks for the police report, a damaged one for a photo); what is submitted is what
the person was last shown."""

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
    assert submitted.status_code == 202
    rejected = cloud.wait_for(app["id"], me, "rejected")
    assert {r["field"] for r in rejected["reasons"]} == {"nomor_laporan_polisi", "surat_kehilangan"}

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
    me = registered(cloud)
    app = start(cloud, me)
    wrong = save(cloud, me, app, {"jenis_kelamin": "L", "nomor_kk": "9971010101090001"})
    assert wrong.status_code == 400
    fields = {f["field"]: f["message"] for f in wrong.json_body["error"]["fields"]}
    assert set(fields) == {"nik", "nomor_kk"}
    assert "perempuan" in fields["nik"] and "kode wilayah" in fields["nomor_kk"]
