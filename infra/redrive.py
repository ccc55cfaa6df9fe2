"""The dead-letter queues from a terminal, for operators (the system admin has the same in the console):

    python -m infra.redrive                       # each queue: waiting, in flight, dead letters
    python -m infra.redrive show submissions      # what the dead letters are about (no task tokens)
    python -m infra.redrive redrive submissions   # send them back to their queue once the cause is fixed

Against the local stack: --endpoint-url http://127.0.0.1:5000 (the moto server); in production the
operator's own AWS credentials (CloudTrail records who ran it) in ap-southeast-3."""

from __future__ import annotations

import argparse
import json
import os

import boto3

from chalicelib.adapters.deadletters import SqsDeadLetters
from chalicelib.operations import deadletters


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.redrive", description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", choices=["list", "show", "redrive"], default="list")
    parser.add_argument("queue", nargs="?", choices=sorted(deadletters.QUEUES))
    parser.add_argument("--limit", type=int, default=deadletters.MAX_BATCH)
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "ap-southeast-3"))
    parser.add_argument("--endpoint-url", default=os.environ.get("AWS_ENDPOINT_URL"))
    args = parser.parse_args(argv)
    if args.action != "list" and not args.queue:
        parser.error(f"name the queue: {', '.join(sorted(deadletters.QUEUES))}")
    os.environ["AWS_REGION"] = os.environ["AWS_DEFAULT_REGION"] = args.region
    if args.endpoint_url:
        os.environ["AWS_ENDPOINT_URL"] = args.endpoint_url
    sqs = boto3.client("sqs", region_name=args.region, endpoint_url=args.endpoint_url)
    queues = SqsDeadLetters({name: sqs.get_queue_url(QueueName=f"pisao-{name}")["QueueUrl"]
                             for name in deadletters.QUEUES})
    if args.action == "list":
        for row in deadletters.overview(queues, "en"):
            print(f"{row['name']:<12} waiting {row['waiting']:>6}  in flight {row['inFlight']:>6}  "
                  f"dead letters {row['dead']:>6}   {row['label']}")
    elif args.action == "show":
        for message in queues.peek(args.queue, min(args.limit, deadletters.MAX_BATCH)):
            print(json.dumps(deadletters.summary(message)))
    else:
        moved = queues.redrive(args.queue, args.limit)
        print(f"{moved} message(s) moved from the {args.queue} dead-letter queue back to pisao-{args.queue}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
