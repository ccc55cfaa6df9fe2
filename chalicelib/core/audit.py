"""The access audit (R20): every view of personal data by staff and every refused attempt, with who,
when, what and from where. A failed audit write fails the request: nothing is shown unrecorded."""

from __future__ import annotations

import secrets

from chalicelib.core import clock
from chalicelib.core.auth import Principal
from chalicelib.core.models import AuditModel


def record(actor: Principal, action: str, subject: str, outcome: str = "allowed", data: dict | None = None,
           source_ip: str | None = None) -> None:
    at = clock.iso()
    AuditModel(subject=subject, entry=f"{at}#{secrets.token_hex(4)}", at=at, action=action, outcome=outcome,
               actor_id=actor.person_id, actor_role=actor.role_label(), actor_agency=actor.agency,
               source_ip=source_ip, data=data or {}).save()


def trail(subject: str) -> list[dict]:
    return [{"at": e.at, "action": e.action, "outcome": e.outcome, "actorId": e.actor_id, "actorRole": e.actor_role,
             "actorAgency": e.actor_agency, "sourceIp": e.source_ip, "data": e.data}
            for e in AuditModel.query(subject, consistent_read=True)]
