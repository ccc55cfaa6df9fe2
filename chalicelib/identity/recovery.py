"""Forgotten password: a one-time code to the account's verified e-mail or phone, then a new password.
The first step answers the same whether or not the account exists, so it cannot be used to find NIKs."""

from __future__ import annotations

from chalicelib.core.errors import FieldError, bad_request
from chalicelib.core.ports import Accounts, Messages
from chalicelib.identity import nik as niks
from chalicelib.identity import otp, throttle
from chalicelib.identity.registration import password_problems

SENT = ("Bila akun ini terdaftar dengan e-mail atau nomor HP yang sudah diverifikasi, kode untuk membuat kata "
        "sandi baru telah kami kirim ke sana. Tidak punya keduanya? Datanglah ke loket dengan KTP-el.")


def _username(body: dict) -> str:
    username = body.get("username")
    if not isinstance(username, str) or not username.strip() or len(username) > 64:
        raise bad_request("missing_username", "Isi NIK, nomor paspor atau nama pengguna Anda.",
                          [FieldError("username", "Isi NIK, nomor paspor atau nama pengguna Anda.")])
    return niks.username_of(username)


def _destination(account: dict) -> tuple[str, str] | None:
    attributes = account["attributes"]
    if attributes.get("email") and attributes.get("email_verified") == "true":
        return "email", attributes["email"]
    if attributes.get("phone_number") and attributes.get("phone_number_verified") == "true":
        return "sms", attributes["phone_number"]
    return None


def request(body: dict, accounts: Accounts, messages: Messages, pepper: str) -> dict:
    username = _username(body)
    account = accounts.get(username)
    destination = _destination(account) if account and account["enabled"] else None
    if destination is not None:
        code = otp.issue(otp.subject_key("reset", username.upper(), pepper), pepper)
        messages.send(*destination, "Atur ulang kata sandi PISAO",
                      f"Kode untuk membuat kata sandi baru PISAO: {code}. Berlaku {otp.VALID_SECONDS // 60} menit. "
                      "Bila Anda tidak memintanya, abaikan pesan ini; kata sandi Anda tidak berubah.")
    return {"message": SENT}


def confirm(body: dict, accounts: Accounts, messages: Messages, pepper: str) -> dict:
    username = _username(body)
    problems = password_problems(body.get("password"))
    if problems:
        raise bad_request("weak_password", "Kata sandi baru belum memenuhi syarat.",
                          [FieldError("password", p) for p in problems])
    otp.check(otp.subject_key("reset", username.upper(), pepper), body.get("code"), pepper)
    account = accounts.get(username)
    if account is None:  # deleted between the two steps
        raise bad_request("code_missing", "Belum ada kode yang dikirim. Minta kode baru.",
                          [FieldError("code", "Minta kode baru.")])
    accounts.set_password(username, body["password"])
    throttle.reset(otp.subject_key("login", username.upper(), pepper))
    destination = _destination(account)
    if destination is not None:
        messages.send(*destination, "Kata sandi PISAO diganti",
                      "Kata sandi akun PISAO Anda baru saja diganti. Bila bukan Anda yang menggantinya, "
                      "segera hubungi loket atau pusat bantuan.")
    return {"message": "Kata sandi baru tersimpan. Silakan masuk."}
