"""A citizen's profile (R1): the data of their KTP-el (from the account, read-only), their contacts
(changed only through a code sent to the new address), and what they keep here — address by Kemendagri
region codes, KK number, place of birth (the account holds only the date), language and notification
channels. Forms prefill from it, so nobody types
their NIK, name or address twice."""

from __future__ import annotations

import re

from chalicelib import regions
from chalicelib.core import directory
from chalicelib.core.auth import Principal
from chalicelib.core.errors import FieldError, bad_request, not_found
from chalicelib.core.ports import Accounts, Messages
from chalicelib.identity import otp
from chalicelib.identity import phone as phones
from chalicelib.identity.registration import EMAIL, mask

LANGUAGES = ("id", "en")
CHANNELS = ("email", "sms", "office")  # "office": notices are kept at the service counter
_KK = re.compile(r"[0-9]{16}")
_RT_RW = re.compile(r"[0-9]{1,3}")
_POSTAL = re.compile(r"[1-9][0-9]{4}")
_PLACE = re.compile(r"[A-Za-z][A-Za-z .'-]{1,59}")  # as the data dictionary's person.birthPlace
LEVELS = ("province", "regency", "district", "village")


def _key(person_id: str) -> tuple[str, str]:
    return f"PERSON#{person_id}", "PROFILE"


def stored(person_id: str) -> dict:
    return directory.get(*_key(person_id)) or {}


def account_of(accounts: Accounts, username: str) -> dict:
    """The signed-in person's account; a token can outlive an account deleted since, which is then not found."""
    account = accounts.get(username)
    if account is None:
        raise not_found("Akun Anda tidak ditemukan. Masuk kembali.")
    return account


def view(account: dict, person_id: str) -> dict:
    attributes, kept = account["attributes"], stored(person_id)
    address = kept.get("address")
    names = {level: (getattr(regions, level)(address[level]) or {}).get("name") for level in LEVELS} \
        if address else None
    return {
        "personId": person_id,
        "nik": account["username"],
        "name": attributes.get("name", ""),
        "birthDate": attributes.get("birthdate"),
        "sex": {"female": "P", "male": "L"}.get(attributes.get("gender", "")),
        "email": attributes.get("email"),
        "emailVerified": attributes.get("email_verified") == "true",
        "phone": attributes.get("phone_number"),
        "phoneVerified": attributes.get("phone_number_verified") == "true",
        "kk": kept.get("kk"),
        "birthPlace": kept.get("birthPlace"),
        "address": address,
        "addressNames": names,
        "language": kept.get("language", "id"),
        "channels": kept.get("channels") or default_channels(attributes),
    }


def prefill_sources(profile: dict) -> dict[str, object]:
    """The profile as form prefill sources: "profile.nik", "profile.address.village", …, and the address
    as forms ask for it: "profile.address.rtRw" ("003/005") and "profile.address.line" (one line, with
    the region names, for a form that asks the address as free text)."""
    flat: dict[str, object] = {}
    for key, value in profile.items():
        if isinstance(value, dict):
            flat.update({f"profile.{key}.{k}": v for k, v in value.items()})
        else:
            flat[f"profile.{key}"] = value
    address, names = profile.get("address") or {}, profile.get("addressNames") or {}
    if address.get("rt") and address.get("rw"):
        flat["profile.address.rtRw"] = f"{address['rt']}/{address['rw']}"
    if address.get("street"):
        rt_rw = f"RT {address['rt']}/RW {address['rw']}" if address.get("rt") and address.get("rw") else None
        village = "Kelurahan" if str(address.get("village", ""))[-4:].startswith("1") else "Desa"  # 1xxx: kelurahan
        parts = [address["street"], rt_rw, names.get("village") and f"{village} {names['village']}",
                 names.get("district") and f"Kecamatan {names['district']}", names.get("regency"),
                 names.get("province"), address.get("postalCode")]
        flat["profile.address.line"] = ", ".join(p for p in parts if p)
    return flat


def prefill_for(accounts: Accounts, username: str, person_id: str) -> dict[str, object]:
    """The prefill sources of a person's account and profile (empty when the account is gone): every way a
    draft starts (online, a renewal, at the counter) prefills from this."""
    account = accounts.get(username)
    return prefill_sources(view(account, person_id)) if account else {}


def default_channels(attributes: dict) -> list[str]:
    """Where notices go when the person chose nothing: each verified contact, else the office."""
    channels = [c for c, a in (("email", "email_verified"), ("sms", "phone_number_verified"))
                if attributes.get(a) == "true"]
    return channels or ["office"]


def _address(value: object, errors: list[FieldError]) -> dict | None:
    if not isinstance(value, dict):
        errors.append(FieldError("address", "Alamat harus diisi lengkap: provinsi sampai kelurahan/desa."))
        return None
    codes = {level: regions.normalize(value.get(level), level) for level in LEVELS}
    for level, label in zip(LEVELS, ("provinsi", "kabupaten/kota", "kecamatan", "kelurahan/desa"), strict=True):
        if codes[level] is None:
            errors.append(FieldError(f"address.{level}", f"Pilih {label} dari daftar."))
            return None
    if not regions.is_nested(*(codes[level] for level in LEVELS)):
        errors.append(FieldError("address.village", "Wilayah yang dipilih tidak saling cocok. Pilih ulang dari "
                                                    "provinsi sampai kelurahan/desa."))
        return None
    street = value.get("street") or ""
    if not isinstance(street, str) or not 3 <= len(street.strip()) <= 200:
        errors.append(FieldError("address.street", "Tulis nama jalan dan nomor rumah, misalnya Jl. Merdeka No. 5."))
    clean = {**codes, "street": street.strip() if isinstance(street, str) else ""}
    for part, pattern, message in (("rt", _RT_RW, "RT berupa 1–3 angka, misalnya 005."),
                                   ("rw", _RT_RW, "RW berupa 1–3 angka, misalnya 002."),
                                   ("postalCode", _POSTAL, "Kode pos berupa 5 angka, misalnya 10110.")):
        raw = value.get(part)
        if raw in (None, ""):
            clean[part] = None
        elif not isinstance(raw, str) or not pattern.fullmatch(raw.strip()):
            errors.append(FieldError(f"address.{part}", message))
        else:
            clean[part] = raw.strip().zfill(3) if part != "postalCode" else raw.strip()
    return clean


