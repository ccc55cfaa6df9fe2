"""Three fixes to moto for a local cloud that holds more than a handful of records, or is busy.

moto's DynamoDB TransactWriteItems deep-copies every table it touches before writing, to roll back
on failure: with the events table and its stream that copy grows with every write, and at a few
hundred applications each submit takes seconds. Here the rollback copies only the items the
transaction touches; what is checked and written, and the errors returned, are moto's own.

The local test inbox (/_local/outbox) read moto's whole state dump (/moto-api/data.json: every table item,
file and account as JSON) to find the e-mails and SMS, seconds once the stack held data. Here each e-mail
(SES SendEmail) and SMS (SNS Publish to a phone number) is also noted, in order and with its time, and
/moto-api/pisao-outbox answers just those.

In DynamoDB a write to an item and its condition are one atomic step; moto checks the condition, then
writes, and two threads (two requests to the local stack, or a test's threads) can both pass an
"attribute_not_exists" or both add to the same number read once. Here moto's DynamoDB writes run one at a
time, as DynamoDB orders writes to one item.

    python -m infra.local.moto_fixes -H 127.0.0.1 -p 5000   # moto.server with the fix (the local stack)
"""

from __future__ import annotations

import copy
import functools
import inspect
import json
import threading
import time
from typing import Any

from moto.dynamodb import models
from moto.dynamodb.models import DynamoDBBackend, Table


def _key_of(table: Any, op_type: str, op: dict) -> dict:
    if op_type != "Put":
        return op["Key"]
    attrs = op["Item"]
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    before: list[tuple[str, dict, dict | None]] = []  # (table, key, item as it was) for each item touched
    for item in transact_items:
        op_type, op = next(iter(item.items()))
        table_name = op.get("TableName")
        if table_name in self.tables and op_type in ("Put", "Delete", "Update"):
            key = _key_of(self.tables[table_name], op_type, op)
            current = self.get_item(table_name, key)
            before.append((table_name, key, copy.deepcopy(current.to_json()["Attributes"]) if current else None))
    try:
        _original(self, transact_items)  # its whole-table "backup" is the table itself (_TablesNotCopied)
    except Exception:
        for table_name, key, attrs in reversed(before):
            if attrs is None:
                if self.get_item(table_name, key):
                    self.delete_item(table_name, key)
            else:
                self.put_item(table_name, attrs)
        raise


class _TablesNotCopied:
    """`copy` as moto's DynamoDB models module sees it: a table is not deep-copied (only that method
    copies tables, and its rollback then re-assigns the same object), everything else is."""

    @staticmethod
    def deepcopy(value: Any, memo: dict | None = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


_original = DynamoDBBackend.transact_write_items

# --- writes one at a time -----------------------------------------------------------------------------------
_WRITES = threading.RLock()  # re-entrant: a transaction's rollback writes items again
_WRITE_METHODS = ("put_item", "update_item", "delete_item", "transact_write_items")


def _one_at_a_time(method: Any) -> Any:
    @functools.wraps(method)
    def write(self: DynamoDBBackend, *args: Any, **kwargs: Any) -> Any:
        with _WRITES:
            return method(self, *args, **kwargs)

    write.pisao_one_at_a_time = True  # type: ignore[attr-defined]
    return write

# --- the outbox ---------------------------------------------------------------------------------------------
_SENT: list[dict[str, str]] = []  # oldest first
_SENT_LOCK = threading.Lock()
_original_send_email: Any = None
_original_publish: Any = None


def _note(channel: str, to: str, subject: str, text: str) -> None:
    with _SENT_LOCK:
        _SENT.append({"channel": channel, "to": to, "subject": subject, "text": text,
                      "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})


def _send_email(self: Any, source: str, subject: str, body: str, destinations: dict[str, list[str]]) -> Any:
    message = _original_send_email(self, source, subject, body, destinations)
    _note("email", (destinations.get("ToAddresses") or [""])[0], subject, body)
    return message


def _publish(self: Any, *args: Any, **kwargs: Any) -> Any:
    result = _original_publish(self, *args, **kwargs)
    call = inspect.signature(_original_publish).bind(self, *args, **kwargs).arguments
    if call.get("phone_number"):
        _note("sms", call["phone_number"], "", call["message"])
    return result


def _outbox(request: Any, full_url: str, headers: Any) -> tuple[int, dict, str]:
    with _SENT_LOCK:
        body = json.dumps({"messages": list(_SENT)})
    return 200, {"Content-Type": "application/json"}, body


def apply() -> None:
    from moto.moto_api._internal import urls as moto_api_urls
    from moto.ses.models import SESBackend
    from moto.sns.models import SNSBackend

    global _original_send_email, _original_publish
    if not getattr(DynamoDBBackend.put_item, "pisao_one_at_a_time", False):
        models.copy = _TablesNotCopied
        DynamoDBBackend.transact_write_items = transact_write_items
        for name in _WRITE_METHODS:
            setattr(DynamoDBBackend, name, _one_at_a_time(getattr(DynamoDBBackend, name)))
        _original_send_email, _original_publish = SESBackend.send_email, SNSBackend.publish
        SESBackend.send_email, SNSBackend.publish = _send_email, _publish
        moto_api_urls.url_paths["{0}/moto-api/pisao-outbox"] = _outbox


if __name__ == "__main__":
    import sys

    from moto.server import main

    from infra.local.serving import exit_with_parent

    apply()
    exit_with_parent()
    sys.exit(main(sys.argv[1:]))
