"""The event pump: delivers SQS messages and DynamoDB stream records to the same handler functions
that AWS Lambda calls, in the same event shapes, with the same batch-failure semantics, and runs the
scheduled handlers (EventBridge) when asked. `chalice local` serves HTTP only; this is the rest of the
local cloud. Wiring comes from the app's own event sources."""

from __future__ import annotations

import importlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config

DELIVERY_WAIT_SECONDS = 0


class LambdaContext:
    """Enough of Lambda's context object for Chalice and Powertools."""

    def __init__(self, name: str) -> None:
        self.function_name = name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:local:123456789012:function:{name}"
        self.memory_limit_in_mb = 512
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def _handler(handler_string: str) -> Callable[[dict, Any], Any]:
    module, name = handler_string.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def _lambda_stream_record(record: dict, stream_arn: str) -> dict:
    """boto3 parses the creation time into a datetime; Lambda delivers epoch seconds."""
    dynamodb = dict(record["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if hasattr(created, "timestamp"):
        dynamodb["ApproximateCreationDateTime"] = created.timestamp()
    return {**record, "dynamodb": dynamodb, "eventSourceARN": stream_arn}


@dataclass
class EventPump:
    region: str
    endpoint_url: str | None
    events_stream_arn: str
    checkpoints: dict[str, str] = field(default_factory=dict)  # shard id -> last sequence number delivered
    delivered: int = 0

    def __post_init__(self) -> None:
        import app  # noqa: PLC0415 - the app declares its event sources

        kw = {"region_name": self.region, "endpoint_url": self.endpoint_url}
        self.sqs = boto3.client("sqs", **kw)
        # Classic stream endpoints: moto does not route the account-based host names yet.
        self.streams = boto3.client("dynamodbstreams", config=Config(account_id_endpoint_mode="disabled"), **kw)
        self.queues: list[tuple[str, str, str, int]] = []  # (url, arn, handler, batch size)
        self.stream_handlers: list[tuple[str, int]] = []
        self.schedules: list[str] = []  # handler strings of scheduled functions
        for source in app.app.event_sources:
            kind = type(source).__name__
            if kind == "SQSEventConfig":
                url = self.sqs.get_queue_url(QueueName=source.queue)["QueueUrl"]
                arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
                self.queues.append((url, arn, source.handler_string, source.batch_size))
            elif kind == "DynamoDBEventConfig":
                self.stream_handlers.append((source.handler_string, source.batch_size))
            elif kind == "ScheduledEventConfig":
                self.schedules.append(source.handler_string)
            else:
                raise ValueError(f"the local event pump does not deliver {kind} yet")

    def run_schedules(self) -> list[Any]:
        """Invoke every scheduled function once, with EventBridge's event shape; returns their results."""
        results = []
        for handler in self.schedules:
            event = {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
                     "account": "123456789012", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                     "region": self.region, "resources": [], "detail": {}}
            results.append(_handler(handler)(event, LambdaContext(handler.rsplit(".", 1)[1])))
        return results

    def pump_once(self) -> int:
        """One round over every queue and stream; returns how many messages/records were delivered."""
        count = sum(self._pump_queue(*q) for q in self.queues)
        count += self._pump_stream()
        self.delivered += count
        return count

    def _pump_queue(self, url: str, arn: str, handler: str, batch_size: int) -> int:
        received = self.sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=min(batch_size, 10), WaitTimeSeconds=DELIVERY_WAIT_SECONDS,
            MessageSystemAttributeNames=["All"],
        ).get("Messages", [])
        if not received:
            return 0
        records = [{
            "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
            "attributes": m.get("Attributes", {}), "messageAttributes": {}, "md5OfBody": m["MD5OfBody"],
            "eventSource": "aws:sqs", "eventSourceARN": arn, "awsRegion": self.region,
        } for m in received]
        try:
            result = _handler(handler)({"Records": records}, LambdaContext(handler)) or {}
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        except Exception:  # noqa: BLE001 - a crashed invocation fails the whole batch, as on Lambda
            failed = {r["messageId"] for r in records}
        done = [{"Id": str(i), "ReceiptHandle": r["receiptHandle"]}
                for i, r in enumerate(records) if r["messageId"] not in failed]
        if done:
            self.sqs.delete_message_batch(QueueUrl=url, Entries=done)
        return len(records)

    def _pump_stream(self) -> int:
        if not self.stream_handlers:
            return 0
        count = 0
        shards = self.streams.describe_stream(StreamArn=self.events_stream_arn)["StreamDescription"]["Shards"]
        for shard in shards:
            shard_id = shard["ShardId"]
            after = self.checkpoints.get(shard_id)
            args = {"StreamArn": self.events_stream_arn, "ShardId": shard_id}
            args |= ({"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": after} if after
                     else {"ShardIteratorType": "TRIM_HORIZON"})
            # moto may answer without an iterator (a shard it no longer has, or while it stops): next round.
            iterator = self.streams.get_shard_iterator(**args).get("ShardIterator")
            if not iterator:
                continue
            records = self.streams.get_records(ShardIterator=iterator, Limit=100).get("Records", [])
            if not records:
                continue
            for handler, batch_size in self.stream_handlers:
                for start in range(0, len(records), batch_size):
                    batch = [_lambda_stream_record(r, self.events_stream_arn)
                             for r in records[start:start + batch_size]]
                    # Like Lambda, a failing batch is retried (next round) and blocks the shard behind it.
                    _handler(handler)({"Records": batch}, LambdaContext(handler))
            self.checkpoints[shard_id] = records[-1]["dynamodb"]["SequenceNumber"]
            count += len(records)
        return count

    def run_until(self, done: Callable[[], bool], timeout: float = 20.0, idle_sleep: float = 0.05) -> None:
        """Pump until `done()` holds (tests), or raise after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError("the expected state was not reached")
            if self.pump_once() == 0:
                time.sleep(idle_sleep)
