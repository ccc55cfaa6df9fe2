"""What the domain needs from the outside world; chalicelib/adapters/ provides it (and tests may too)."""

from __future__ import annotations

from typing import Protocol


class Files(Protocol):
    """Evidence storage: a browser uploads straight to it; the domain checks what arrived."""

    def presign_post(self, key: str, content_type: str, max_bytes: int, expires: int) -> dict: ...
    def head(self, key: str) -> dict | None: ...
    def get(self, key: str, max_bytes: int) -> bytes | None:
        """At most max_bytes + 1 bytes (more than max_bytes means too large); None when the object is absent."""
    def put(self, key: str, data: bytes, content_type: str) -> None: ...
    def delete(self, key: str) -> None: ...
    def view_url(self, key: str, expires: int) -> str:
        """A short-lived link that shows the object inline, as its stored content type."""


class Queue(Protocol):
    def send(self, body: dict) -> bool:
        """False when the queue could not take the message now."""
        ...


class DeadLetters(Protocol):
    """The dead-letter queues: messages a consumer failed on maxReceiveCount times."""

    def counts(self, name: str) -> dict[str, int]:
        """{"waiting", "inFlight", "dead"}: messages in the queue, being handled, and in its DLQ."""
        ...
    def peek(self, name: str, limit: int) -> list[dict]:
        """Up to `limit` DLQ messages {messageId, body, sentAt, receiveCount}, left in place."""
        ...
    def redrive(self, name: str, limit: int) -> int:
        """Move up to `limit` DLQ messages back to their queue; returns how many moved."""
        ...


class StateMachine(Protocol):
    """The approval state machine: executions and the task tokens of its human steps."""

    def start(self, name: str, payload: dict) -> str: ...
    def succeed(self, token: str, output: dict) -> bool: ...


class CodeMismatch(Exception):
    """The identity provider did not accept an authenticator (TOTP) code."""


class SessionExpired(Exception):
    """The identity provider no longer knows a sign-in session (too old, or already used)."""


class Accounts(Protocol):
    """The user pool: accounts keyed by username (a citizen's NIK, a staff member's login name)."""

    def login(self, username: str, password: str) -> dict | None: ...
    def respond(self, username: str, challenge: str, session: str, answers: dict[str, str]) -> dict: ...
    def start_totp(self, access_token: str) -> str: ...
    def confirm_totp(self, access_token: str, code: str) -> None: ...
    def refresh(self, refresh_token: str) -> dict: ...
    def get(self, username: str) -> dict | None: ...
    def create(self, username: str, password: str, attributes: dict[str, str], permanent: bool,
               groups: tuple[str, ...] = ()) -> None: ...
    def create_disabled(self, username: str, password: str, attributes: dict[str, str]) -> None: ...
    def delete(self, username: str) -> None: ...
    def activate(self, username: str, verified: str, group: str) -> None: ...
    def update(self, username: str, attributes: dict[str, str]) -> None: ...
    def set_password(self, username: str, password: str) -> None: ...
    def set_enabled(self, username: str, enabled: bool) -> None: ...
    def groups(self, username: str) -> set[str]: ...
    def set_groups(self, username: str, wanted: set[str]) -> None: ...


class Messages(Protocol):
    """E-mail and SMS to people (codes, temporary passwords, notices)."""

    def send(self, channel: str, to: str, subject: str, text: str) -> None: ...


class ScanFailed(Exception):
    """The virus scanner could not give a verdict (unreachable, timed out, refused the stream): try again later,
    never treat the file as clean."""


class Scanner(Protocol):
    """Virus scanning of uploaded evidence (clamd in production)."""

    def scan(self, data: bytes) -> str | None:
        """The name of the signature found, or None when the data is clean; raises ScanFailed."""
