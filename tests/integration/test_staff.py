"""Staff accounts: made by their agency's admin, first sign-in replaces the temporary password and enrols
an authenticator; afterwards every sign-in needs its code. Admins manage only their own agency."""

import re

import boto3
import pytest

from infra.local.demo import AGENCIES, seed_directory
from infra.local.totp import fresh_totp, totp
from tests.cloud import REGION


@pytest.fixture
def directory(cloud):
    seed_directory()


@pytest.fixture
def admin(cloud, directory):
    return cloud.user("admin.dukcapil", "Maria Ulfa", ["agency_admin"], "disdukcapil-jakarta-pusat",
                      "kantor-dukcapil-jakarta-pusat")


NEW_STAFF = {"username": "verifikator.baru", "name": "Rudi Hartono", "email": "rudi@dukcapil.jakarta.go.id",
             "office": "mpp-jakarta-pusat", "roles": ["verifier"]}


def temporary_password(cloud, email):
    text = [t for to, t in cloud.sent_messages() if to == email][-1]
    return re.search(r"Kata sandi sementara: (\S+) ", text).group(1)


def test_new_staff_member_replaces_the_temporary_password_and_enrols_an_authenticator(cloud, admin):
    created = cloud.call("POST", "/agency/staff", NEW_STAFF, admin)
    assert created.status_code == 201, created.body
    assert created.json_body["roles"] == ["verifier"] and created.json_body["enabled"] is True
    listed = cloud.call("GET", "/agency/staff", headers=admin).json_body["staff"]
    assert "verifikator.baru" in {s["username"] for s in listed}

    password = temporary_password(cloud, NEW_STAFF["email"])
    first = cloud.call("POST", "/auth/sessions", {"username": "verifikator.baru", "password": password})
    assert first.status_code == 200 and first.json_body["challenge"] == "NEW_PASSWORD"
    weak = cloud.call("POST", "/auth/sessions/challenge", {"ticket": first.json_body["ticket"], "newPassword": "abc"})
    assert weak.status_code == 400 and weak.json_body["error"]["fields"][0]["field"] == "newPassword"
    setup = cloud.call("POST", "/auth/sessions/challenge",
                       {"ticket": first.json_body["ticket"], "newPassword": "RudiBaru2026x"})
    assert setup.status_code == 200 and setup.json_body["challenge"] == "TOTP_SETUP", setup.body
    secret = setup.json_body["secret"]
    assert setup.json_body["otpauthUri"].startswith("otpauth://totp/PISAO%3Averifikator.baru?secret=" + secret)

    wrong = cloud.call("POST", "/auth/sessions/challenge", {"ticket": setup.json_body["ticket"], "code": "000000"
                                                            if totp(secret) != "000000" else "111111"})
    assert wrong.status_code == 400 and wrong.json_body["error"]["fields"][0]["field"] == "code"
    code = fresh_totp(secret)
    done = cloud.call("POST", "/auth/sessions/challenge", {"ticket": setup.json_body["ticket"], "code": code})
    assert done.status_code == 201, done.body
    assert done.json_body["user"]["roles"] == ["verifier"]
    assert done.json_body["user"]["office"] == "mpp-jakarta-pusat"
    token = {"Authorization": f"Bearer {done.json_body['idToken']}"}
    assert cloud.call("GET", "/staff/tasks", headers=token).status_code == 200

    # The ticket answered its step: it cannot be replayed.
    replay = cloud.call("POST", "/auth/sessions/challenge", {"ticket": setup.json_body["ticket"], "code": code})
    assert replay.status_code == 401

    # From now on the password alone is not enough.
    again = cloud.call("POST", "/auth/sessions", {"username": "verifikator.baru", "password": "RudiBaru2026x"})
    assert again.status_code == 200 and again.json_body["challenge"] == "TOTP"
    code = fresh_totp(secret)
    signed = cloud.call("POST", "/auth/sessions/challenge", {"ticket": again.json_body["ticket"], "code": code})
    assert signed.status_code == 201


def test_a_staff_token_without_the_second_factor_is_refused(cloud, directory):
    """Someone who calls the pool directly with a staff password gets a token, but not one PISAO accepts."""
    cloud.user("loket.mpp", "Dewi Lestari", ["counter"], "dpmptsp-jakarta-pusat", "mpp-jakarta-pusat")
    idp = boto3.client("cognito-idp", region_name=REGION)
    cloud.idp.admin_set_user_mfa_preference(UserPoolId=cloud.env["USER_POOL_ID"], Username="loket.mpp",
                                            SoftwareTokenMfaSettings={"Enabled": False, "PreferredMfa": False})
    cloud.idp.admin_update_user_attributes(UserPoolId=cloud.env["USER_POOL_ID"], Username="loket.mpp",
                                           UserAttributes=[{"Name": "custom:second_factor", "Value": ""}])
    tokens = idp.initiate_auth(ClientId=cloud.env["USER_POOL_CLIENT_ID"], AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "loket.mpp", "PASSWORD": "Demo#2026pisao"})
    bypass = {"Authorization": f"Bearer {tokens['AuthenticationResult']['IdToken']}"}
    refused = cloud.call("POST", "/counter/people/lookup", {"nik": "3171014101900001"}, bypass)
    assert refused.status_code == 401 and "autentikator" in refused.json_body["error"]["message"]


