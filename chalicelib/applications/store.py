"""Application state and its events, written together in one DynamoDB transaction (transactional
outbox): a change is never stored without its event, nor an event without its change.

Every write goes through `update` with a transition of chalicelib/applications/lifecycle.py; a change of status
that `lifecycle.ALLOWED` does not list is refused before anything is written. The tables themselves sit behind a
backend (`Dynamo` here; tests/fakes.py has one in memory) that `use()` swaps."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any, Protocol

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.applications import lifecycle
from chalicelib.applications.lifecycle import Applied
from chalicelib.core import clock, models
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


Extras = Callable[[ApplicationModel], list[tuple[Model, Any]]]
Mutation = Callable[[ApplicationModel], "Applied | bool | None"]


class Lost(Exception):
    """A write's condition failed: someone else wrote first."""


class Backend(Protocol):
    """Where applications and their events are kept."""

    def load(self, application_id: str) -> ApplicationModel | None: ...
    def write(self, app: ApplicationModel, event: EventModel, expected_version: float | None,
              extras: list[tuple[Model, Any]]) -> None:
        """The application (guarded by its version, or new), its event and the extras, all or nothing; raises
        Lost when a condition fails."""
    def by_owner(self, owner_id: str) -> Iterable[ApplicationModel]: ...
    def by_filed_office(self, office: str) -> Iterable[ApplicationModel]: ...
    def by_agency_status(self, key: str) -> Iterable[ApplicationModel]: ...
    def events(self, application_id: str) -> list[EventModel]: ...


connection = models.connection  # for transactions across tables, with the tables' address and timeouts


class Dynamo:
    """The DynamoDB tables (production, the local stack, moto)."""

    def load(self, application_id: str) -> ApplicationModel | None:
        try:
            return ApplicationModel.get(application_id, consistent_read=True)
        except DoesNotExist:
            return None

    def write(self, app: ApplicationModel, event: EventModel, expected_version: float | None,
              extras: list[tuple[Model, Any]]) -> None:
        try:
            with TransactWrite(connection=connection()) as tx:
                if expected_version is None:
                    tx.save(app, condition=ApplicationModel.application_id.does_not_exist())
                else:
                    tx.save(app, condition=ApplicationModel.version == expected_version)
                tx.save(event, condition=EventModel.seq.does_not_exist())
                for item, condition in extras:  # e.g. the permit being issued
                    tx.save(item, condition=condition)
        except TransactWriteError as exc:
            raise Lost from exc

    def by_owner(self, owner_id: str) -> Iterable[ApplicationModel]:
        return ApplicationModel.by_owner.query(owner_id, scan_index_forward=False)

    def by_filed_office(self, office: str) -> Iterable[ApplicationModel]:
        return ApplicationModel.by_filed_office.query(office, scan_index_forward=False)

    def by_agency_status(self, key: str) -> Iterable[ApplicationModel]:
        return ApplicationModel.by_agency_status.query(key)

    def events(self, application_id: str) -> list[EventModel]:
        return list(EventModel.query(application_id, consistent_read=True))


_backend: Backend = Dynamo()


@contextmanager
def use(backend: Backend) -> Iterator[Backend]:
    """Keep applications in `backend` for the duration (tests: an in-memory store)."""
    global _backend
    before, _backend = _backend, backend
    try:
        yield backend
    finally:
        _backend = before


@dataclass(frozen=True)
class Updated:
    """What `update` did: the application as now stored (or as found, when the transition did not apply),
    whether it changed, its status before, and what the transition handed back (e.g. the task token it
    cleared, which the caller answers)."""

    app: ApplicationModel
    changed: bool
    previous: str
    handed: Any = None


def _event(app: ApplicationModel, change: Change, at: str) -> EventModel:
    return EventModel(
        aggregate_id=app.application_id, seq=app.version, owner_id=app.owner_id, type=change.type, at=at,
        actor_id=change.actor.person_id, actor_role=change.actor.role_label(), status=app.status,
        data=change.data or {},
    )


def _write(app: ApplicationModel, change: Change, expected_version: float | None,
           extras: list[tuple[Model, Any]]) -> None:
    at = clock.iso()
    app.updated_at = at
    app.agency_status = f"{app.agency}#{app.status}"
    _backend.write(app, _event(app, change, at), expected_version, extras)


def create(app: ApplicationModel, change: Change) -> ApplicationModel:
    lifecycle.check_start(app.status)
    app.version = 1
    _write(app, change, None, [])
    return app


def get(application_id: str) -> ApplicationModel:
    app = _backend.load(application_id)
    if app is None:
        raise not_found("Permohonan tidak ditemukan.")
    return app


def update(
    application_id: str,
    change: Change,
    mutate: Mutation,
    expected_version: int | None = None,
    extras: Extras | None = None,
) -> Updated:
    """Apply `mutate` (a transition of chalicelib/applications/lifecycle.py) to the latest state and write it
    with its event. The transition returns None (or False) when it no longer applies (already done, wrong
    state): then nothing is written. A change of status the life cycle does not allow raises
    `lifecycle.IllegalTransition` (a programming error) before anything is written. Concurrent writers are
    resolved by the version condition: the loser re-reads and re-decides, so no change is lost or applied
    twice. With `expected_version` (optimistic locking) the caller must have seen the person's latest edit:
    changes made since by the system alone (a reminder) do not count against them."""
    for _ in range(_MAX_RETRIES):
        app = get(application_id)
        last_edit = app.edited_version if app.edited_version is not None else app.version
        if expected_version is not None and last_edit > expected_version:
            raise conflict(
                "version_conflict",
                "Permohonan ini sudah diubah di tempat lain (mungkin di tab lain). Muat ulang halaman untuk "
                "melihat versi terbaru.",
            )
        current, previous = app.version, app.status
        applied = mutate(app)
        if applied is None or applied is False:
            return Updated(app, False, previous)
        if applied is True:
            applied = Applied()
        lifecycle.check_move(previous, app.status)
        app.version = current + 1
        if applied.data:
            change = replace(change, data={**(change.data or {}), **applied.data})
        try:
            _write(app, change, current, [*(extras(app) if extras else []), *applied.also])
            return Updated(app, True, previous, applied.handed)
        except Lost:
            continue  # someone else wrote first: re-read (a person's edit then fails the check above)
    raise conflict("busy", "Permohonan sedang diproses. Coba lagi sebentar lagi.")


def list_by_owner(owner_id: str) -> list[ApplicationModel]:
    return list(_backend.by_owner(owner_id))


def list_by_filed_office(office: str, limit: int = 100,
                         keep: Callable[[ApplicationModel], bool] = lambda _: True) -> list[ApplicationModel]:
    """Newest first; `keep` filters before the limit counts, so other filings never crowd out the kept."""
    found = (a for a in _backend.by_filed_office(office) if keep(a))
    return list(islice(found, limit))


def list_by_agency_status(agency: str, statuses: Iterable[str]) -> list[ApplicationModel]:
    found: list[ApplicationModel] = []
    for status in statuses:
        found.extend(_backend.by_agency_status(f"{agency}#{status}"))
    return sorted(found, key=lambda a: a.updated_at)


def events(application_id: str) -> list[EventModel]:
    return _backend.events(application_id)
