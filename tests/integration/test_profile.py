"""A citizen's profile: address by Kemendagri region codes, KK, language and channels; contacts changed
only through a code sent to the new address; a forgotten password reset through the verified contact."""

from tests.integration.test_registration import FORM, NIK, register, sign_in

ADDRESS = {"province": "31", "regency": "31.71", "district": "31.71.01", "village": "31.71.01.1001",
           "street": "Jl. Medan Merdeka Barat No. 5", "rt": "5", "rw": "02", "postalCode": "10110"}


def registered(cloud):
    register(cloud)
    cloud.call("POST", "/auth/registrations/verify", {"nik": NIK, "code": cloud.last_code(FORM["email"])})
    return {"Authorization": f"Bearer {sign_in(cloud).json_body['idToken']}"}


def test_profile_keeps_the_address_by_region_code(cloud):
    me = registered(cloud)
    profile = cloud.call("GET", "/me/profile", headers=me).json_body
    assert (profile["nik"], profile["name"], profile["birthDate"], profile["sex"]) == (NIK, "Siti Aminah",
                                                                                      "1990-01-01", "P")
    assert profile["emailVerified"] and profile["channels"] == ["email"] and profile["address"] is None
    saved = cloud.call("PUT", "/me/profile", {"address": ADDRESS, "kk": "3171010101200003", "language": "en"}, me)
    assert saved.status_code == 200, saved.body
    again = cloud.call("GET", "/me/profile", headers=me).json_body
    assert again["address"] == {**ADDRESS, "rt": "005", "rw": "002"}
    assert again["addressNames"] == {"province": "Daerah Khusus Ibukota Jakarta",
                                     "regency": "Kota Administrasi Jakarta Pusat", "district": "Gambir",
                                     "village": "Gambir"}
    assert (again["kk"], again["language"]) == ("3171010101200003", "en")
    # The place of birth, which the account does not hold, is kept here for the forms that ask for it.
    assert again["birthPlace"] is None
    assert cloud.call("PUT", "/me/profile", {"birthPlace": " Bandung "}, me).json_body["birthPlace"] == "Bandung"
    wrong = cloud.call("PUT", "/me/profile", {"birthPlace": "<b>"}, me)
    assert wrong.status_code == 400 and wrong.json_body["error"]["fields"][0]["field"] == "birthPlace"
    assert cloud.call("GET", "/me/profile", headers=me).json_body["birthPlace"] == "Bandung"


def test_bad_profile_data_is_named_and_nothing_changes(cloud):
    me = registered(cloud)
    cloud.call("PUT", "/me/profile", {"address": ADDRESS}, me)
    mismatched = {**ADDRESS, "district": "31.71.02", "village": "31.71.01.1001", "postalCode": "123"}
    refused = cloud.call("PUT", "/me/profile", {"address": mismatched, "kk": "12345", "language": "jv",
                                                "channels": ["sms"]}, me)
    assert refused.status_code == 400
    fields = {f["field"] for f in refused.json_body["error"]["fields"]}
    assert fields == {"address.village", "kk", "language", "channels"}
    assert cloud.call("GET", "/me/profile", headers=me).json_body["address"] == {**ADDRESS, "rt": "005", "rw": "002"}
    unknown = cloud.call("PUT", "/me/profile", {"address": {**ADDRESS, "village": "31.71.01.9999"}}, me)
    assert unknown.json_body["error"]["fields"][0]["field"] == "address.village"


def test_changing_the_phone_needs_the_code_sent_to_it(cloud):
    me = registered(cloud)
    sent = cloud.call("POST", "/me/contact", {"channel": "sms", "value": "0812 3456 7890"}, me)
    assert sent.status_code == 201 and sent.json_body["sentTo"] == "+62812****890"
    wrong = cloud.call("POST", "/me/contact/verify", {"channel": "sms", "code": "000000"}, me)
    assert wrong.status_code == 400 and cloud.call("GET", "/me/profile", headers=me).json_body["phone"] is None
    done = cloud.call("POST", "/me/contact/verify", {"channel": "sms", "code": cloud.last_code("+6281234567890")}, me)
    assert done.status_code == 200 and done.json_body["phone"] == "+6281234567890" and done.json_body["phoneVerified"]
    both = cloud.call("PUT", "/me/profile", {"channels": ["sms", "email"]}, me)
    assert both.json_body["channels"] == ["email", "sms"]
    bad = cloud.call("POST", "/me/contact", {"channel": "email", "value": "bukan email"}, me)
    assert bad.status_code == 400 and bad.json_body["error"]["fields"][0]["field"] == "value"
    landline = cloud.call("POST", "/me/contact", {"channel": "sms", "value": "(021) 345 6789"}, me)
    assert landline.status_code == 400 and landline.json_body["error"]["fields"][0]["field"] == "value"


def test_forgotten_password(cloud):
    registered(cloud)
    unknown = cloud.call("POST", "/auth/password-resets", {"username": "3171010203850002"})
    known = cloud.call("POST", "/auth/password-resets", {"username": NIK})
    assert unknown.status_code == known.status_code == 202
    assert unknown.json_body == known.json_body  # does not tell which NIKs have accounts
    code = cloud.last_code(FORM["email"])
    weak = cloud.call("POST", "/auth/password-resets/confirm", {"username": NIK, "code": code, "password": "pendek"})
    assert weak.status_code == 400 and weak.json_body["error"]["fields"][0]["field"] == "password"
    done = cloud.call("POST", "/auth/password-resets/confirm", {"username": NIK, "code": code,
                                                                "password": "SandiBaruSiti2027"})
    assert done.status_code == 200, done.body
    assert sign_in(cloud).status_code == 401
    assert sign_in(cloud, password="SandiBaruSiti2027").status_code == 201
    assert "baru saja diganti" in [t for to, t in cloud.sent_messages() if to == FORM["email"]][-1]
    replay = cloud.call("POST", "/auth/password-resets/confirm", {"username": NIK, "code": code,
                                                                  "password": "SandiLagi2028xx"})
    assert replay.status_code == 400