def test_admins_manage_only_their_own_agency(cloud, admin):
    other = cloud.call("GET", "/agency/staff?agency=kelurahan-gambir", headers=admin)
    assert other.status_code == 403
    bad = cloud.call("POST", "/agency/staff", {**NEW_STAFF, "roles": ["system_admin"], "office": "kantor-lain",
                                              "username": "3171014101900001", "email": "bukan-email"}, admin)
    assert bad.status_code == 400
    assert {f["field"] for f in bad.json_body["error"]["fields"]} == {"roles", "office", "username", "email"}
    outsider = cloud.call("PATCH", "/agency/staff/verifikator.kelurahan", {"enabled": False}, admin)
    assert outsider.status_code == 404
    counter = cloud.user("loket.mpp", "Dewi Lestari", ["counter"], "dpmptsp-jakarta-pusat", "mpp-jakarta-pusat")
    assert cloud.call("POST", "/agency/staff", NEW_STAFF, counter).status_code == 403


def test_disabling_and_changing_roles_take_effect_at_sign_in(cloud, admin):
    cloud.call("POST", "/agency/staff", NEW_STAFF, admin)
    changed = cloud.call("PATCH", "/agency/staff/verifikator.baru", {"roles": ["approver", "verifier"]}, admin)
    assert changed.status_code == 200 and changed.json_body["roles"] == ["verifier", "approver"]
    groups = cloud.idp.admin_list_groups_for_user(UserPoolId=cloud.env["USER_POOL_ID"], Username="verifikator.baru")
    assert {g["GroupName"] for g in groups["Groups"]} == {"verifier", "approver"}
    assert cloud.call("PATCH", "/agency/staff/verifikator.baru", {"enabled": False}, admin).status_code == 200
    password = temporary_password(cloud, NEW_STAFF["email"])
    refused = cloud.call("POST", "/auth/sessions", {"username": "verifikator.baru", "password": password})
    assert refused.status_code == 401
    myself = cloud.call("PATCH", "/agency/staff/admin.dukcapil", {"enabled": False}, admin)
    assert myself.status_code == 400 and myself.json_body["error"]["fields"][0]["field"] == "enabled"


def test_system_admin_manages_agencies(cloud, directory, admin):
    sysadmin = cloud.user("admin.sistem", "Taufik Rahman", ["system_admin"])
    body = {"id": "dinkes-jakarta-pusat", "name": "Suku Dinas Kesehatan Jakarta Pusat",
            "offices": [{"id": "kantor-dinkes-jakarta-pusat", "name": "Kantor Sudinkes Jakarta Pusat"}]}
    assert cloud.call("POST", "/admin/agencies", body, admin).status_code == 403
    assert cloud.call("POST", "/admin/agencies", body, sysadmin).status_code == 201
    ids = {a["id"] for a in cloud.call("GET", "/agencies", headers=sysadmin).json_body["agencies"]}
    assert ids == {a["id"] for a in AGENCIES} | {"dinkes-jakarta-pusat"}
    invalid = cloud.call("POST", "/admin/agencies", {"id": "Dinkes!", "name": "", "offices": []}, sysadmin)
    assert {f["field"] for f in invalid.json_body["error"]["fields"]} == {"id", "name", "offices"}
    staff = cloud.call("POST", "/agency/staff", {**NEW_STAFF, "agency": "dinkes-jakarta-pusat",
                                                 "office": "kantor-dinkes-jakarta-pusat"}, sysadmin)
    assert staff.status_code == 201, staff.body


def test_wrong_authenticator_codes_end_the_attempt(cloud, directory):
    cloud.user("loket.mpp", "Dewi Lestari", ["counter"], "dpmptsp-jakarta-pusat", "mpp-jakarta-pusat")
    step = cloud.call("POST", "/auth/sessions", {"username": "loket.mpp", "password": "Demo#2026pisao"}).json_body
    assert step["challenge"] == "TOTP"
    wrong = "000000" if totp(cloud.totp_secrets["loket.mpp"]) != "000000" else "111111"
    answers = [cloud.call("POST", "/auth/sessions/challenge", {"ticket": step["ticket"], "code": wrong})
               for _ in range(5)]
    assert [a.status_code for a in answers] == [400, 400, 400, 400, 401]
    bad_format = cloud.call("POST", "/auth/sessions/challenge", {"ticket": "x" * 43, "code": "12ab"})
    assert bad_format.status_code == 401  # unknown ticket first
