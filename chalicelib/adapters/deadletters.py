"""SQS dead-letter queues: each queue's DLQ is read from its own RedrivePolicy, so the list of
queues and DLQs lives only in infra/resources.yaml."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from chalicelib.adapters.aws import client


class SqsDeadLetters:
    def __init__(self, queue_urls: dict[str, str]) -> None:
        self.urls = queue_urls  # name -> source queue URL
        self._dlq: dict[str, str] = {}

    def _dlq_url(self, name: str) -> str:
        if name not in self._dlq:
            policy = client("sqs").get_queue_attributes(QueueUrl=self.urls[name], AttributeNames=["RedrivePolicy"])
            dlq_arn = json.loads(policy["Attributes"]["RedrivePolicy"])["deadLetterTargetArn"]
            account, queue_name = dlq_arn.split(":")[-2:]
            found = client("sqs").get_queue_url(QueueName=queue_name, QueueOwnerAWSAccountId=account)
            self._dlq[name] = found["QueueUrl"]
        return self._dlq[name]

    def _count(self, url: str) -> tuple[int, int]:
        attrs = client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
        return int(attrs["ApproximateNumberOfMessages"]), int(attrs["ApproximateNumberOfMessagesNotVisible"])

    def counts(self, name: str) -> dict[str, int]:
        waiting, in_flight = self._count(self.urls[name])
        dead, dead_hidden = self._count(self._dlq_url(name))
        return {"waiting": waiting, "inFlight": in_flight, "dead": dead + dead_hidden}

    def _receive(self, url: str, limit: int, hide_seconds: int) -> list[dict]:
        got: dict[str, dict] = {}
        for _ in range(limit // 10 + 3):  # visible again at once when peeking: stop at the first repeat
            batch = client("sqs").receive_message(
                QueueUrl=url, MaxNumberOfMessages=min(10, limit - len(got)), VisibilityTimeout=hide_seconds,
                MessageSystemAttributeNames=["SentTimestamp", "ApproximateReceiveCount"]).get("Messages", [])
            fresh = [m for m in batch if m["MessageId"] not in got]
            got |= {m["MessageId"]: m for m in fresh}
            if not fresh or len(got) >= limit:
                break
        return list(got.values())

    def peek(self, name: str, limit: int) -> list[dict]:
        return [{"messageId": m["MessageId"], "body": m["Body"],
                 "sentAt": datetime.fromtimestamp(int(m["Attributes"]["SentTimestamp"]) / 1000, UTC)
                 .strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "receiveCount": int(m["Attributes"]["ApproximateReceiveCount"])}
                for m in self._receive(self._dlq_url(name), limit, 0)]

    def redrive(self, name: str, limit: int) -> int:
        """Send first, delete after: a crash in between leaves a duplicate, never a loss."""
        dlq, moved = self._dlq_url(name), 0
        for message in self._receive(dlq, limit, 60):
            client("sqs").send_message(QueueUrl=self.urls[name], MessageBody=message["Body"])
            client("sqs").delete_message(QueueUrl=dlq, ReceiptHandle=message["ReceiptHandle"])
            moved += 1
        return moved
