"""Counter service (R3): staff at a service counter find a person by NIK (or register them on the spot)
and fill and submit forms on their behalf. The application belongs to the citizen, who sees it in their
own account; the record keeps who filed it, at which office, and when. Every lookup is audited."""

from __future__ import annotations

import secrets

from chalicelib.applications import drafts, store
from chalicelib.core import audit, clock, directory
from chalicelib.core.auth import Principal
from chalicelib.core.errors import FieldError, bad_request, conflict, not_found
from chalicelib.core.models import ApplicationModel
from chalicelib.core.ports import Accounts
from chalicelib.identity import nik as niks
from chalicelib.identity import profile, registration

ROLE = "counter"


def _identity_key(person_id: str) -> tuple[str, str]:
    return f"PERSON#{person_id}", "IDENTITY"


def _remember(person_id: str, account: dict, actor: Principal) -> None:
    """What a counter application needs to know of its owner, found by person id."""
    attributes = account["attributes"]
    directory.put(*_identity_key(person_id), {"name": attributes.get("name", ""), "username": account["username"]},
                  actor.person_id)


def _nik(body: dict) -> str:
    nik = niks.normalize_nik(body.get("nik"))  # the one rule: as registration and the forms read it
    problems = niks.validate_nik(nik)
    if niks.is_blocking(problems):
        raise bad_request("invalid_nik", "NIK tidak valid.", [FieldError("nik", next(p for p in problems
                                                                                     if p.blocking).message)])
    return nik  # type: ignore[return-value]


def _person(account: dict) -> dict:
    attributes = account["attributes"]
    return {
        "personId": attributes["custom:person_id"],
        "name": attributes.get("name", ""),
        "birthDate": attributes.get("birthdate"),
        "hasAccount": account["enabled"],
        "contact": {"email": registration.mask("email", attributes["email"]) if attributes.get("email") else None,
                    "phone": registration.mask("sms", attributes["phone_number"])
                    if attributes.get("phone_number") else None},
    }


def lookup(principal: Principal, body: dict, accounts: Accounts) -> dict:
    principal.require_role(ROLE)
    account = accounts.get(_nik(body))
    if account is None or "custom:person_id" not in account["attributes"]:
        raise not_found("NIK ini belum terdaftar di PISAO. Daftarkan warga ini terlebih dahulu.")
    person = _person(account)
    _remember(person["personId"], account, principal)
    audit.record(principal, "person_lookup", f"person#{person['personId']}", data={"office": principal.office})
    return person


def register_walk_in(principal: Principal, body: dict, accounts: Accounts) -> dict:
    """An account for someone who came to the counter. Contacts given here are taken as verified: the
    staff member checked them with the person. Without any, notices wait at the office."""
    principal.require_role(ROLE)
    data, errors = registration.validate(body, at_counter=True)
    if errors:
        raise bad_request("invalid_registration", "Ada data warga yang perlu diperbaiki.", errors)
    if accounts.get(data["nik"]) is not None:
        raise conflict("already_registered", "NIK ini sudah terdaftar. Cari warga ini dengan NIK-nya.")
    attributes = registration.account_attributes(data)
    attributes.update({f"{a}_verified": "true" for a in ("email", "phone_number") if a in attributes})
    # Nobody knows this password: the person sets their own through "Lupa kata sandi" or at the counter.
    accounts.create(data["nik"], f"Pisao-{secrets.token_urlsafe(24)}-9a", attributes, permanent=True,
                    groups=("citizen",))
    account = accounts.get(data["nik"])
    person = _person(account)  # type: ignore[arg-type]
    _remember(person["personId"], account, principal)  # type: ignore[arg-type]
    audit.record(principal, "person_registered_at_counter", f"person#{person['personId']}",
                 data={"office": principal.office, "contacts": sorted(k for k in ("email", "phone") if k in data)})
    return {"personId": person["personId"], "name": person["name"]}


def start_application(principal: Principal, body: dict, accounts: Accounts) -> ApplicationModel:
    principal.require_role(ROLE)
    person_id = body.get("personId")
    identity = directory.get(*_identity_key(person_id)) if isinstance(person_id, str) and person_id else None
    if identity is None:
        raise bad_request("unknown_person", "Cari warga dengan NIK-nya dulu, lalu pilih layanan.",
                          [FieldError("personId", "Warga belum dicari atau didaftarkan di loket.")])
    filed_by = {"staffId": principal.person_id, "agency": principal.agency, "office": principal.office,
                "at": clock.iso()}
    sources = profile.prefill_for(accounts, identity["username"], person_id)  # type: ignore[arg-type]  # found by it
    return drafts.start_draft(principal, body.get("permitId"), sources, owner_id=person_id,
                                    applicant_name=identity["name"], filed_by=filed_by)


def filed_here(principal: Principal) -> list[ApplicationModel]:
    """What this agency's counter filed at this office: an MPP office is shared by many agencies, and
    one agency's clerks never see another's filings."""
    principal.require_role(ROLE)
    return filed_at(principal.office or "", principal.agency or "")


def filed_at(office: str, agency: str, limit: int = 100) -> list[ApplicationModel]:
    """The latest applications filed at `office` by the counter staff of `agency`."""
    if not office or not agency:
        return []
    return store.list_by_filed_office(office, limit, lambda a: (a.filed_by or {}).get("agency") == agency)
