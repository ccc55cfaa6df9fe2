"""Agencies, their offices and their staff (issue 3, R3): a system admin manages agencies; an agency
admin manages their own agency's staff. A staff account is made with a temporary password sent to the
staff member's official e-mail; at first sign-in they replace it and enrol an authenticator (TOTP)."""

from __future__ import annotations

import re
import secrets
import uuid

from chalicelib.core import audit, directory
from chalicelib.core.auth import Principal
from chalicelib.core.errors import FieldError, bad_request, conflict, forbidden, not_found
from chalicelib.core.ports import Accounts, Messages
from chalicelib.identity.registration import EMAIL

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,62}[a-z0-9]")
_USERNAME = re.compile(r"[a-z][a-z0-9._-]{2,39}")  # never all digits: a NIK is a citizen's username
ASSIGNABLE = ("counter", "verifier", "approver", "treasurer", "agency_admin")
ADMINS = ("agency_admin", "system_admin")


# --- agencies -----------------------------------------------------------------------------------------
def list_agencies() -> list[dict]:
    return directory.query("AGENCY")


def agency(agency_id: str) -> dict:
    found = directory.get("AGENCY", agency_id) if isinstance(agency_id, str) else None
    if found is None:
        raise not_found("Instansi tidak ditemukan.")
    return found


def save_agency(principal: Principal, body: dict) -> dict:
    principal.require_role("system_admin")
    errors: list[FieldError] = []
    agency_id, name, offices = body.get("id"), body.get("name"), body.get("offices")
    if not isinstance(agency_id, str) or not _SLUG.fullmatch(agency_id):
        errors.append(FieldError("id", "Kode instansi: huruf kecil, angka dan tanda hubung, misalnya "
                                       "disdukcapil-jakarta-pusat."))
    if not isinstance(name, str) or not 3 <= len(name.strip()) <= 120:
        errors.append(FieldError("name", "Tulis nama instansi (3–120 karakter)."))
    clean_offices = []
    if not isinstance(offices, list) or not offices:
        errors.append(FieldError("offices", "Tambahkan paling sedikit satu kantor."))
    else:
        for i, office in enumerate(offices):
            if (not isinstance(office, dict) or not isinstance(office.get("id"), str)
                    or not _SLUG.fullmatch(office["id"]) or not isinstance(office.get("name"), str)
                    or not office["name"].strip()):
                errors.append(FieldError(f"offices.{i}", "Setiap kantor perlu kode (huruf kecil, angka, tanda "
                                                         "hubung) dan nama."))
            else:
                clean_offices.append({"id": office["id"], "name": office["name"].strip()})
    if errors:
        raise bad_request("invalid_agency", "Data instansi perlu diperbaiki.", errors)
    assert isinstance(agency_id, str) and isinstance(name, str)  # checked above
    record = {"id": agency_id, "name": name.strip(), "offices": clean_offices}
    directory.put("AGENCY", agency_id, record, principal.person_id)
    audit.record(principal, "agency_saved", f"agency#{agency_id}")
    return record


# --- staff ----------------------------------------------------------------------------------------------
def _managed_agency(principal: Principal, requested: object) -> str:
    """The agency whose staff the caller may manage: their own; a system admin names one."""
    principal.require_role(*ADMINS)
    if "system_admin" in principal.roles and isinstance(requested, str) and requested:
        return agency(requested)["id"]
    if principal.agency is None:
        raise bad_request("agency_required", "Sebutkan instansi yang stafnya dikelola.",
                          [FieldError("agency", "Pilih instansi.")])
    if requested not in (None, "", principal.agency):
        raise forbidden("Anda hanya dapat mengelola petugas instansi Anda sendiri.")
    return principal.agency


def list_staff(principal: Principal, agency_id: object = None) -> list[dict]:
    return directory.query(f"AGENCY#{_managed_agency(principal, agency_id)}", "STAFF#")


def _roles(value: object, errors: list[FieldError]) -> list[str]:
    if not isinstance(value, list) or not value or any(r not in ASSIGNABLE for r in value):
        errors.append(FieldError("roles", "Pilih peran: loket, verifikator, pemberi persetujuan, bendahara "
                                          "atau admin instansi."))
        return []
    return sorted(set(value), key=ASSIGNABLE.index)


def _office(agency_record: dict, value: object, errors: list[FieldError]) -> str:
    if value not in {o["id"] for o in agency_record["offices"]}:
        errors.append(FieldError("office", "Pilih kantor dari daftar kantor instansi."))
    return value  # type: ignore[return-value]


