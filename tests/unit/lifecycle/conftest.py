"""The life cycle with fakes only (tests/fakes.py): no moto, and no socket at all: a test that reaches for the
network fails at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytest_socket import disable_socket, enable_socket

from chalicelib import forms
from chalicelib.applications import lifecycle, store
from chalicelib.backoffice import submission, tasks, validation
from chalicelib.catalogue import get_permit
from chalicelib.core import clock, config
from chalicelib.core.auth import Principal
from chalicelib.core.models import ApplicationModel
from chalicelib.payments import invoices
from tests import fakes

START = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # a Monday, 09:00 in Jakarta

CITIZEN = Principal("person-siti", "Siti Aminah", frozenset({"citizen"}), None, username="3171014101900001")


def staff(name: str, role: str, agency: str) -> Principal:
    return Principal(f"person-{name}", name, frozenset({role}), agency, username=name, second_factor=True)


@pytest.fixture(autouse=True)
def no_network():
    disable_socket(allow_unix_socket=False)
    yield
    enable_socket()


class Clock:
    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment


@pytest.fixture
def at(monkeypatch) -> Clock:
    """The time the code reads (chalicelib.core.clock.now), moved on by the test."""
    moment = Clock()
    monkeypatch.setattr(clock, "now", moment)
    return moment


@pytest.fixture
def tables(monkeypatch, at) -> fakes.Tables:
    monkeypatch.setenv("SNAP_PARTNER_SERVICE_ID", "12345")  # the bank's id of PISAO: in every VA number
    config.settings.cache_clear()
    memory = fakes.Tables()
    fakes.patch_models(monkeypatch, memory)
    seq = iter(range(1, 10_000))
    monkeypatch.setattr(invoices, "next_seq", lambda: next(seq))  # the invoice counter (an atomic add in DynamoDB)
    with store.use(memory):
        yield memory
    config.settings.cache_clear()


class World:
    """The fakes a use case is handed, and the steps that bring an application to a given state."""

    def __init__(self, tables: fakes.Tables, at: Clock) -> None:
        self.tables, self.at = tables, at
        self.flow, self.queue = fakes.StateMachine(), fakes.Queue()
        self.files, self.scanner = fakes.Files(), fakes.Scanner()
        self._tokens = iter(range(1, 10_000))

    def draft(self, permit_id: str, answers: dict, who: Principal = CITIZEN) -> ApplicationModel:
        """A draft with these answers and every document already checked and accepted."""
        from chalicelib.applications import drafts

        app = drafts.start_draft(who, permit_id)
        uploads = {q["id"]: {"key": f"clean/{app.application_id}/{q['id']}/x", "filename": f"{q['id']}.png",
                             "contentType": "image/png", "size": 68, "sha256": "0" * 64, "status": "accepted"}
                   for q in forms.file_questions(get_permit(permit_id)["form"])}

        def fill(current: ApplicationModel) -> None:
            current.answers, current.uploads = dict(answers), uploads

        return store.update(app.application_id, store.Change("answers_saved", who), lifecycle.edit_draft(fill)).app

    def submit(self, app: ApplicationModel, who: Principal = CITIZEN) -> ApplicationModel:
        return submission.submit(who, app.application_id, self.queue, self.files, self.flow, self.scanner)

    def task(self, app_id: str, kind: str) -> str:
        """The state machine's waiting task hands its token (as the ASL's waitForTaskToken does)."""
        token = f"token-{next(self._tokens)}"
        tasks.handle_task({"kind": kind, "applicationId": app_id, "taskToken": token,
                           "stepSeq": store.get(app_id).step_seq}, self.flow)
        return token

    def waiting(self, permit_id: str, answers: dict) -> ApplicationModel:
        """Submitted, validated, at its first step, its task token recorded."""
        app = self.submit(self.draft(permit_id, answers))
        validation.process_submission(app.application_id, self.files, self.flow, self.scanner)
        self.task(app.application_id, "plan")
        self.task(app.application_id, "human")
        return store.get(app.application_id)

    def types(self, app_id: str) -> list[str]:
        return [e.type for e in store.events(app_id)]

    def event(self, app_id: str, kind: str) -> dict:
        return next(e.data for e in reversed(store.events(app_id)) if e.type == kind)


@pytest.fixture
def world(tables, at) -> World:
    return World(tables, at)
