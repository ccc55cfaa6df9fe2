"""A citizen registers with their NIK, proves their e-mail or phone with a one-time code, and signs in."""

import time

import pytest

from chalicelib.identity import otp

NIK = "3171014101900001"  # Gambir, Jakarta Pusat; a woman born 1 January 1990
FORM = {"nik": NIK, "name": "Siti Aminah", "birthDate": "1990-01-01", "sex": "P",
        "email": "siti@contoh.id", "password": "RahasiaSiti2026"}


def register(cloud, **changes):
    return cloud.call("POST", "/auth/registrations", {**FORM, **changes})


def sign_in(cloud, password=FORM["password"], username=NIK):
    return cloud.call("POST", "/auth/sessions", {"username": username, "password": password})


def test_register_verify_sign_in(cloud):
    started = register(cloud)
    assert started.status_code == 201, started.body
    assert started.json_body == {"channel": "email", "sentTo": "s***@contoh.id", "expiresInSeconds": 600,
                                  "username": NIK}
    assert sign_in(cloud).status_code == 401  # not verified yet

    code = cloud.last_code("siti@contoh.id")
    verified = cloud.call("POST", "/auth/registrations/verify", {"nik": NIK, "code": code})
    assert verified.status_code == 200, verified.body
    session = sign_in(cloud)
    assert session.status_code == 201
    assert session.json_body["user"] == {"name": "Siti Aminah", "roles": ["citizen"], "agency": None, "office": None}
    headers = {"Authorization": f"Bearer {session.json_body['idToken']}"}
    assert cloud.call("POST", "/applications", {"permitId": "surat-keterangan-domisili"}, headers).status_code == 201
    # The code works once.
    again = cloud.call("POST", "/auth/registrations/verify", {"nik": NIK, "code": code})
    assert again.status_code == 400 and again.json_body["error"]["code"] == "nothing_to_verify"


def test_sms_when_there_is_no_email(cloud):
    started = register(cloud, email=None, phone="0812-3456-7890")
    assert started.json_body["channel"] == "sms" and started.json_body["sentTo"] == "+62812****890"
    code = cloud.last_code("+6281234567890")
    assert cloud.call("POST", "/auth/registrations/verify", {"nik": NIK, "code": code}).status_code == 200


@pytest.mark.parametrize("changes,field,words", [
    ({"nik": "317101410190000"}, "nik", "16"),
    ({"birthDate": "1990-02-01"}, "nik", "tanggal lahir"),
    ({"sex": "L"}, "nik", "jenis kelamin"),
    ({"name": "<script>"}, "name", "nama lengkap"),
    ({"birthDate": "2015-05-05"}, "birthDate", "17 tahun"),
    ({"email": "bukan-email"}, "email", "e-mail"),
    ({"email": None}, "email", "e-mail atau nomor HP"),
    ({"phone": "12345"}, "phone", "Nomor HP"),
    ({"password": "pendek"}, "password", "10 karakter"),
])
def test_each_bad_field_is_named_and_nothing_is_created(cloud, changes, field, words):
    refused = register(cloud, **changes)
    assert refused.status_code == 400
    fields = {f["field"]: f["message"] for f in refused.json_body["error"]["fields"]}
    assert words.lower() in fields[field].lower(), fields
    assert cloud.sent_messages() == []
    assert cloud.idp.list_users(UserPoolId=cloud.env["USER_POOL_ID"])["Users"] == []


def test_wrong_expired_and_guessed_codes(cloud, monkeypatch):
    register(cloud)
    code = cloud.last_code("siti@contoh.id")
    wrong = "000000" if code != "000000" else "111111"
    first = cloud.call("POST", "/auth/registrations/verify", {"nik": NIK, "code": wrong})
    assert first.status_code == 400 and first.json_body["error"]["message"] == "Kode salah. Sisa percobaan: 4."
    for _ in range(4):
        cloud.call("POST", "/auth/registrations/verify", {"nik": NIK, "code": wrong})
    locked = cloud.call("POST", "/auth/registrations/verify", {"nik": NIK, "code": code})
    assert locked.status_code == 429 and "Minta kode baru" in locked.json_body["error"]["message"]

    too_soon = cloud.call("POST", "/auth/registrations/code", {"nik": NIK})
    assert too_soon.status_code == 429 and "detik" in too_soon.json_body["error"]["message"]
    later = time.time() + otp.RESEND_AFTER_SECONDS + 1
    monkeypatch.setattr(otp.time, "time", lambda: later)
    assert cloud.call("POST", "/auth/registrations/code", {"nik": NIK}).status_code == 201
    fresh = cloud.last_code("siti@contoh.id")
    monkeypatch.setattr(otp.time, "time", lambda: later + otp.VALID_SECONDS + 1)
    expired = cloud.call("POST", "/auth/registrations/verify", {"nik": NIK, "code": fresh})
    assert expired.status_code == 400 and expired.json_body["error"]["code"] == "code_expired"


