"""The concrete adapters each handler hands to the domain, built from configuration."""

from __future__ import annotations

from chalicelib.adapters.aws import S3Files, SqsQueue, StepFunctions
from chalicelib.adapters.clamav import ClamdScanner
from chalicelib.adapters.cognito import CognitoAccounts
from chalicelib.adapters.deadletters import SqsDeadLetters
from chalicelib.adapters.messages import Messenger
from chalicelib.adapters.streams import plain_image as plain_image  # re-exported for the stream consumers
from chalicelib.core.config import settings


def uploads() -> S3Files:
    return S3Files(settings().uploads_bucket)


def documents() -> S3Files:
    return S3Files(settings().documents_bucket)


def submissions() -> SqsQueue:
    return SqsQueue(settings().submissions_queue_url)


def state_machine() -> StepFunctions:
    return StepFunctions(settings().state_machine_arn)


def accounts() -> CognitoAccounts:
    return CognitoAccounts(settings().user_pool_id, settings().user_pool_client_id)


def messenger() -> Messenger:
    return Messenger(settings().mail_from)


def scanner() -> ClamdScanner:
    return ClamdScanner.from_settings()


def dead_letters() -> SqsDeadLetters:
    cfg = settings()
    return SqsDeadLetters({"submissions": cfg.submissions_queue_url, "tasks": cfg.tasks_queue_url})
