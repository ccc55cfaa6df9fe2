"""The dead-letter queues, for the system admin (console) and operators (python -m infra.redrive):
what failed, and sending it back once the cause is fixed. A redriven message is handled like any other,
and every consumer is idempotent, so a message that was in fact handled before changes nothing."""

from __future__ import annotations

import json

from chalicelib.core import audit
from chalicelib.core.auth import Principal
from chalicelib.core.errors import FieldError, bad_request, not_found
from chalicelib.core.ports import DeadLetters

# The queues with a consumer behind them; each has its DLQ (infra/resources.yaml, maxReceiveCount 5).
QUEUES = {
    "submissions": {"id": "Pengiriman permohonan: pemeriksaan lalu mulai alur kerja",
                    "en": "Submissions: validation, then the workflow starts"},
    "tasks": {"id": "Langkah alur kerja: rencana, tugas petugas, batas waktu, penerbitan",
              "en": "Workflow steps: plan, staff tasks, deadlines, issuing"},
}
MAX_BATCH = 100


def _queue(name: str) -> str:
    if name not in QUEUES:
        raise not_found(f"Antrean '{name}' tidak dikenal. Pilih salah satu: "
                        + ", ".join(sorted(QUEUES)) + ".")
    return name


def _limit(value: object, default: int) -> int:
    try:
        limit = int(value) if value not in (None, "") else default  # type: ignore[call-overload]  # any JSON value
    except (TypeError, ValueError):
        limit = 0
    if not 1 <= limit <= MAX_BATCH:
        raise bad_request("invalid_limit", f"Jumlah pesan harus angka 1 sampai {MAX_BATCH}.",
                          [FieldError("limit", f"Isi angka 1 sampai {MAX_BATCH}.")])
    return limit


def summary(message: dict) -> dict:
    """What the message is about, never its whole body: task messages carry task tokens."""
    try:
        body = json.loads(message["body"])
    except (TypeError, ValueError):
        body = {}
    about = {k: body[k] for k in ("applicationId", "kind", "step", "stepSeq") if isinstance(body, dict) and k in body}
    return {"messageId": message["messageId"], "sentAt": message.get("sentAt"),
            "receiveCount": message.get("receiveCount"), "about": about}


def overview(queues: DeadLetters, lang: str = "id") -> list[dict]:
    return [{"name": name, "label": label.get(lang, label["id"]), **queues.counts(name)}
            for name, label in QUEUES.items()]


def messages(principal: Principal, name: str, queues: DeadLetters, limit: object = None) -> list[dict]:
    found = [summary(m) for m in queues.peek(_queue(name), _limit(limit, 10))]
    audit.record(principal, "dead_letters_viewed", f"queue#{name}", data={"count": len(found)})
    return found


def redrive(principal: Principal, name: str, queues: DeadLetters, limit: object = None) -> dict:
    moved = queues.redrive(_queue(name), _limit(limit, MAX_BATCH))
    audit.record(principal, "dead_letters_redriven", f"queue#{name}", data={"moved": moved})
    return {"queue": name, "moved": moved, "counts": queues.counts(name)}
