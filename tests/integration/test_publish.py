"""An agency admin publishes a new permit type through the API and a citizen applies for it at once:
no deploy. A broken definition is refused with every reason, and the live version keeps serving."""

import copy

import pytest

from chalicelib import catalogue
from infra.local.demo import seed_directory


@pytest.fixture
def admin(cloud):
    seed_directory()
    return cloud.user("admin.kelurahan", "Lurah Gambir", ["agency_admin"], "kelurahan-gambir",
                      "kantor-kelurahan-gambir")


def new_type():
    sktm = copy.deepcopy(catalogue.get_permit("surat-keterangan-domisili"))
    sktm.update(id="surat-keterangan-usaha", version=1,
                name={"id": "Surat Keterangan Usaha", "en": "Business certificate"},
                description={"id": "Keterangan bahwa Anda menjalankan usaha di wilayah kelurahan ini.",
                             "en": "States that you run a business in this urban village."},
                lifeEvents=["usaha"], synonyms=[{"phrases": ["surat usaha", "sku"]}])  # a phrase: one permit
    return sktm


def test_a_published_type_can_be_applied_for_at_once(cloud, admin, citizen):
    published = cloud.call("POST", "/admin/permits", new_type(), admin)
    assert published.status_code == 201, published.body
    listed = {p["id"] for p in cloud.call("GET", "/catalogue").json_body["permits"]}
    assert "surat-keterangan-usaha" in listed
    app = cloud.call("POST", "/applications", {"permitId": "surat-keterangan-usaha"}, citizen)
    assert app.status_code == 201, app.body
    answers = {"nama_lengkap": "Siti Aminah", "alamat": "Jl. Kebon Sirih No. 12, RT 003/RW 005", "keperluan": "bank"}
    saved = cloud.call("PUT", f"/applications/{app.json_body['id']}/answers",
                       {"answers": answers, "version": app.json_body["version"]}, citizen)
    assert saved.status_code == 200, saved.body

    again = cloud.call("POST", "/admin/permits", new_type(), admin)
    assert again.status_code == 409 and "versi 2" in again.json_body["error"]["message"]
    v2 = {**new_type(), "version": 2, "slaDays": 2}
    assert cloud.call("POST", "/admin/permits", v2, admin).status_code == 201
    assert cloud.call("GET", "/catalogue/surat-keterangan-usaha").json_body["slaDays"] == 2


def test_a_broken_definition_is_refused_and_changes_nothing(cloud, admin):
    broken = {**new_type(), "fee": {"rule": "fixed", "amountRupiah": -1, "basis": {"id": "x", "en": "x"}}}
    del broken["form"]
    refused = cloud.call("POST", "/admin/permits", broken, admin)
    assert refused.status_code == 400 and refused.json_body["error"]["message"].startswith("Definisi izin")
    fields = {f["field"]: f["message"] for f in refused.json_body["error"]["fields"]}  # in Bahasa Indonesia
    assert fields["form"] == "form: tidak ada" and "tidak boleh negatif" in fields["fee.amountRupiah"]
    english = cloud.call("POST", "/admin/permits?lang=en", broken, admin).json_body["error"]
    messages = [f["message"] for f in english["fields"]]
    assert "form: missing" in messages and any("no negative fees" in m for m in messages)
    assert english["message"].startswith("The permit definition")
    # A question the citizen types into without a worked example (R8) is refused, named.
    no_example = new_type()
    no_example["form"]["pages"][0]["questions"][0] = {"id": "nama_usaha", "type": "text",
                                                      "label": {"id": "Nama usaha", "en": "Business name"},
                                                      "hint": {"id": "Sesuai papan nama", "en": "As on the sign"}}
    refused = cloud.call("POST", "/admin/permits", no_example, admin).json_body["error"]["fields"]
    assert [f["message"] for f in refused if "nama_usaha" in f["message"]] == [
        "form: nama_usaha: isian yang diketik perlu petunjuk (hint) dan contoh pengisian (example), misalnya "
        "petunjuk \"Sesuai KTP-el\" dan contoh \"Siti Aminah\""]
    assert cloud.call("GET", "/catalogue/surat-keterangan-usaha").status_code == 404
    other_agency = {**new_type(), "agency": {**new_type()["agency"], "id": "samsat-jakarta-pusat"}}
    assert cloud.call("POST", "/admin/permits", other_agency, admin).status_code == 403
    live = catalogue.get_permit("surat-keterangan-domisili")
    takeover = {**copy.deepcopy(live), "version": live["version"] + 1, "form": {"pages": []}}
    assert cloud.call("POST", "/admin/permits", takeover, admin).status_code == 400
    assert cloud.call("GET", "/catalogue/surat-keterangan-domisili").json_body["version"] == live["version"]
