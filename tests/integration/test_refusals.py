"""Bad input and other people's data: a clear Indonesian error, the right status, nothing changed."""

import io
import json
import logging

from infra.local.demo import seed_directory
from tests.integration.test_journey import GOOD, draft, upload


def applications_of(cloud, who):
    return cloud.call("GET", "/applications", headers=who).json_body["applications"]


def test_malformed_and_oversized_bodies(cloud, citizen):
    bad = cloud.call("POST", "/applications", raw=b"{permitId: oops", headers=citizen)
    assert bad.status_code == 400 and bad.json_body["error"]["message"] == "Data yang dikirim bukan JSON yang valid."
    listed = cloud.call("POST", "/applications", raw=b"[1, 2]", headers=citizen)
    assert listed.status_code == 400 and "objek JSON" in listed.json_body["error"]["message"]
    huge = cloud.call("POST", "/applications", {"permitId": "x" * 70_000}, citizen)
    assert huge.status_code == 413 and "terlalu besar" in huge.json_body["error"]["message"]
    deep = cloud.call("POST", "/applications", raw=b'{"permitId": ' + b"[" * 30_000 + b"]" * 30_000 + b"}",
                      headers=citizen)
    assert deep.status_code == 400 and "JSON" in deep.json_body["error"]["message"]
    unknown = cloud.call("POST", "/applications", {"permitId": "izin-fiktif"}, citizen)
    assert unknown.status_code == 404 and unknown.json_body["error"]["message"].startswith("Jenis izin tidak dikenal")
    assert applications_of(cloud, citizen) == []


def test_wrong_answers_are_refused_per_field_and_not_stored(cloud, citizen):
    app = draft(cloud, citizen, {"nama_lengkap": "Siti Aminah"})
    refused = cloud.call("PUT", f"/applications/{app['id']}/answers",
                         {"answers": {"nama_lengkap": "<b>Siti</b>", "hobi": "x", "alamat": 5},
                          "version": app["version"]}, citizen)
    assert refused.status_code == 400
    fields = {f["field"]: f["message"] for f in refused.json_body["error"]["fields"]}
    assert set(fields) == {"nama_lengkap", "hobi", "alamat"}
    assert fields["alamat"] == "Alamat tempat tinggal sekarang harus berupa teks."
    stored = cloud.call("GET", f"/applications/{app['id']}", headers=citizen).json_body
    assert (stored["answers"], stored["version"]) == ({"nama_lengkap": "Siti Aminah"}, app["version"])
    for version in ("2", None, True):
        wrong = cloud.call("PUT", f"/applications/{app['id']}/answers", {"answers": GOOD, "version": version}, citizen)
        assert wrong.status_code == 400 and wrong.json_body["error"]["code"] == "invalid_version"


def test_stale_draft_save_is_told_not_overwritten(cloud, citizen):
    app = draft(cloud, citizen, {"nama_lengkap": "Siti Aminah"})
    first = cloud.call("PUT", f"/applications/{app['id']}/answers",
                       {"answers": {"alamat": "Jl. Merdeka Barat No. 1, RT 001/RW 002"}, "version": app["version"]},
                       citizen)
    stale = cloud.call("PUT", f"/applications/{app['id']}/answers",
                       {"answers": {"alamat": "Jl. Lain No. 9, RT 009/RW 009"}, "version": app["version"]}, citizen)
    assert (first.status_code, stale.status_code) == (200, 409)
    assert "diubah di tempat lain" in stale.json_body["error"]["message"]
    stored = cloud.call("GET", f"/applications/{app['id']}", headers=citizen).json_body
    assert stored["answers"]["alamat"] == "Jl. Merdeka Barat No. 1, RT 001/RW 002"


def test_upload_rules(cloud, citizen):
    app = draft(cloud, citizen)
    path = f"/applications/{app['id']}/uploads"
    exe = cloud.call("POST", path, {"field": "foto_ktp", "filename": "x.exe", "contentType":
                                    "application/x-msdownload", "size": 10}, citizen)
    assert exe.status_code == 400
    assert exe.json_body["error"]["message"] == "Jenis berkas untuk Foto KTP-el harus JPEG, PNG, PDF."
    big = cloud.call("POST", path, {"field": "foto_ktp", "filename": "a.png", "contentType": "image/png",
                                    "size": 50 * 1024 * 1024}, citizen)
    assert big.status_code == 400 and "paling besar 5 MB" in big.json_body["error"]["message"]
    other = cloud.call("POST", path, {"field": "foto_rumah", "filename": "a.png", "contentType": "image/png",
                                      "size": 10}, citizen)
    assert other.status_code == 400 and other.json_body["error"]["code"] == "unknown_field"
    assert cloud.call("GET", f"/applications/{app['id']}", headers=citizen).json_body["uploads"] == {}


