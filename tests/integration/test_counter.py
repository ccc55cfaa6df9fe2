"""Counter service (R3): staff find a walk-in citizen by NIK or register them, fill and submit a form on
their behalf; the application is the citizen's, and the record says who filed it, where and when."""

import pytest

from chalicelib.core import audit
from infra.local.demo import seed_directory
from tests.integration.test_journey import GOOD, upload

BUDI = "3171010203850002"
WALK_IN = {"nik": "3171015507600004", "name": "Sri Wahyuni", "birthDate": "1960-07-15", "sex": "P"}


@pytest.fixture
def counter(cloud):
    seed_directory()
    return cloud.user("loket.mpp", "Dewi Lestari", ["counter"], "dpmptsp-jakarta-pusat", "mpp-jakarta-pusat")


@pytest.fixture
def budi(cloud):
    return cloud.user(BUDI, "Budi Santoso", ["citizen"])


def file_for(cloud, counter, person_id):
    created = cloud.call("POST", "/counter/applications", {"personId": person_id,
                                                           "permitId": "surat-keterangan-domisili"}, counter)
    assert created.status_code == 201, created.body
    app = created.json_body
    saved = cloud.call("PUT", f"/applications/{app['id']}/answers", {"answers": GOOD, "version": app["version"]},
                       counter)
    assert saved.status_code == 200, saved.body
    upload(cloud, counter, app["id"])
    submitted = cloud.call("POST", f"/applications/{app['id']}/submit", headers=counter)
    assert submitted.status_code == 202, submitted.body
    return submitted.json_body


def test_counter_files_for_a_citizen_who_then_sees_it(cloud, counter, budi, citizen):
    found = cloud.call("POST", "/counter/people/lookup", {"nik": BUDI}, counter)
    assert found.status_code == 200, found.body
    person = found.json_body
    assert person["name"] == "Budi Santoso" and person["hasAccount"] is True
    assert [e["action"] for e in audit.trail(f"person#{person['personId']}")] == ["person_lookup"]

    app = file_for(cloud, counter, person["personId"])
    assert app["filedBy"]["office"] == "mpp-jakarta-pusat" and app["filedBy"]["agency"] == "dpmptsp-jakarta-pusat"
    assert app["filedBy"]["at"]
    mine = cloud.call("GET", "/applications", headers=budi).json_body["applications"]
    assert [a["id"] for a in mine] == [app["id"]]
    seen = cloud.wait_for(app["id"], budi, "awaiting_verification")
    assert seen["timeline"][0]["actorRole"] == "counter"
    here = cloud.call("GET", "/counter/applications", headers=counter).json_body["applications"]
    assert [a["id"] for a in here] == [app["id"]]
    # Another citizen sees nothing of it; the counter cannot edit it once submitted.
    assert cloud.call("GET", f"/applications/{app['id']}", headers=citizen).status_code == 404
    late = cloud.call("PUT", f"/applications/{app['id']}/answers", {"answers": GOOD, "version": app["version"]},
                      counter)
    assert late.status_code == 409


def test_walk_in_without_email_or_phone_is_registered_and_served(cloud, counter):
    registered = cloud.call("POST", "/counter/people", WALK_IN, counter)
    assert registered.status_code == 201, registered.body
    person_id = registered.json_body["personId"]
    user = cloud.idp.admin_get_user(UserPoolId=cloud.env["USER_POOL_ID"], Username=WALK_IN["nik"])
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert "email" not in attributes and "phone_number" not in attributes
    assert {g["GroupName"] for g in cloud.idp.admin_list_groups_for_user(
        UserPoolId=cloud.env["USER_POOL_ID"], Username=WALK_IN["nik"])["Groups"]} == {"citizen"}
    app = file_for(cloud, counter, person_id)
    assert app["status"] == "received"
    again = cloud.call("POST", "/counter/people/lookup", {"nik": WALK_IN["nik"]}, counter).json_body
    assert again["contact"] == {"email": None, "phone": None}
    assert [e["action"] for e in audit.trail(f"person#{person_id}")] == ["person_registered_at_counter",
                                                                        "person_lookup"]


def test_counter_refusals_are_specific(cloud, counter, budi):
    invalid = cloud.call("POST", "/counter/people/lookup", {"nik": "31710141019"}, counter)
    assert invalid.status_code == 400 and invalid.json_body["error"]["fields"][0]["field"] == "nik"
    unknown = cloud.call("POST", "/counter/people/lookup", {"nik": "3171010101010009"}, counter)
    assert unknown.status_code == 404 and "Daftarkan" in unknown.json_body["error"]["message"]
    duplicate = cloud.call("POST", "/counter/people", {"nik": BUDI, "name": "Budi Santoso", "birthDate": "1985-03-02",
                                                      "sex": "L"}, counter)
    assert duplicate.status_code == 409
    mismatch = cloud.call("POST", "/counter/people", {**WALK_IN, "sex": "L"}, counter)
    assert mismatch.status_code == 400 and mismatch.json_body["error"]["fields"][0]["field"] == "nik"
    stranger = cloud.call("POST", "/counter/applications", {"personId": "P-nobody", "permitId":
                                                            "surat-keterangan-domisili"}, counter)
    assert stranger.status_code == 400 and stranger.json_body["error"]["fields"][0]["field"] == "personId"


def test_the_counter_reads_a_nik_as_registration_does(cloud, counter, budi):
    # One rule for the NIK (issue 14): dotted, spaced or in Arabic-Indic digits, it finds the same person.
    for typed in ("3171.0102.0385.0002", "3171 0102 0385 0002",
                  "\u0663\u0661\u0667\u0661\u0660\u0661\u0660\u0662\u0660\u0663\u0668\u0665\u0660\u0660\u0660\u0662"):
        found = cloud.call("POST", "/counter/people/lookup", {"nik": typed}, counter)
        assert found.status_code == 200 and found.json_body["name"] == "Budi Santoso", (typed, found.body)
    walk_in = {**WALK_IN, "nik": "3171 0155 0760 0004", "phone": "0812 3456 7890"}
    registered = cloud.call("POST", "/counter/people", walk_in, counter)
    assert registered.status_code == 201, registered.body
    found = cloud.call("POST", "/counter/people/lookup", {"nik": WALK_IN["nik"]}, counter)
    assert found.json_body["contact"]["phone"] == "+62812****890"
    unknown = cloud.call("POST", "/counter/people/lookup", {"nik": "3171.99.010190.0001"}, counter)
    assert unknown.status_code == 400 and unknown.json_body["error"]["fields"][0]["field"] == "nik"
