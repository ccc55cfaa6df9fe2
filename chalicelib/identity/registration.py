"""Self-registration of a citizen (R1): one account keyed by NIK, verified by a one-time code sent to
the e-mail address or mobile number the person gives. Until verified the account cannot sign in, and an
unverified registration can be taken over once its code has expired (so nobody can squat a NIK)."""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import date
from functools import cache
from pathlib import Path

from chalicelib.core.errors import FieldError, PisaoError, bad_request, conflict
from chalicelib.core.ports import Accounts, Messages
from chalicelib.identity import nik as niks
from chalicelib.identity import otp
from chalicelib.identity import phone as phones

_NAME = re.compile(r"^[A-Za-z][A-Za-z .,'-]{1,99}$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PASSPORT = re.compile(r"[A-Z0-9]{6,9}")
MIN_AGE = 17  # the age at which an Indonesian receives a KTP-el


def password_problems(password: object) -> list[str]:
    """The pool's password policy, in words a citizen understands."""
    if not isinstance(password, str) or not password:
        return ["Buat kata sandi."]
    missing = [label for ok, label in (
        (len(password) >= 10, "paling sedikit 10 karakter"),
        (any(c.islower() for c in password), "huruf kecil"),
        (any(c.isupper() for c in password), "huruf besar"),
        (any(c.isdigit() for c in password), "angka"),
    ) if not ok]
    return [f"Kata sandi harus memuat {', '.join(missing)}."] if missing else []


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def validate(body: dict, today: date | None = None, at_counter: bool = False) -> tuple[dict, list[FieldError]]:
    """The registration as clean data, or every problem named by field. At the counter the staff member
    has seen the KTP-el: no password (the person sets one later), no minimum age, contacts optional."""
    today = today or date.today()
    errors: list[FieldError] = []
    data: dict = {}

    name = body.get("name")
    if not isinstance(name, str) or not _NAME.match(name.strip()):
        errors.append(FieldError("name", "Tulis nama lengkap sesuai KTP-el: huruf, spasi, titik, koma, apostrof."))
    else:
        data["name"] = " ".join(name.split())

    born = None
    raw_birth = body.get("birthDate")
    try:
        born = date.fromisoformat(raw_birth) if isinstance(raw_birth, str) else None
    except ValueError:
        born = None
    if born is None:
        errors.append(FieldError("birthDate", "Isi tanggal lahir yang benar, misalnya 01-01-1990."))
    elif born > today or born.year < 1900:
        errors.append(FieldError("birthDate", "Tanggal lahir tidak mungkin. Periksa kembali."))
    elif _age(born, today) < MIN_AGE and not at_counter:
        errors.append(FieldError("birthDate", f"Pendaftaran sendiri untuk usia {MIN_AGE} tahun ke atas. "
                                              "Anak dilayani melalui akun orang tua atau di loket."))
    else:
        data["birthDate"] = born.isoformat()

    sex = body.get("sex")
    if sex not in ("L", "P"):
        errors.append(FieldError("sex", "Pilih jenis kelamin: laki-laki (L) atau perempuan (P)."))
    else:
        data["sex"] = sex

    if body.get("idType") == "passport" and not at_counter:
        _passport(body, data, errors)
    else:
        nik = niks.normalize_nik(body.get("nik"))  # as copied from the card: "3171 0141 0190 0001"
        problems = niks.validate_nik(nik, birth_date=born if "birthDate" in data else None, sex=data.get("sex"))
        if niks.is_blocking(problems):
            errors.append(FieldError("nik", next(p for p in problems if p.blocking).message))
        else:
            data["nik"] = data["username"] = nik

    email, phone = body.get("email") or None, body.get("phone") or None
    if email is not None:
        if not isinstance(email, str) or len(email) > 254 or not EMAIL.match(email.strip()):
            errors.append(FieldError("email", "Alamat e-mail tidak valid, contoh: nama@contoh.id."))
        else:
            data["email"] = email.strip().lower()
    if phone is not None:
        normal = phones.mobile_e164(phone)
        if normal is None:
            errors.append(FieldError("phone", "Nomor HP tidak valid, contoh: 0812 3456 7890."))
        else:
            data["phone"] = normal
    if email is None and phone is None and not at_counter:
        errors.append(FieldError("email", "Isi e-mail atau nomor HP, untuk mengirim kode verifikasi."))

    if not at_counter:
        for message in password_problems(body.get("password")):
            errors.append(FieldError("password", message))
        if not any(e.field == "password" for e in errors):
            data["password"] = body["password"]
    return data, errors


@cache
def countries() -> dict[str, dict[str, str]]:
    """ISO 3166-1 alpha-3 code → {"id", "en"} name (tools/countries/build.py writes the file)."""
    return json.loads((Path(__file__).parent / "countries.json").read_text(encoding="utf-8"))["countries"]


def _passport(body: dict, data: dict, errors: list[FieldError]) -> None:
    """A foreigner's account is keyed by nationality and passport number (`MYS-A12345678`): passport
    numbers are unique only within the issuing country. Indonesians register with their NIK."""
    number, nationality = body.get("passportNumber"), body.get("nationality")
    number = re.sub(r"[\s-]", "", number).upper() if isinstance(number, str) else ""
    problems = []
    if not _PASSPORT.fullmatch(number):
        problems.append(FieldError("passportNumber", "Nomor paspor berupa 6–9 huruf dan angka, seperti tertulis di "
                                                     "halaman data paspor, misalnya A12345678."))
    if nationality == "IDN":
        problems.append(FieldError("nationality", "Warga negara Indonesia mendaftar dengan NIK."))
    elif nationality not in countries():
        problems.append(FieldError("nationality", "Pilih kewarganegaraan dari daftar."))
    errors.extend(problems)
    if not problems:
        data["username"] = f"{nationality}-{number}"


def mask(channel: str, target: str) -> str:
    """Where the code went, without showing the whole address on screen."""
    if channel == "email":
        local, _, domain = target.partition("@")
        return f"{local[:1]}***@{domain}"
    return f"{target[:6]}****{target[-3:]}"


def _send_code(nik: str, channel: str, target: str, messages: Messages, pepper: str) -> dict:
    code = otp.issue(otp.subject_key("register", nik, pepper), pepper)
    messages.send(channel, target, "Kode verifikasi PISAO",
                  f"Kode verifikasi PISAO Anda: {code}. Berlaku {otp.VALID_SECONDS // 60} menit. "
                  "Jangan berikan kode ini kepada siapa pun, termasuk petugas.")
    return {"channel": channel, "sentTo": mask(channel, target), "expiresInSeconds": otp.VALID_SECONDS}


def _channel(attributes: dict) -> tuple[str, str]:
    if attributes.get("email"):
        return "email", attributes["email"]
    return "sms", attributes["phone_number"]


def account_attributes(data: dict) -> dict[str, str]:
    attributes = {"name": data["name"], "birthdate": data["birthDate"],
                  "gender": "female" if data["sex"] == "P" else "male",
                  "custom:person_id": "P-" + uuid.uuid4().hex[:20]}
    if "email" in data:
        attributes["email"] = data["email"]
    if "phone" in data:
        attributes["phone_number"] = data["phone"]
    return attributes


def register(body: dict, accounts: Accounts, messages: Messages, pepper: str) -> dict:
    data, errors = validate(body)
    if errors:
        raise bad_request("invalid_registration", "Ada data pendaftaran yang perlu diperbaiki.", errors)
    username = data["username"]
    existing = accounts.get(username)
    if existing is not None:
        abandoned = not existing["enabled"] and time.time() - existing["created"] > otp.VALID_SECONDS
        if not abandoned:
            what = "NIK" if "nik" in data else "Paspor"
            raise conflict("already_registered", f"{what} ini sudah terdaftar. Silakan masuk, atau atur ulang kata "
                                                 "sandi bila lupa. Bila Anda belum pernah mendaftar, hubungi loket.")
        accounts.delete(username)
    attributes = account_attributes(data)
    accounts.create_disabled(username, data["password"], attributes)
    return {**_send_code(username, *_channel(attributes), messages, pepper), "username": username}


def _pending(body: dict, accounts: Accounts) -> tuple[str, dict]:
    """The unverified account named by `username` (or `nik`)."""
    username = body.get("username") or body.get("nik")
    username = niks.username_of(username) if isinstance(username, str) else None
    account = accounts.get(username) if username else None
    if account is None or account["enabled"]:
        # Same answer for unknown and already verified: do not reveal which NIKs have accounts.
        raise PisaoError(400, "nothing_to_verify", "Tidak ada pendaftaran yang menunggu verifikasi untuk NIK ini.",
                         [FieldError("nik", "Periksa NIK, atau daftar terlebih dahulu.")])
    return username, account  # type: ignore[return-value]


def resend(body: dict, accounts: Accounts, messages: Messages, pepper: str) -> dict:
    username, account = _pending(body, accounts)
    return {**_send_code(username, *_channel(account["attributes"]), messages, pepper), "username": username}


def verify(body: dict, accounts: Accounts, pepper: str) -> None:
    username, account = _pending(body, accounts)
    otp.check(otp.subject_key("register", username, pepper), body.get("code"), pepper)
    channel, _ = _channel(account["attributes"])
    accounts.activate(username, "email_verified" if channel == "email" else "phone_number_verified", "citizen")
