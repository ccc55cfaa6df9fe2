"""In-memory stand-ins for the ports (chalicelib/core/ports.py) and for the tables, so the application's life cycle
runs with no moto and no socket. `Tables` keeps every PynamoDB item in memory as DynamoDB would store it (the
serialized attributes), evaluates the write conditions the code states, and is the application store's backend
(`store.use(tables)`); `patch_models` points `Model.get` and `Model.save` at it for the few modules that read
or write a model of their own (an invoice, an issued permit, the directory, the audit)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any

from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.condition import Condition
from pynamodb.models import Model

from chalicelib.applications import store
from chalicelib.core.models import ApplicationModel, EventModel
from chalicelib.core.ports import CodeMismatch, ScanFailed, SessionExpired

Raw = dict[str, dict]


def _key(cls: type[Model], hash_key: Any, range_key: Any = None) -> tuple:
    return (cls.Meta.table_name, str(hash_key), None if range_key is None else str(range_key))


def _key_of(item: Model) -> tuple:
    cls = type(item)
    hash_name, range_name = cls._hash_keyname, cls._range_keyname
    return _key(cls, getattr(item, str(hash_name)), getattr(item, range_name) if range_name else None)


def holds(condition: Condition | None, raw: Raw | None) -> bool:
    """Whether a stored item (None: absent) meets a PynamoDB write condition, as DynamoDB would judge it."""
    if condition is None:
        return True
    op, values = condition.operator, condition.values
    if op == "AND":
        return all(holds(c, raw) for c in values)
    if op == "OR":
        return any(holds(c, raw) for c in values)
    if op == "NOT":
        return not holds(values[0], raw)
    name = values[0].path[0]
    stored = (raw or {}).get(name)
    if op == "attribute_not_exists":
        return stored is None
    if op == "attribute_exists":
        return stored is not None
    if op in ("=", "<>"):
        equal = stored == values[1].value
        return equal if op == "=" else stored is not None and not equal
    raise NotImplementedError(f"the fake tables do not evaluate {op!r} yet")


class Tables:
    """Every table in memory; the application store's backend (chalicelib/applications/store.py)."""

    def __init__(self) -> None:
        self.items: dict[tuple, Raw] = {}
        self.writes = 0  # transactions that succeeded
        self._before_write: list[Callable[[], None]] = []

    # --- any model -------------------------------------------------------------------------------------------
    def put(self, item: Model) -> Model:
        self.items[_key_of(item)] = item.serialize(null_check=False)
        return item

    def find(self, cls: type[Model], hash_key: Any, range_key: Any = None) -> Model | None:
        raw = self.items.get(_key(cls, hash_key, range_key))
        return None if raw is None else cls.from_raw_data(dict(raw))

    def all(self, cls: type[Model]) -> list[Model]:
        return [cls.from_raw_data(dict(raw)) for key, raw in self.items.items() if key[0] == cls.Meta.table_name]

    # --- the application store's backend ----------------------------------------------------------------------
    def before_next_write(self, action: Callable[[], None]) -> None:
        """Run `action` just before the next write is applied, as if another writer got in first (a race)."""
        self._before_write.append(action)

    def load(self, application_id: str) -> ApplicationModel | None:
        return self.find(ApplicationModel, application_id)  # type: ignore[return-value]

    def write(self, app: ApplicationModel, event: EventModel, expected_version: float | None,
              extras: list[tuple[Model, Any]]) -> None:
        if self._before_write:
            self._before_write.pop(0)()
        stored = self.items.get(_key_of(app))
        if expected_version is None:
            ok = stored is None
        else:
            ok = stored is not None and float(stored["version"]["N"]) == expected_version
        ok = ok and holds(EventModel.seq.does_not_exist(), self.items.get(_key_of(event)))
        ok = ok and all(holds(condition, self.items.get(_key_of(item))) for item, condition in extras)
        if not ok:
            raise store.Lost
        for item in (app, event, *(item for item, _ in extras)):
            self.put(item)
        self.writes += 1

    def _apps(self) -> list[ApplicationModel]:
        return self.all(ApplicationModel)  # type: ignore[return-value]

    def by_owner(self, owner_id: str) -> Iterable[ApplicationModel]:
        return sorted((a for a in self._apps() if a.owner_id == owner_id), key=lambda a: a.created_at, reverse=True)

    def by_filed_office(self, office: str) -> Iterable[ApplicationModel]:
        return sorted((a for a in self._apps() if a.filed_office == office), key=lambda a: a.created_at,
                      reverse=True)

    def by_agency_status(self, key: str) -> Iterable[ApplicationModel]:
        return sorted((a for a in self._apps() if a.agency_status == key), key=lambda a: a.updated_at)

    def events(self, application_id: str) -> list[EventModel]:
        found = [e for e in self.all(EventModel) if isinstance(e, EventModel) and e.aggregate_id == application_id]
        return sorted(found, key=lambda e: e.seq)


