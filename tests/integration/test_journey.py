"""The walking skeleton, through the real handlers on moto: draft, upload, submit, queue, validation,
Step Functions, staff decision, status."""

from tests.cloud import TINY_PNG

GOOD = {"nama_lengkap": "Siti Aminah", "alamat": "Jl. Kebon Sirih No. 12, RT 003/RW 005", "keperluan": "bank"}


def draft(cloud, citizen, answers=GOOD):
    created = cloud.call("POST", "/applications", {"permitId": "surat-keterangan-domisili"}, citizen)
    assert created.status_code == 201, created.body
    app = created.json_body
    saved = cloud.call("PUT", f"/applications/{app['id']}/answers", {"answers": answers, "version": app["version"]},
                       citizen)
    assert saved.status_code == 200, saved.body
    return saved.json_body


def upload(cloud, citizen, app_id, content=TINY_PNG):
    presigned = cloud.call("POST", f"/applications/{app_id}/uploads", {
        "field": "foto_ktp", "filename": "ktp saya.png", "contentType": "image/png", "size": len(content)}, citizen)
    assert presigned.status_code == 201, presigned.body
    cloud.upload(presigned.json_body, content)
    return presigned.json_body


def test_catalogue_and_form_are_public_and_in_indonesian(cloud):
    permits = cloud.call("GET", "/catalogue").json_body["permits"]
    assert {"surat-keterangan-domisili", "penggantian-ktp-el"} <= {p["id"] for p in permits}
    form = cloud.call("GET", "/catalogue/surat-keterangan-domisili/form").json_body
    assert form["pages"][0]["questions"][0]["label"] == "Nama lengkap sesuai KTP"
    assert cloud.call("GET", "/catalogue/izin-palsu/form").json_body["error"]["message"].startswith("Jenis izin")


def test_citizen_journey_to_issued(cloud, citizen, verifier):
    app = draft(cloud, citizen)
    presigned = upload(cloud, citizen, app["id"])
    assert presigned["key"].startswith(f"quarantine/{app['id']}/foto_ktp/")
    assert presigned["fields"]["Content-Type"] == "image/png"

    submitted = cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    assert (submitted.status_code, submitted.json_body["statusLabel"]) == (202, "Diterima")

    waiting = cloud.wait_for(app["id"], citizen, "awaiting_verification")
    assert waiting["statusLabel"] == "Menunggu verifikasi petugas"
    tasks = cloud.call("GET", "/staff/tasks", headers=verifier).json_body["tasks"]
    assert [t["applicationId"] for t in tasks] == [app["id"]]
    assert tasks[0]["applicantName"] == "Siti Aminah"

    decided = cloud.call("POST", f"/staff/applications/{app['id']}/decision", {"decision": "approve"}, verifier)
    assert decided.status_code == 200, decided.body
    issued = cloud.wait_for(app["id"], citizen, "issued")
    assert issued["statusLabel"] == "Terbit" and issued["documentNumber"]
    assert [t["type"] for t in issued["timeline"]] == [
        "created", "submitted", "validated", "step_started", "approved", "issued"]
    assert {t["actorRole"] for t in issued["timeline"] if t["type"] == "approved"} == {"verifier"}

    execution = cloud.sfn.describe_execution(executionArn=issued_execution(cloud, app["id"]))
    assert execution["status"] == "SUCCEEDED"

    cloud.pump.run_until(lambda: len(cloud.call("GET", "/notifications", headers=citizen)
                                     .json_body["notifications"]) == 4)
    titles = [n["title"] for n in cloud.call("GET", "/notifications", headers=citizen).json_body["notifications"]]
    assert titles[0].endswith("Dokumen terbit") and "Surat Keterangan Domisili" in titles[0]


def issued_execution(cloud, app_id):
    arn = cloud.env["STATE_MACHINE_ARN"].replace(":stateMachine:", ":execution:")
    return f"{arn}:{app_id}"


