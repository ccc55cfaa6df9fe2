"""The event stream (DynamoDB Streams on the events table) fans out to the citizen's inbox."""

from __future__ import annotations

import json
import os

from chalice import Blueprint

from chalicelib.notifications import inbox
from functions import adapters
from functions.http import logger

bp = Blueprint(__name__)

# Chalice needs an ARN at import time; the deployment template replaces it with the real stream.
EVENTS_STREAM_ARN = os.environ.get(
    "EVENTS_STREAM_ARN", "arn:aws:dynamodb:ap-southeast-3:000000000000:table/pisao-events/stream/placeholder")


@bp.on_dynamodb_record(stream_arn=EVENTS_STREAM_ARN, batch_size=50, starting_position="TRIM_HORIZON")
def on_application_event(event):
    for record in event:
        if record.event_name != "INSERT":
            continue
        item = adapters.plain_image(record.new_image)
        data = json.loads(item.get("data") or "{}")  # a JSONAttribute: a string in the stream's image
        if inbox.record({**item, "data": data}) is not None:
            logger.info("notification written", extra={"aggregate_id": item["aggregate_id"], "type": item["type"]})
