"""Queue consumers: validate submissions and start the workflow; do the workflow's task steps."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.backoffice import tasks, validation
from functions import adapters
from functions.http import logger
from functions.sqs import handle_batch

bp = Blueprint(__name__)


@bp.on_sqs_message(queue="pisao-submissions", batch_size=10)
def validate_submission(event):
    return handle_batch(event, lambda body: validation.process_submission(
        body["applicationId"], adapters.uploads(), adapters.state_machine(), adapters.scanner()))


@bp.on_sqs_message(queue="pisao-tasks", batch_size=10)
def workflow_task(event):
    def handle(body: dict) -> None:
        logger.info("workflow task", extra={"kind": body.get("kind"), "application_id": body.get("applicationId")})
        tasks.handle_task(body, adapters.state_machine())

    return handle_batch(event, handle)
