"""Shortcuts in moto for the in-process test cloud; every answer stays what moto itself gives
(tests/unit/test_moto_speed.py compares them), only sooner. Together they take the 500-application
fault test from ~11 to ~4 minutes.

1. Answers: moto writes each DynamoDB answer by walking the botocore model, and for every attribute value
   it tries each of AttributeValue's ten members (S, N, B, SS, ... BOOL) under six alias rules: ~15 ms for
   an item of thirty attributes, half the time the suite spent in moto. An attribute value moto hands over
   as a plain dict whose keys are all member names ({"S": "..."}) can only be matched by those names, so
   here just the members present are written, each by moto's own writer.

2. Item order: before every query and scan moto sorts the whole table by its keys with DynamoType
   comparisons, which recompute the values they compare. Here the sort compares the keys' plain values,
   the same order as long as all keys of a table have one type, as moto's put_item enforces (otherwise
   moto's own sort runs). A query on the table's own key then reads only that key's partition, which is
   all that moto's query keeps of the sorted table anyway.

3. moto lists the methods of the response class (inspect.getmembers) on every request; the list of a
   class is kept here after the first request."""

from __future__ import annotations

import functools
import inspect
import threading
from typing import Any

from moto.core import responses as core_responses
from moto.core.serialize import BaseJSONSerializer
from moto.dynamodb.models.table import Table

_original_structure = BaseJSONSerializer._serialize_type_structure
_original_all_items = Table.all_items
_original_query = Table.query
_original_method_names = core_responses.method_names_from_class
_QUERY = inspect.signature(_original_query)
_partition = threading.local()  # the table a query on its own key is reading, and that key's items


def _serialize_type_structure(self: BaseJSONSerializer, serialized: Any, value: Any, shape: Any, key: str) -> None:
    members = shape.members
    if shape.name != "AttributeValue" or not key or type(value) is not dict or not value.keys() <= members.keys() \
            or _transformed(self, members):
        return _original_structure(self, serialized, value, shape, key)
    wrapper = self.MAP_TYPE()
    for member_key, member_shape in members.items():  # the model's order, as moto writes them
        member_shape.parent = shape
        member_value = value.get(member_key)
        if member_value is not None:
            self._serialize(wrapper, member_value, member_shape, member_key)
    self._default_serialize(serialized, wrapper, shape, key)


def _transformed(serializer: BaseJSONSerializer, members: Any) -> bool:
    """A response transformer moto would apply to one of the members (none in DynamoDB's answers)."""
    transformers = getattr(serializer._value_picker, "response_transformers", None)
    if not transformers:
        return False
    here = ".".join(serializer.path)
    return any(f"{here}.{m}".endswith(path) for m in members for path in transformers)


def _sorted(table: Table, items: list) -> list | None:
    """`items` in moto's order (by hash key, then range key), or None if their key types are mixed."""
    if table.range_key_attr:
        if any(i.range_key is None for i in items) or len({i.hash_key.type for i in items}) > 1 \
                or len({i.range_key.type for i in items}) > 1:
            return None
        return sorted(items, key=lambda x: (x.hash_key.cast_value, x.range_key.cast_value))
    if len({i.hash_key.type for i in items}) > 1:
        return None
    return sorted(items, key=lambda x: x.hash_key.cast_value)


def _all_items(self: Table) -> list:
    hint = getattr(_partition, "table", None)
    if hint is not None and hint[0] is self:
        found = _sorted(self, hint[1])
        if found is not None:
            return found
    items = []
    for hash_set in self.items.values():
        if self.range_key_attr:
            items.extend(hash_set.values())
        else:
            items.append(hash_set)
    found = _sorted(self, items)
    return _original_all_items(self) if found is None else found


def _query(self: Table, *args: Any, **kwargs: Any) -> Any:
    asked = _QUERY.bind(self, *args, **kwargs).arguments
    hash_key = asked["hash_key"]
    if asked.get("index_name") is not None or hash_key is None:
        return _original_query(self, *args, **kwargs)
    # moto's query on the table key keeps, of all items, those whose hash key equals `hash_key`:
    # the items filed under that key (dict.get: the defaultdict gains no empty partition).
    partition = self.items.get(hash_key)
    items = [] if partition is None else list(partition.values()) if self.range_key_attr else [partition]
    _partition.table = (self, items)
    try:
        return _original_query(self, *args, **kwargs)
    finally:
        _partition.table = None


@functools.cache
def _method_names(clazz: type) -> list[str]:
    return _original_method_names(clazz)


def apply() -> None:
    BaseJSONSerializer._serialize_type_structure = _serialize_type_structure
    Table.all_items = _all_items
    Table.query = _query
    core_responses.method_names_from_class = _method_names


def restore() -> None:
    BaseJSONSerializer._serialize_type_structure = _original_structure
    Table.all_items = _original_all_items
    Table.query = _original_query
    core_responses.method_names_from_class = _original_method_names
