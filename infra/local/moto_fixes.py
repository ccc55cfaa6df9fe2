"""One fix to moto for a local cloud that holds more than a handful of records.

moto's DynamoDB TransactWriteItems deep-copies every table it touches before writing, to roll back
on failure: with the events table and its stream that copy grows with every write, and at a few
hundred applications each submit takes seconds. Here the rollback copies only the items the
transaction touches; what is checked and written, and the errors returned, are moto's own.

    python -m infra.local.moto_fixes -H 127.0.0.1 -p 5000   # moto.server with the fix (the local stack)
"""

from __future__ import annotations

import copy
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


def apply() -> None:
    if DynamoDBBackend.transact_write_items is not transact_write_items:
        models.copy = _TablesNotCopied
        DynamoDBBackend.transact_write_items = transact_write_items


if __name__ == "__main__":
    import sys

    from moto.server import main

    apply()
    sys.exit(main(sys.argv[1:]))
