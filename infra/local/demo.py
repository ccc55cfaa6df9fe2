"""Demo accounts for the local stack (printed at start-up) and the helper that creates any account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

DEMO_PASSWORD = "Demo#2026pisao"  # noqa: S105 - local stack only: moto's user pool, never a real one


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    groups: tuple[str, ...]
    agency: str | None
    what: str

    @property
    def person_id(self) -> str:
        # Stable across restarts, so restored applications still belong to their owner.
        return "P-" + uuid.uuid5(uuid.NAMESPACE_URL, f"pisao-demo:{self.username}").hex[:20]


USERS = (
    DemoUser("3171014101900001", "Siti Aminah", ("citizen",), None, "warga (NIK)"),
    DemoUser("3171010203850002", "Budi Santoso", ("citizen",), None, "warga (NIK)"),
    DemoUser("verifikator.kelurahan", "Rina Kurniawati", ("verifier",), "kelurahan-gambir",
             "verifikator Kelurahan Gambir"),
    DemoUser("verifikator.dukcapil", "Agus Pratama", ("verifier",), "disdukcapil-jakarta-pusat",
             "verifikator Disdukcapil Jakarta Pusat"),
)


def create_user(idp: Any, pool_id: str, username: str, name: str, groups: tuple[str, ...] | list[str],
                agency: str | None = None, person_id: str | None = None, password: str = DEMO_PASSWORD) -> None:
    attrs = [{"Name": "name", "Value": name},
             {"Name": "custom:person_id", "Value": person_id or "P-" + uuid.uuid4().hex[:20]}]
    if agency:
        attrs.append({"Name": "custom:agency", "Value": agency})
    try:
        idp.admin_create_user(UserPoolId=pool_id, Username=username, UserAttributes=attrs, MessageAction="SUPPRESS")
    except idp.exceptions.UsernameExistsException:
        return
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password, Permanent=True)
    for group in groups:
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName=group)


def seed_users(idp: Any, pool_id: str) -> None:
    for user in USERS:
        create_user(idp, pool_id, user.username, user.name, user.groups, user.agency, user.person_id)