def test_staff_rejection_reason_reaches_the_citizen(cloud, citizen, verifier):
    app = draft(cloud, citizen)
    upload(cloud, citizen, app["id"])
    cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    cloud.wait_for(app["id"], citizen, "awaiting_verification")
    refused = cloud.call("POST", f"/staff/applications/{app['id']}/decision", {"decision": "reject"}, verifier)
    assert refused.status_code == 400 and refused.json_body["error"]["fields"][0]["field"] == "reason"
    reason = "Foto KTP buram, unggah ulang dengan cahaya cukup."
    cloud.call("POST", f"/staff/applications/{app['id']}/decision", {"decision": "reject", "reason": reason}, verifier)
    rejected = cloud.wait_for(app["id"], citizen, "rejected")
    assert rejected["reasons"] == [{"field": None, "message": reason}]
    cloud.pump.run_until(lambda: cloud.sfn.describe_execution(
        executionArn=issued_execution(cloud, app["id"]))["status"] == "SUCCEEDED")


def test_an_incomplete_submission_is_refused_at_once_and_changes_nothing(cloud, citizen):
    """What the form engine can check is answered by the submit itself (422, each field with the browser's
    message), before anything is queued; the draft stays the person's to finish."""
    empty = cloud.call("POST", "/applications", {"permitId": "surat-keterangan-domisili"}, citizen).json_body
    refused = cloud.call("POST", f"/applications/{empty['id']}/submit", headers=citizen)
    assert refused.status_code == 422 and refused.json_body["error"]["code"] == "incomplete_application"
    assert {"alamat", "keperluan", "foto_ktp"} <= {f["field"] for f in refused.json_body["error"]["fields"]}

    app = draft(cloud, citizen, {"nama_lengkap": "Siti Aminah"})  # alamat, keperluan and the photo missing
    refused = cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    assert refused.status_code == 422
    fields = {f["field"]: f["message"] for f in refused.json_body["error"]["fields"]}
    assert set(fields) == {"alamat", "keperluan", "foto_ktp"} and fields["foto_ktp"] == "Foto KTP-el belum diunggah."
    english = cloud.call("POST", f"/applications/{app['id']}/submit?lang=en", headers=citizen).json_body["error"]
    assert english["message"].startswith("The application is not complete")
    form = cloud.call("GET", "/catalogue/surat-keterangan-domisili/form?lang=en").json_body
    assert {f["field"]: f["message"] for f in english["fields"]}["alamat"] in str(form["messages"])  # the browser's
    cloud.pump.run_until(lambda: cloud.pump.pump_once() == 0)  # whatever was queued is consumed
    after = cloud.call("GET", f"/applications/{app['id']}", headers=citizen).json_body
    assert (after["status"], after["version"], after["returned"]) == ("draft", app["version"], False)
    assert not {"submitted", "validated", "validation_failed"} & {e["type"] for e in after["timeline"]}
    assert cloud.sfn.list_executions(stateMachineArn=cloud.env["STATE_MACHINE_ARN"])["executions"] == []


def test_a_rejected_application_cannot_be_submitted_again(cloud, citizen, verifier):
    app = draft(cloud, citizen)
    upload(cloud, citizen, app["id"])
    cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    cloud.wait_for(app["id"], citizen, "awaiting_verification")
    cloud.call("POST", f"/staff/applications/{app['id']}/decision", {"decision": "reject", "reason": "Bukan warga."},
               verifier)
    cloud.wait_for(app["id"], citizen, "rejected")
    again = cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    assert again.status_code == 409 and again.json_body["error"]["code"] == "not_submittable"
    assert "sudah ditolak" in again.json_body["error"]["message"]
    english = cloud.call("POST", f"/applications/{app['id']}/submit", headers={**citizen, "Accept-Language": "en"})
    assert "was rejected" in english.json_body["error"]["message"]
    events = cloud.call("GET", f"/staff/applications/{app['id']}/events", headers=verifier).json_body["events"]
    assert [e["type"] for e in events].count("submitted") == 1 and cloud.status(app["id"], citizen) == "rejected"