def test_duplicate_registration_is_refused_but_an_abandoned_one_can_be_redone(cloud, monkeypatch):
    register(cloud)
    duplicate = register(cloud)
    assert duplicate.status_code == 409 and "sudah terdaftar" in duplicate.json_body["error"]["message"]
    later = time.time() + otp.VALID_SECONDS + 5  # the first code has expired
    monkeypatch.setattr(time, "time", lambda: later)
    redo = register(cloud, email="siti.baru@contoh.id")
    assert redo.status_code == 201 and redo.json_body["sentTo"] == "s***@contoh.id"
    code = cloud.last_code("siti.baru@contoh.id")
    assert cloud.call("POST", "/auth/registrations/verify", {"nik": NIK, "code": code}).status_code == 200
    assert register(cloud).status_code == 409  # verified accounts are never taken over


def test_sign_in_locks_after_repeated_failures(cloud, citizen):
    for _ in range(5):
        assert sign_in(cloud, "SalahSandi2026", "3171014101900001").status_code == 401
    locked = sign_in(cloud, "Demo#2026pisao", "3171014101900001")
    assert locked.status_code == 429 and "Coba lagi dalam 15 menit" in locked.json_body["error"]["message"]


def test_sign_in_failures_at_the_same_moment_are_each_counted(cloud, citizen):
    """Twenty wrong passwords arriving at once (a script guessing from many connections) count twenty: none
    is lost to another's write, so the account is locked however fast the guesses come."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from chalicelib.core.config import settings
    from chalicelib.core.models import SecurityModel
    from chalicelib.identity import throttle

    lock = otp.subject_key("login", NIK, settings().otp_pepper)
    start = Barrier(20)

    def fail(_: int) -> int:
        start.wait()
        return throttle.record_failure(lock)

    with ThreadPoolExecutor(20) as pool:
        counts = list(pool.map(fail, range(20)))
    assert sorted(counts) == list(range(1, 21))  # each failure saw its own count
    assert SecurityModel.get(lock, consistent_read=True).attempts == 20
    locked = sign_in(cloud, "Demo#2026pisao", NIK)
    assert locked.status_code == 429 and "Coba lagi dalam 15 menit" in locked.json_body["error"]["message"]
    later = time.time() + throttle.WINDOW_SECONDS + 1  # the window is over: the next failure counts from one
    throttle.ensure_allowed(lock, later)
    assert throttle.record_failure(lock, later) == 1


def test_a_foreigner_registers_with_passport_and_nationality(cloud):
    form = {"idType": "passport", "passportNumber": "a1234 5678", "nationality": "MYS", "name": "Aisyah binti Ahmad",
            "birthDate": "1992-04-10", "sex": "P", "email": "aisyah@contoh.my", "password": "RahasiaAisyah26"}
    nationalities = cloud.call("GET", "/countries").json_body["countries"]
    assert {"code": "MYS", "name": "Malaysia"} in nationalities and "IDN" not in {c["code"] for c in nationalities}
    assert {"code": "JPN", "name": "Jepang"} in nationalities
    bad = cloud.call("POST", "/auth/registrations", {**form, "passportNumber": "12", "nationality": "IDN"})
    assert {f["field"] for f in bad.json_body["error"]["fields"]} == {"passportNumber", "nationality"}
    started = cloud.call("POST", "/auth/registrations", form)
    assert started.status_code == 201 and started.json_body["username"] == "MYS-A12345678"
    code = cloud.last_code("aisyah@contoh.my")
    verified = cloud.call("POST", "/auth/registrations/verify", {"username": "MYS-A12345678", "code": code})
    assert verified.status_code == 200, verified.body
    assert sign_in(cloud, form["password"], "MYS-A12345678").status_code == 201
    again = cloud.call("POST", "/auth/registrations", form)
    assert again.status_code == 409 and again.json_body["error"]["message"].startswith("Paspor ini")


def test_a_nik_typed_as_on_the_card_registers_verifies_and_signs_in(cloud):
    # Issue 14: "3171 0141 0190 0001", as people copy it from the card, is the same NIK everywhere.
    started = register(cloud, nik="3171 0141.0190-0001", email=None, phone="0812 3456 7890")
    assert started.status_code == 201, started.body
    assert started.json_body["username"] == NIK and started.json_body["sentTo"] == "+62812****890"
    code = cloud.last_code("+6281234567890")
    verified = cloud.call("POST", "/auth/registrations/verify", {"nik": "3171.0141.0190.0001", "code": code})
    assert verified.status_code == 200, verified.body
    assert sign_in(cloud, username="3171 0141 0190 0001").status_code == 201
    assert sign_in(cloud, username="\uff13\uff11\uff17\uff11014101900001").status_code == 201  # full-width
    assert register(cloud, nik="3171-0141-0190-0001").status_code == 409  # the same NIK, already registered


def test_a_nik_whose_district_does_not_exist_is_refused_naming_the_field(cloud):
    refused = register(cloud, nik="3171994101900001")  # 31.71 (Jakarta Pusat) has districts 01-08
    assert refused.status_code == 400
    assert refused.json_body["error"]["fields"] == [{"field": "nik", "message": (
        "Kode kecamatan pada NIK (angka ke-5 dan ke-6: 99) tidak ada di Kota Administrasi Jakarta Pusat (31.71). "
        "Periksa kembali NIK sesuai KTP atau Kartu Keluarga.")}]
    assert cloud.idp.list_users(UserPoolId=cloud.env["USER_POOL_ID"])["Users"] == []
