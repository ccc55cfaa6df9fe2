"""Demo accounts for the local stack (printed at start-up) and the helper that creates any account."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalicelib import catalogue

DEMO_PASSWORD = "Demo#2026pisao"  # noqa: S105 - local stack only: moto's user pool, never a real one


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    groups: tuple[str, ...]
    agency: str | None
    what: str
    office: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()  # what a citizen's registration records

    @property
    def person_id(self) -> str:
        # Stable across restarts, so restored applications still belong to their owner.
        return "P-" + uuid.uuid5(uuid.NAMESPACE_URL, f"pisao-demo:{self.username}").hex[:20]


_AGENCIES_FILE = Path(catalogue.__file__).parent / "agencies.json"
AGENCIES = tuple(json.loads(_AGENCIES_FILE.read_text(encoding="utf-8"))["agencies"])

USERS = (
    DemoUser("3171014101900001", "Siti Aminah", ("citizen",), None, "warga (NIK)", attributes=(
        ("birthdate", "1990-01-01"), ("gender", "female"), ("email", "siti.aminah@contoh.id"),
        ("email_verified", "true"))),
    DemoUser("3171010203850002", "Budi Santoso", ("citizen",), None, "warga (NIK)", attributes=(
        ("birthdate", "1985-03-02"), ("gender", "male"), ("phone_number", "+6281234560002"),
        ("phone_number_verified", "true"))),
    DemoUser("verifikator.kelurahan", "Rina Kurniawati", ("verifier",), "kelurahan-gambir",
             "verifikator Kelurahan Gambir", "kantor-kelurahan-gambir"),
    DemoUser("verifikator.dukcapil", "Agus Pratama", ("verifier",), "disdukcapil-jakarta-pusat",
             "verifikator Disdukcapil Jakarta Pusat", "kantor-dukcapil-jakarta-pusat"),
    DemoUser("loket.mpp", "Dewi Lestari", ("counter",), "dpmptsp-jakarta-pusat",
             "petugas loket MPP Jakarta Pusat", "mpp-jakarta-pusat"),
    DemoUser("bendahara.dpmptsp", "Hendra Wijaya", ("treasurer",), "dpmptsp-jakarta-pusat",
             "bendahara DPMPTSP Jakarta Pusat", "mpp-jakarta-pusat"),
    DemoUser("verifikator.samsat", "Yusuf Hidayat", ("verifier",), "samsat-jakarta-pusat",
             "verifikator Samsat Jakarta Pusat", "kantor-samsat-jakarta-pusat"),
    DemoUser("admin.dukcapil", "Maria Ulfa", ("agency_admin",), "disdukcapil-jakarta-pusat",
             "admin instansi Disdukcapil", "kantor-dukcapil-jakarta-pusat"),
    DemoUser("admin.sistem", "Taufik Rahman", ("system_admin",), None, "admin sistem PISAO"),
)


def create_user(idp: Any, pool_id: str, username: str, name: str, groups: tuple[str, ...] | list[str],
                agency: str | None = None, person_id: str | None = None, password: str = DEMO_PASSWORD,
                office: str | None = None, attributes: tuple[tuple[str, str], ...] = ()) -> None:
    attrs = [{"Name": "name", "Value": name},
             {"Name": "custom:person_id", "Value": person_id or "P-" + uuid.uuid4().hex[:20]},
             *({"Name": k, "Value": v} for k, v in attributes)]
    if agency:
        attrs.append({"Name": "custom:agency", "Value": agency})
    if office:
        attrs.append({"Name": "custom:office", "Value": office})
    try:
        idp.admin_create_user(UserPoolId=pool_id, Username=username, UserAttributes=attrs, MessageAction="SUPPRESS")
    except idp.exceptions.UsernameExistsException:
        return
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password, Permanent=True)
    for group in groups:
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName=group)


def seed_users(idp: Any, pool_id: str) -> None:
    for user in USERS:
        create_user(idp, pool_id, user.username, user.name, user.groups, user.agency, user.person_id,
                    office=user.office, attributes=user.attributes)


def seed_directory() -> None:
    """Agencies and their staff lists (the app's tables must be configured: call after deploy)."""
    from chalicelib import directory

    for agency in AGENCIES:
        if directory.get("AGENCY", agency["id"]) is None:
            directory.put("AGENCY", agency["id"], agency, "demo")
    for user in USERS:
        if user.agency and directory.get(f"AGENCY#{user.agency}", f"STAFF#{user.username}") is None:
            directory.put(f"AGENCY#{user.agency}", f"STAFF#{user.username}", {
                "username": user.username, "name": user.name, "email": f"{user.username}@demo.pisao.go.id",
                "office": user.office, "roles": list(user.groups), "enabled": True}, "demo")
