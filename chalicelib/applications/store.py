"""Application state and its events, written together in one DynamoDB transaction (transactional
outbox): a change is never stored without its event, nor an event without its change."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

from pynamodb.connection import Connection
from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.core import clock
from chalicelib.core.auth import Principal
from chalicelib.core.errors import conflict, not_found
from chalicelib.core.models import ApplicationModel, EventModel

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U to misread
_MAX_RETRIES = 5


def new_application_id() -> str:
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"PSO-{clock.now():%Y%m%d}-{suffix}"


@dataclass(frozen=True)
class Change:
    """What happened: recorded as the event that accompanies a state write."""

    type: str
    actor: Principal
    data: dict | None = None


def connection() -> Connection:
    """For transactions across tables. One per address: each new Connection builds a botocore client,
    which loads the DynamoDB service model again (tens of milliseconds on every write)."""
    meta = ApplicationModel.Meta
    return _connection(meta.region, meta.host)


@lru_cache(maxsize=4)
def _connection(region: str, host: str | None) -> Connection:
    return Connection(region=region, host=host)


def _event(app: ApplicationModel, change: Change, at: str) -> EventModel:
    return EventModel(
        aggregate_id=app.application_id, seq=app.version, owner_id=app.owner_id, type=change.type, at=at,
        actor_id=change.actor.person_id, actor_role=change.actor.role_label(), status=app.status,
        data=change.data or {},
    )


Extras = Callable[[ApplicationModel], list[tuple[Model, Any]]]


def _write(app: ApplicationModel, change: Change, expected_version: float | None, extras: Extras | None = None) -> None:
    at = clock.iso()
    app.updated_at = at
    app.agency_status = f"{app.agency}#{app.status}"
    with TransactWrite(connection=connection()) as tx:
        if expected_version is None:
            tx.save(app, condition=ApplicationModel.application_id.does_not_exist())
        else:
            tx.save(app, condition=ApplicationModel.version == expected_version)
        tx.save(_event(app, change, at), condition=EventModel.seq.does_not_exist())
        for item, condition in (extras(app) if extras else []):  # e.g. the permit being issued
            tx.save(item, condition=condition)


def create(app: ApplicationModel, change: Change) -> ApplicationModel:
    app.version = 1
    _write(app, change, None)
    return app


def get(application_id: str) -> ApplicationModel:
    try:
        return ApplicationModel.get(application_id, consistent_read=True)
    except DoesNotExist as exc:
        raise not_found("Permohonan tidak ditemukan.") from exc


def update(
    application_id: str,
    change: Change,
    mutate: Callable[[ApplicationModel], bool],
    expected_version: int | None = None,
    extras: Extras | None = None,
) -> tuple[ApplicationModel, bool]:
    """Apply `mutate` to the latest state and write it with its event. `mutate` returns False when the
    change no longer applies (already done, wrong state): then nothing is written. Concurrent writers
    are resolved by the version condition: the loser re-reads and re-decides, so no change is lost or
    applied twice. With `expected_version` (optimistic locking) the caller must have seen the person's
    latest edit: changes made since by the system alone (a reminder) do not count against them."""
    for _ in range(_MAX_RETRIES):
        app = get(application_id)
        last_edit = app.edited_version if app.edited_version is not None else app.version
        if expected_version is not None and last_edit > expected_version:
            raise conflict(
                "version_conflict",
                "Permohonan ini sudah diubah di tempat lain (mungkin di tab lain). Muat ulang halaman untuk "
                "melihat versi terbaru.",
            )
        current = app.version
        if not mutate(app):
            return app, False
        app.version = current + 1
        try:
            _write(app, change, current, extras)
            return app, True
        except TransactWriteError:
            continue  # someone else wrote first: re-read (a person's edit then fails the check above)
    raise conflict("busy", "Permohonan sedang diproses. Coba lagi sebentar lagi.")


def list_by_owner(owner_id: str) -> list[ApplicationModel]:
    return list(ApplicationModel.by_owner.query(owner_id, scan_index_forward=False))


def list_by_filed_office(office: str, limit: int = 100,
                         keep: Callable[[ApplicationModel], bool] = lambda _: True) -> list[ApplicationModel]:
    """Newest first; `keep` filters before the limit counts, so other filings never crowd out the kept."""
    found = (a for a in ApplicationModel.by_filed_office.query(office, scan_index_forward=False) if keep(a))
    return list(islice(found, limit))


def list_by_agency_status(agency: str, statuses: Iterable[str]) -> list[ApplicationModel]:
    found: list[ApplicationModel] = []
    for status in statuses:
        found.extend(ApplicationModel.by_agency_status.query(f"{agency}#{status}"))
    return sorted(found, key=lambda a: a.updated_at)


def events(application_id: str) -> list[EventModel]:
    return list(EventModel.query(application_id, consistent_read=True))