def test_nobody_sees_what_is_not_theirs(cloud, citizen, verifier):
    neighbour = cloud.user("3171010203850002", "Budi Santoso", ["citizen"])
    other_agency = cloud.user("verifikator.dukcapil", "Agus Pratama", ["verifier"], "disdukcapil-jakarta-pusat")
    app = draft(cloud, citizen)
    upload(cloud, citizen, app["id"])
    cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    cloud.wait_for(app["id"], citizen, "awaiting_verification")

    for path in (f"/applications/{app['id']}", f"/applications/{app['id']}/submit"):
        method = "GET" if path.endswith(app["id"]) else "POST"
        assert cloud.call(method, path, headers=neighbour).status_code == 404
    assert applications_of(cloud, neighbour) == []
    assert cloud.call("GET", f"/staff/applications/{app['id']}", headers=other_agency).status_code == 404
    refused = cloud.call("POST", f"/staff/applications/{app['id']}/decision", {"decision": "approve"}, other_agency)
    assert refused.status_code == 404
    assert cloud.call("GET", "/staff/tasks", headers=other_agency).json_body["tasks"] == []
    assert cloud.call("GET", "/staff/tasks", headers=citizen).status_code == 403
    assert cloud.call("POST", "/applications", {"permitId": "surat-keterangan-domisili"}, verifier).status_code == 403
    assert cloud.call("GET", "/applications").status_code == 401
    forged = {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."}
    assert cloud.call("GET", "/applications", headers=forged).status_code == 401
    assert cloud.status(app["id"], citizen) == "awaiting_verification"


def test_wrong_password_is_a_clear_401(cloud, citizen):
    wrong = cloud.call("POST", "/auth/sessions", {"username": "3171014101900001", "password": "salah"})
    assert wrong.status_code == 401
    assert wrong.json_body["error"]["message"].startswith("NIK/nomor paspor atau kata sandi salah.")
    empty = cloud.call("POST", "/auth/sessions", {"username": "", "password": None})
    assert {f["field"] for f in empty.json_body["error"]["fields"]} == {"username", "password"}


def test_logs_never_carry_nik_names_or_passwords(cloud, citizen, verifier):
    # Record exactly what the service's log handler writes (Powertools' JSON lines).
    logger = logging.getLogger("pisao")
    sink = io.StringIO()
    tap = logging.StreamHandler(sink)
    tap.setFormatter(logger.handlers[0].formatter)
    logger.addHandler(tap)
    try:
        _run_flows(cloud, citizen, verifier)
    finally:
        logger.removeHandler(tap)
    logged = sink.getvalue()
    assert "application submitted" in logged and "sign-in refused" in logged  # the logs were captured
    assert "registration verified" in logged and "password reset" in logged and "sign-in challenge" in logged
    for secret in ("3171014101900001", "3171010203850002", "3171015507600004", "Demo#2026pisao", "salah-Sandi9",
                   "RahasiaBudi2026", "SandiBaruBudi2027", "budi@contoh.id", "Kebon Sirih", "Siti Aminah",
                   "Budi Santoso", "Sri Wahyuni", "Medan Merdeka"):
        assert secret not in logged, secret
    assert all(json.loads(line) for line in logged.splitlines())


def _run_flows(cloud, citizen, verifier):
    form = {"nik": "3171010203850002", "name": "Budi Santoso", "birthDate": "1985-03-02", "sex": "L",
            "email": "budi@contoh.id", "password": "RahasiaBudi2026"}
    assert cloud.call("POST", "/auth/registrations", form).status_code == 201
    code = cloud.last_code("budi@contoh.id")
    assert cloud.call("POST", "/auth/registrations/verify", {"nik": form["nik"], "code": code}).status_code == 200
    app = draft(cloud, citizen)
    upload(cloud, citizen, app["id"])
    cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    cloud.wait_for(app["id"], citizen, "awaiting_verification")
    cloud.call("POST", "/auth/sessions", {"username": "3171014101900001", "password": "salah-Sandi9"})
    cloud.call("POST", f"/staff/applications/{app['id']}/decision", {"decision": "approve"}, verifier)
    cloud.wait_for(app["id"], citizen, "issued")
    # Identity flows: profile, password reset, counter service (staff sign in with TOTP on the way).
    address = {"province": "31", "regency": "31.71", "district": "31.71.01", "village": "31.71.01.1001",
               "street": "Jl. Medan Merdeka Barat 5"}
    assert cloud.call("PUT", "/me/profile", {"address": address}, citizen).status_code == 200
    assert cloud.call("POST", "/auth/password-resets", {"username": form["nik"]}).status_code == 202
    reset = {"username": form["nik"], "code": cloud.last_code("budi@contoh.id"), "password": "SandiBaruBudi2027"}
    assert cloud.call("POST", "/auth/password-resets/confirm", reset).status_code == 200
    seed_directory()
    counter = cloud.user("loket.mpp", "Dewi Lestari", ["counter"], "dpmptsp-jakarta-pusat", "mpp-jakarta-pusat")
    assert cloud.call("POST", "/counter/people/lookup", {"nik": form["nik"]}, counter).status_code == 200
    walk_in = {"nik": "3171015507600004", "name": "Sri Wahyuni", "birthDate": "1960-07-15", "sex": "P"}
    assert cloud.call("POST", "/counter/people", walk_in, counter).status_code == 201