def temporary_password() -> str:
    """Meets the pool's policy (10+ characters, lower, upper, digit); valid only for the first sign-in."""
    return f"Pisao-{secrets.token_urlsafe(9)}-{secrets.randbelow(90) + 10}a"


def create_staff(principal: Principal, body: dict, accounts: Accounts, messages: Messages) -> dict:
    agency_id = _managed_agency(principal, body.get("agency"))
    agency_record = agency(agency_id)
    errors: list[FieldError] = []
    username, name, email = body.get("username"), body.get("name"), body.get("email")
    if not isinstance(username, str) or not _USERNAME.fullmatch(username):
        errors.append(FieldError("username", "Nama pengguna: 3–40 huruf kecil, angka, titik, garis bawah atau "
                                             "tanda hubung, diawali huruf (misalnya loket.mpp)."))
    if not isinstance(name, str) or not 3 <= len(name.strip()) <= 100:
        errors.append(FieldError("name", "Tulis nama lengkap petugas."))
    if not isinstance(email, str) or not EMAIL.match(email.strip()):
        errors.append(FieldError("email", "Isi e-mail dinas petugas: kata sandi sementara dikirim ke sana."))
    roles = _roles(body.get("roles"), errors)
    office = _office(agency_record, body.get("office"), errors)
    if errors:
        raise bad_request("invalid_staff", "Data petugas perlu diperbaiki.", errors)
    assert isinstance(username, str) and isinstance(name, str) and isinstance(email, str)  # checked above
    if accounts.get(username) is not None:
        raise conflict("username_taken", "Nama pengguna ini sudah dipakai. Pilih nama pengguna lain.")
    password = temporary_password()
    accounts.create(username, password, {
        "name": name.strip(), "email": email.strip().lower(), "email_verified": "true",
        "custom:person_id": "S-" + uuid.uuid4().hex[:20], "custom:agency": agency_id, "custom:office": office,
    }, permanent=False, groups=tuple(roles))
    record = {"username": username, "name": name.strip(), "email": email.strip().lower(), "office": office,
              "roles": roles, "enabled": True}
    directory.put(f"AGENCY#{agency_id}", f"STAFF#{username}", record, principal.person_id)
    messages.send("email", email.strip().lower(), "Akun petugas PISAO",
                  f"Akun petugas PISAO untuk {agency_record['name']} telah dibuat. Nama pengguna: {username}. "
                  f"Kata sandi sementara: {password} (berlaku 3 hari). Saat masuk pertama kali Anda diminta membuat "
                  "kata sandi baru dan memasang aplikasi autentikator.")
    audit.record(principal, "staff_created", f"agency#{agency_id}", data={"username": username, "roles": roles})
    return record


def update_staff(principal: Principal, username: str, body: dict, accounts: Accounts) -> dict:
    agency_id = _managed_agency(principal, body.get("agency"))
    record = directory.get(f"AGENCY#{agency_id}", f"STAFF#{username}")
    if record is None:
        raise not_found("Petugas tidak ditemukan di instansi Anda.")
    errors: list[FieldError] = []
    changed = dict(record)
    if "roles" in body:
        changed["roles"] = _roles(body["roles"], errors)
    if "office" in body:
        changed["office"] = _office(agency(agency_id), body["office"], errors)
    if "enabled" in body:
        if not isinstance(body["enabled"], bool):
            errors.append(FieldError("enabled", "Pilih aktif atau nonaktif."))
        elif username == principal.username and not body["enabled"]:
            errors.append(FieldError("enabled", "Anda tidak dapat menonaktifkan akun Anda sendiri."))
        else:
            changed["enabled"] = body["enabled"]
    if errors:
        raise bad_request("invalid_staff", "Perubahan data petugas perlu diperbaiki.", errors)
    if changed["roles"] != record["roles"]:
        accounts.set_groups(username, set(changed["roles"]))
    if changed["office"] != record["office"]:
        accounts.update(username, {"custom:office": changed["office"]})
    if changed["enabled"] != record["enabled"]:
        accounts.set_enabled(username, changed["enabled"])
    directory.put(f"AGENCY#{agency_id}", f"STAFF#{username}", changed, principal.person_id)
    audit.record(principal, "staff_updated", f"agency#{agency_id}",
                 data={"username": username, "from": {k: record[k] for k in ("roles", "office", "enabled")},
                       "to": {k: changed[k] for k in ("roles", "office", "enabled")}})
    return changed
