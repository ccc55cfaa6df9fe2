"""What the domain needs from the outside world; chalicelib/adapters/ provides it (and tests may too)."""

from __future__ import annotations

from typing import Protocol


class Files(Protocol):
    """Evidence storage: a browser uploads straight to it; the domain checks what arrived."""

    def presign_post(self, key: str, content_type: str, max_bytes: int, expires: int) -> dict: ...
    def head(self, key: str) -> dict | None: ...


class Queue(Protocol):
    def send(self, body: dict) -> None: ...


class Workflow(Protocol):
    """The approval state machine: executions and the task tokens of its human steps."""

    def start(self, name: str, payload: dict) -> str: ...
    def succeed(self, token: str, output: dict) -> bool: ...