def test_double_submit_and_double_decision_take_effect_once(cloud, citizen, verifier):
    app = draft(cloud, citizen)
    upload(cloud, citizen, app["id"])
    first = cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    second = cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    assert first.status_code == second.status_code == 202
    cloud.wait_for(app["id"], citizen, "awaiting_verification")
    cloud.pump.run_until(lambda: cloud.pump.pump_once() == 0)  # the duplicate message is consumed too
    executions = cloud.sfn.list_executions(stateMachineArn=cloud.env["STATE_MACHINE_ARN"])["executions"]
    assert len(executions) == 1
    events = cloud.call("GET", f"/staff/applications/{app['id']}/events", headers=verifier).json_body["events"]
    assert [e["type"] for e in events].count("submitted") == 1
    assert [e["type"] for e in events].count("validated") == 1

    ok = cloud.call("POST", f"/staff/applications/{app['id']}/decision", {"decision": "approve"}, verifier)
    again = cloud.call("POST", f"/staff/applications/{app['id']}/decision", {"decision": "approve"}, verifier)
    assert (ok.status_code, again.status_code) == (200, 409)
    assert "sudah disetujui" in again.json_body["error"]["message"]
    cloud.wait_for(app["id"], citizen, "issued")


def test_region_picker_walks_kemendagri_codes(cloud):
    provinces = cloud.call("GET", "/regions").json_body["regions"]
    assert len(provinces) == 38 and {"code": "31", "name": "Daerah Khusus Ibukota Jakarta"} in provinces
    regencies = cloud.call("GET", "/regions/31").json_body["regions"]
    assert {"code": "31.71", "name": "Kota Administrasi Jakarta Pusat"} in regencies
    districts = cloud.call("GET", "/regions/31.71").json_body["regions"]
    assert "31.71.01" in {d["code"] for d in districts}
    villages = cloud.call("GET", "/regions/31.71.01").json_body["regions"]
    assert "31.71.01.1001" in {v["code"] for v in villages}
    for bad in ("99", "31.99", "3171011001", "abc"):
        missing = cloud.call("GET", f"/regions/{bad}")
        assert missing.status_code == 404 and "Kode wilayah" in missing.json_body["error"]["message"], bad


def test_each_form_version_and_the_dictionary_are_published(cloud):
    schema = cloud.call("GET", "/schemas/spp-irt").json_body
    version = schema["$id"].rsplit("/", 1)[1]
    assert version == "v1.json" and cloud.call("GET", f"/schemas/spp-irt/{version}").json_body == schema
    gone = cloud.call("GET", "/schemas/spp-irt/v0.json")
    assert gone.status_code == 404 and "v1" in gone.json_body["error"]["message"]
    dictionary = cloud.call("GET", "/dictionary").json_body["fields"]
    assert dictionary["tax.npwp"]["schema"]["pattern"] == "^([0-9]{15}|[0-9]{16})$"
    assert dictionary["person.nik"]["example"] == "3171014101900001"


def test_catalogue_search_tolerates_typos_and_browses_by_life_event_and_agency(cloud):
    def ids(query):
        return [p["id"] for p in cloud.call("GET", f"/catalogue?{query}").json_body["permits"]]

    assert ids("q=perpanjng%20stnk")[0] == "pengesahan-stnk-tahunan"
    assert ids("q=KTP%20ilang")[0] == "penggantian-ktp-el"
    assert ids("q=tidak-ada-yang-cocok") == []
    assert "spp-irt" in ids("lifeEvent=usaha") and "penggantian-ktp-el" not in ids("lifeEvent=usaha")
    samsat = cloud.call("GET", "/catalogue?agency=samsat-jakarta-pusat").json_body["permits"]
    assert "pengesahan-stnk-tahunan" in {p["id"] for p in samsat}
    assert {p["agency"]["id"] for p in samsat} == {"samsat-jakarta-pusat"}
    body = cloud.call("GET", "/catalogue").json_body
    vehicles = next(e for e in body["lifeEvents"] if e["id"] == "kendaraan")
    assert vehicles["label"] == "Kendaraan" and vehicles["count"] >= 1
    assert sum(a["count"] for a in body["agencies"]) == len(body["permits"])
    detail = cloud.call("GET", "/catalogue/pengesahan-stnk-tahunan").json_body
    assert detail["feeRule"] == "computed" and detail["feeRupiah"] is None and detail["validityMonths"] == 12
    assert detail["requirements"][0]["document"] == "STNK lama" and detail["faq"] and detail["legalBasis"]
