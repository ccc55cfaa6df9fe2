"""The directory table's items (agencies, staff, profiles) as plain dicts, each written with who and when."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from chalicelib.core import clock
from chalicelib.core.models import DirectoryModel


def get(pk: str, sk: str) -> dict | None:
    try:
        return DirectoryModel.get(pk, sk, consistent_read=True).data
    except DoesNotExist:
        return None


def put(pk: str, sk: str, data: dict, actor_id: str) -> dict:
    DirectoryModel(pk=pk, sk=sk, data=data, updated_at=clock.iso(), updated_by=actor_id).save()
    return data


def query(pk: str, prefix: str = "") -> list[dict]:
    condition = DirectoryModel.sk.startswith(prefix) if prefix else None
    return [item.data for item in DirectoryModel.query(pk, condition, consistent_read=True)]