def patch_models(monkeypatch: Any, tables: Tables) -> None:
    """`Model.get` and `Model.save` read and write `tables` (whatever the model); anything else a model would
    ask of DynamoDB fails the test (the unit tests run without sockets)."""

    def get(cls: type[Model], hash_key: Any, range_key: Any = None, consistent_read: bool = False,
            attributes_to_get: Any = None) -> Model:
        found = tables.find(cls, hash_key, range_key)
        if found is None:
            raise DoesNotExist()
        return found

    def save(self: Model, condition: Condition | None = None, **_: Any) -> dict:
        if not holds(condition, tables.items.get(_key_of(self))):
            raise AssertionError("a conditional save the fake tables refused")
        tables.put(self)
        return {}

    monkeypatch.setattr(Model, "get", classmethod(get))
    monkeypatch.setattr(Model, "save", save)


class StateMachine:
    """The approval state machine (the `StateMachine` port): executions started by name (a name started twice is the
    same execution, as in Step Functions) and the task tokens answered."""

    def __init__(self) -> None:
        self.executions: dict[str, dict] = {}
        self.answered: list[tuple[str, dict]] = []
        self.gone: set[str] = set()  # tokens no longer waiting (a restarted execution, a timer that ran out)
        self.down = False

    def start(self, name: str, payload: dict) -> str:
        if self.down:
            raise ConnectionError("Step Functions unreachable")
        self.executions.setdefault(name, payload)
        return f"arn:aws:states:ap-southeast-3:000000000000:execution:pisao-application:{name}"

    def succeed(self, token: str, output: dict) -> bool:
        if self.down:
            raise ConnectionError("Step Functions unreachable")
        if token in self.gone:
            return False
        self.answered.append((token, output))
        return True


class Queue:
    """A queue that can be down: `send` then answers False, as the SQS adapter does."""

    def __init__(self, down: bool = False) -> None:
        self.down = down
        self.messages: list[dict] = []

    def send(self, body: dict) -> bool:
        if self.down:
            return False
        self.messages.append(body)
        return True


class Files:
    """The evidence bucket in memory."""

    def __init__(self) -> None:
        self.objects: dict[str, tuple[bytes, str]] = {}

    def presign_post(self, key: str, content_type: str, max_bytes: int, expires: int) -> dict:
        return {"url": "memory://evidence", "fields": {"key": key, "Content-Type": content_type}}

    def head(self, key: str) -> dict | None:
        found = self.objects.get(key)
        return None if found is None else {"size": len(found[0]), "contentType": found[1]}

    def get(self, key: str, max_bytes: int) -> bytes | None:
        found = self.objects.get(key)
        return None if found is None else found[0][:max_bytes + 1]

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.objects[key] = (data, content_type)

    def delete(self, key: str) -> None:
        self.objects.pop(key, None)

    def view_url(self, key: str, expires: int) -> str:
        return f"memory://evidence/{key}?expires={expires}"


