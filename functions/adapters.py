"""The concrete adapters each handler hands to the domain, built from configuration."""

from __future__ import annotations

from chalicelib.adapters.aws import CognitoLogin, S3Files, SqsQueue, StepFunctions
from chalicelib.config import settings


def uploads() -> S3Files:
    return S3Files(settings().uploads_bucket)


def submissions() -> SqsQueue:
    return SqsQueue(settings().submissions_queue_url)


def workflow() -> StepFunctions:
    return StepFunctions(settings().state_machine_arn)


def login() -> CognitoLogin:
    return CognitoLogin(settings().user_pool_client_id)