def update(principal: Principal, body: dict, accounts: Accounts) -> dict:
    account = account_of(accounts, principal.username)
    kept = dict(stored(principal.person_id))
    errors: list[FieldError] = []
    if "kk" in body:
        kk = body["kk"]
        if kk in (None, ""):
            kept.pop("kk", None)
        elif not isinstance(kk, str) or not _KK.fullmatch(kk) or regions.district(kk[:6]) is None:
            errors.append(FieldError("kk", "Nomor KK berupa 16 angka yang diawali kode wilayah, seperti tertulis di "
                                           "Kartu Keluarga."))
        else:
            kept["kk"] = kk
    if "birthPlace" in body:
        place = body["birthPlace"].strip() if isinstance(body["birthPlace"], str) else body["birthPlace"]
        if place in (None, ""):
            kept.pop("birthPlace", None)
        elif not isinstance(place, str) or not _PLACE.fullmatch(place):
            errors.append(FieldError("birthPlace", "Tulis tempat lahir seperti di KTP-el (kota atau kabupaten), "
                                                   "hanya huruf, misalnya Bandung."))
        else:
            kept["birthPlace"] = place
    if "address" in body:
        address = _address(body["address"], errors)
        if address is not None:
            kept["address"] = address
    if "language" in body:
        if body["language"] not in LANGUAGES:
            errors.append(FieldError("language", "Pilih bahasa: Indonesia (id) atau English (en)."))
        else:
            kept["language"] = body["language"]
    if "channels" in body:
        channels = body["channels"]
        attributes = account["attributes"]
        if not isinstance(channels, list) or not channels or any(c not in CHANNELS for c in channels):
            errors.append(FieldError("channels", "Pilih paling sedikit satu saluran pemberitahuan."))
        elif "email" in channels and attributes.get("email_verified") != "true":
            errors.append(FieldError("channels", "Verifikasi e-mail Anda dulu sebelum memilih "
                                                 "pemberitahuan lewat e-mail."))
        elif "sms" in channels and attributes.get("phone_number_verified") != "true":
            errors.append(FieldError("channels", "Verifikasi nomor HP Anda dulu sebelum memilih "
                                                 "pemberitahuan lewat SMS."))
        else:
            kept["channels"] = sorted(set(channels), key=CHANNELS.index)
    if errors:
        raise bad_request("invalid_profile", "Ada data profil yang perlu diperbaiki.", errors)
    directory.put(*_key(principal.person_id), kept, principal.person_id)
    return view(account, principal.person_id)


def _contact_key(principal: Principal, channel: str, pepper: str) -> str:
    return otp.subject_key(f"contact-{channel}", principal.person_id, pepper)


def start_contact_change(principal: Principal, body: dict, messages: Messages, pepper: str) -> dict:
    channel, value = body.get("channel"), body.get("value")
    if channel == "email":
        if not isinstance(value, str) or len(value) > 254 or not EMAIL.match(value.strip()):
            raise bad_request("invalid_email", "Alamat e-mail tidak valid.",
                              [FieldError("value", "Alamat e-mail tidak valid, contoh: nama@contoh.id.")])
        value = value.strip().lower()
    elif channel == "sms":
        value = phones.mobile_e164(value)
        if value is None:
            raise bad_request("invalid_phone", "Nomor HP tidak valid.",
                              [FieldError("value", "Nomor HP tidak valid, contoh: 0812 3456 7890.")])
    else:
        raise bad_request("invalid_channel", "Pilih yang diubah: e-mail atau nomor HP.",
                          [FieldError("channel", "Pilih e-mail atau nomor HP.")])
    code = otp.issue(_contact_key(principal, channel, pepper), pepper, payload={"value": value})
    messages.send(channel, value, "Kode verifikasi PISAO",
                  f"Kode untuk memakai alamat ini di akun PISAO: {code}. Berlaku {otp.VALID_SECONDS // 60} menit. "
                  "Jangan berikan kode ini kepada siapa pun.")
    return {"channel": channel, "sentTo": mask(channel, value), "expiresInSeconds": otp.VALID_SECONDS}


def confirm_contact_change(principal: Principal, body: dict, accounts: Accounts, pepper: str) -> dict:
    channel = body.get("channel")
    if channel not in ("email", "sms"):
        raise bad_request("invalid_channel", "Pilih yang diubah: e-mail atau nomor HP.",
                          [FieldError("channel", "Pilih e-mail atau nomor HP.")])
    value = otp.check(_contact_key(principal, channel, pepper), body.get("code"), pepper)["value"]
    attribute = "email" if channel == "email" else "phone_number"
    accounts.update(principal.username, {attribute: value, f"{attribute}_verified": "true"})
    return view(account_of(accounts, principal.username), principal.person_id)
