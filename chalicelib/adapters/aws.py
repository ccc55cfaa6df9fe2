"""boto3 clients for the configured region and endpoint (AWS Jakarta, an Indonesian S3/SQS-compatible
cloud, or the local moto server), and the thin adapters the domain uses on top of them."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.core.config import ATTEMPTS, CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS, Settings, settings


@lru_cache(maxsize=16)
def client(service: str) -> Any:
    """boto3 finds the endpoint itself: AWS_ENDPOINT_URL, or per service AWS_ENDPOINT_URL_S3,
    AWS_ENDPOINT_URL_SQS, … for a cloud whose services live at different addresses."""
    cfg: Settings = settings()
    extra = {"s3": {"addressing_style": "path"}} if cfg.endpoint_url and service == "s3" else {}
    return boto3.client(
        service, region_name=cfg.region,
        # A service that is down must fail inside API Gateway's 29 s (botocore's default is 60 s per attempt, 3 tries)
        # so the API answers and falls back (queue → sweeper).
        config=Config(retries={"mode": "standard", "total_max_attempts": ATTEMPTS},
                      connect_timeout=CONNECT_TIMEOUT_SECONDS, read_timeout=READ_TIMEOUT_SECONDS, **extra),
    )


class S3Files:
    """Evidence uploads: the browser sends the file straight to the bucket with a presigned POST."""

    def __init__(self, bucket: str) -> None:
        self.bucket = bucket

    def presign_post(self, key: str, content_type: str, max_bytes: int, expires: int) -> dict:
        return client("s3").generate_presigned_post(
            Bucket=self.bucket, Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
            ExpiresIn=expires,
        )

    def head(self, key: str) -> dict | None:
        try:
            meta = client("s3").head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return {"size": meta["ContentLength"], "contentType": meta.get("ContentType", "")}

    def get(self, key: str, max_bytes: int) -> bytes | None:
        """Reads max_bytes + 1 at most (a Range request, and a capped read for stores that ignore Range), so an
        object far over the limit is refused without being loaded."""
        try:
            body = client("s3").get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{max_bytes}")["Body"]
        except ClientError as exc:
            code = exc.response["Error"]["Code"]
            if code in ("404", "NoSuchKey", "NotFound"):
                return None
            if code == "InvalidRange":  # S3 answers 416 for any range of an empty object
                return b""
            raise
        try:
            return body.read(max_bytes + 1)
        finally:
            body.close()

    def put(self, key: str, data: bytes, content_type: str) -> None:
        client("s3").put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type)

    def delete(self, key: str) -> None:
        client("s3").delete_object(Bucket=self.bucket, Key=key)  # absent is fine: S3 deletes are idempotent

    def view_url(self, key: str, expires: int) -> str:
        """Inline, and as the stored type: the browser shows the document instead of downloading or sniffing it."""
        params = {"Bucket": self.bucket, "Key": key, "ResponseContentDisposition": "inline"}
        meta = self.head(key)
        if meta and meta["contentType"]:
            params["ResponseContentType"] = meta["contentType"]
        return client("s3").generate_presigned_url("get_object", Params=params, ExpiresIn=expires)


class SqsQueue:
    def __init__(self, url: str) -> None:
        self.url = url

    def send(self, body: dict) -> bool:
        """False when the queue cannot take the message now (outage, throttling): the caller has already
        saved what the message is about, and the sweeper sends it again later."""
        try:
            client("sqs").send_message(QueueUrl=self.url, MessageBody=json.dumps(body))
            return True
        except (ClientError, BotoCoreError):
            return False


class StepFunctions:
    """The approval workflow. Executions are named after the application id, so starting twice is harmless."""

    GONE = ("TaskDoesNotExist", "TaskTimedOut", "InvalidToken")

    def __init__(self, state_machine_arn: str) -> None:
        self.arn = state_machine_arn

    def start(self, name: str, payload: dict) -> str:
        execution_arn = self.arn.replace(":stateMachine:", ":execution:") + f":{name}"
        try:
            return client("stepfunctions").start_execution(
                stateMachineArn=self.arn, name=name, input=json.dumps(payload)
            )["executionArn"]
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ExecutionAlreadyExists":
                return execution_arn
            raise

    def succeed(self, token: str, output: dict) -> bool:
        """False when the token is no longer waiting (already answered, timed out, execution gone)."""
        try:
            client("stepfunctions").send_task_success(taskToken=token, output=json.dumps(output))
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] in self.GONE:
                return False
            raise