class Scanner:
    """The virus scanner: clean unless told of a signature; `failing` makes it unreachable."""

    def __init__(self, found: str | None = None, failing: bool = False) -> None:
        self.found, self.failing = found, failing
        self.scanned = 0

    def scan(self, data: bytes) -> str | None:
        if self.failing:
            raise ScanFailed("clamd unreachable")
        self.scanned += 1
        return self.found


class Messages:
    """E-mail and SMS, kept: (channel, to, subject, text)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str, str]] = []

    def send(self, channel: str, to: str, subject: str, text: str) -> None:
        self.sent.append((channel, to, subject, text))


class Accounts:
    """The user pool in memory: passwords, attributes, groups, enabled; TOTP codes are "123456"."""

    CODE = "123456"

    def __init__(self) -> None:
        self.users: dict[str, dict] = {}
        self._tokens = itertools.count(1)

    def _tokens_for(self, username: str) -> dict:
        n = next(self._tokens)
        return {"AccessToken": f"access-{username}-{n}", "IdToken": f"id-{username}-{n}",
                "RefreshToken": f"refresh-{username}-{n}"}

    def login(self, username: str, password: str) -> dict | None:
        user = self.users.get(username)
        if not user or not user["enabled"] or user["password"] != password:
            return None
        if not user["permanent"]:
            return {"challenge": "NEW_PASSWORD_REQUIRED", "session": f"session-{username}"}
        return self._tokens_for(username)

    def respond(self, username: str, challenge: str, session: str, answers: dict[str, str]) -> dict:
        if session != f"session-{username}":
            raise SessionExpired(session)
        if "SOFTWARE_TOKEN_MFA_CODE" in answers and answers["SOFTWARE_TOKEN_MFA_CODE"] != self.CODE:
            raise CodeMismatch()
        if "NEW_PASSWORD" in answers:
            self.users[username].update(password=answers["NEW_PASSWORD"], permanent=True)
        return self._tokens_for(username)

    def start_totp(self, access_token: str) -> str:
        return "JBSWY3DPEHPK3PXP"

    def confirm_totp(self, access_token: str, code: str) -> None:
        if code != self.CODE:
            raise CodeMismatch()

    def refresh(self, refresh_token: str) -> dict:
        return {"AccessToken": f"access-{refresh_token}", "IdToken": f"id-{refresh_token}"}

    def get(self, username: str) -> dict | None:
        user = self.users.get(username)
        if user is None:
            return None
        return {"username": username, "enabled": user["enabled"], "created": 0.0,
                "attributes": dict(user["attributes"])}

    def create(self, username: str, password: str, attributes: dict[str, str], permanent: bool,
               groups: tuple[str, ...] = ()) -> None:
        if username in self.users:
            raise ValueError(f"user {username} exists")
        self.users[username] = {"password": password, "attributes": dict(attributes), "permanent": permanent,
                                "enabled": True, "groups": set(groups)}

    def create_disabled(self, username: str, password: str, attributes: dict[str, str]) -> None:
        self.create(username, password, attributes, permanent=True)
        self.users[username]["enabled"] = False

    def delete(self, username: str) -> None:
        self.users.pop(username, None)

    def activate(self, username: str, verified: str, group: str) -> None:
        user = self.users[username]
        user["enabled"] = True
        user["attributes"][f"{verified}_verified"] = "true"
        user["groups"].add(group)

    def update(self, username: str, attributes: dict[str, str]) -> None:
        self.users[username]["attributes"].update(attributes)

    def set_password(self, username: str, password: str) -> None:
        self.users[username]["password"] = password

    def set_enabled(self, username: str, enabled: bool) -> None:
        self.users[username]["enabled"] = enabled

    def groups(self, username: str) -> set[str]:
        return set(self.users[username]["groups"]) if username in self.users else set()

    def set_groups(self, username: str, wanted: set[str]) -> None:
        self.users[username]["groups"] = set(wanted)
