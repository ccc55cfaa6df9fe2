"""SQS batch handling shared by the consumers: each message is handled on its own and only the
failed ones are reported back (ReportBatchItemFailures), so they alone are retried and, after the
queue's maxReceiveCount, moved to its dead-letter queue."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from functions.http import logger


def handle_batch(records: Iterable[Any], handle: Callable[[dict], object]) -> dict:
    failures = []
    for record in records:
        raw = record.to_dict()
        try:
            handle(json.loads(record.body))
        except Exception:  # noqa: BLE001 - any failure: report this message, keep the batch going
            logger.exception("message failed", extra={"message_id": raw.get("messageId")})
            failures.append({"itemIdentifier": raw.get("messageId")})
    return {"batchItemFailures": failures}
