"""DynamoDB Streams: a record's image arrives in DynamoDB's typed JSON ({"S": "…"}, {"N": "5"}, {"M": {…}});
the handler wants the item as the table's code reads it. boto3 knows the encoding, so the reading is here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from boto3.dynamodb.types import TypeDeserializer

_deserialize = TypeDeserializer().deserialize


def plain_image(image: Mapping[str, Any]) -> dict[str, Any]:
    """{"type": {"S": "submitted"}, "seq": {"N": "3"}} -> {"type": "submitted", "seq": Decimal("3")}."""
    return {name: _deserialize(value) for name, value in image.items()}
