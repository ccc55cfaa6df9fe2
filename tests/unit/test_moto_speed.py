"""The test cloud's shortcuts in moto (tests/moto_speed.py) answer exactly what moto answers: the same
bytes for every read and write of items holding each attribute type, in the same order, page by page."""

from __future__ import annotations

import random

import boto3
from moto import mock_aws

from tests import moto_speed

REGION = "ap-southeast-3"


def _value(rng: random.Random, depth: int = 0) -> dict:
    kinds = ["S", "N", "B", "SS", "NS", "BS", "NULL", "BOOL"] + (["M", "L"] if depth < 3 else [])
    kind = rng.choice(kinds)
    if kind == "S":
        return {"S": rng.choice(["", "Siti", "ñ €", "a.b"])}
    if kind == "N":
        return {"N": rng.choice(["0", "-1.5", "10", "1e3", "12345678901234567890"])}
    if kind == "B":
        return {"B": bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5)))}
    if kind == "SS":
        return {"SS": rng.sample(["a", "b", "S", "null"], 2)}
    if kind == "NS":
        return {"NS": rng.sample(["1", "2.5", "-3"], 2)}
    if kind == "BS":
        return {"BS": [b"\x00", b"\xff\x01"]}
    if kind == "NULL":
        return {"NULL": True}
    if kind == "BOOL":
        return {"BOOL": rng.random() < 0.5}
    if kind == "M":  # member names as map keys too: they are data, not members
        return {"M": {k: _value(rng, depth + 1) for k in rng.sample(["S", "M", "x", "NULL", "l"], 3)}}
    return {"L": [_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]}


def _conversation() -> list[bytes]:
    """Every answer's body, for writes, reads, queries and scans on two tables with keys out of order."""
    rng = random.Random(15)
    bodies: list[bytes] = []
    with mock_aws():
        db = boto3.client("dynamodb", region_name=REGION)
        db.create_table(
            TableName="events", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": t}
                                  for a, t in (("pk", "S"), ("seq", "N"), ("kind", "S"))],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "seq", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{"IndexName": "by_kind", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}]}])
        db.create_table(
            TableName="counters", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "n", "AttributeType": "N"}],
            KeySchema=[{"AttributeName": "n", "KeyType": "HASH"}])
        db.meta.events.register("after-call.dynamodb", lambda http_response, **_: bodies.append(http_response.content))
        for i in rng.sample(range(60), 60):
            extra = {f"a{j}": _value(rng) for j in range(rng.randrange(1, 8))}
            db.put_item(TableName="events", Item={"pk": {"S": f"app-{i % 7}"}, "seq": {"N": str(i * 7 % 23 - 9)},
                                                  "kind": {"S": rng.choice(["x", "y"])}, **extra})
            db.put_item(TableName="counters", Item={"n": {"N": str(i * 13 % 61 - 30)}, **extra},
                        ReturnValues="ALL_OLD")
        db.update_item(TableName="events", Key={"pk": {"S": "app-3"}, "seq": {"N": "-6"}},
                       UpdateExpression="SET note = :v", ExpressionAttributeValues={":v": _value(rng)},
                       ReturnValues="ALL_NEW")
        db.get_item(TableName="events", Key={"pk": {"S": "app-3"}, "seq": {"N": "-6"}}, ConsistentRead=True)
        db.get_item(TableName="events", Key={"pk": {"S": "none"}, "seq": {"N": "1"}})
        for pk in ("app-0", "app-3", "app-6", "none"):
            for forward in (True, False):
                db.query(TableName="events", KeyConditionExpression="pk = :p",
                         ExpressionAttributeValues={":p": {"S": pk}}, ScanIndexForward=forward)
            db.query(TableName="events", KeyConditionExpression="pk = :p AND seq > :s",
                     ExpressionAttributeValues={":p": {"S": pk}, ":s": {"N": "-3"}})
            start: dict = {}
            while True:  # page by page
                page = db.query(TableName="events", KeyConditionExpression="pk = :p", Limit=2,
                                ExpressionAttributeValues={":p": {"S": pk}}, **start)
                if "LastEvaluatedKey" not in page:
                    break
                start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
        db.query(TableName="counters", KeyConditionExpression="n = :n", ExpressionAttributeValues={":n": {"N": "4"}})
        db.query(TableName="events", IndexName="by_kind", KeyConditionExpression="kind = :k",
                 ExpressionAttributeValues={":k": {"S": "x"}})
        db.scan(TableName="events")
        db.scan(TableName="counters", Limit=5)
        db.batch_get_item(RequestItems={"counters": {"Keys": [{"n": {"N": "4"}}, {"n": {"N": "-30"}}]}})
        db.transact_get_items(TransactItems=[{"Get": {"TableName": "events",
                                                      "Key": {"pk": {"S": "app-1"}, "seq": {"N": "-2"}}}}])
        db.delete_item(TableName="counters", Key={"n": {"N": "4"}}, ReturnValues="ALL_OLD")
    return bodies


def test_the_shortcuts_answer_what_moto_answers_byte_for_byte():
    applied = moto_speed.Table.query is moto_speed._query
    try:
        moto_speed.restore()
        as_moto = _conversation()
        moto_speed.apply()
        shortcut = _conversation()
    finally:
        (moto_speed.apply if applied else moto_speed.restore)()
    assert len(as_moto) > 100 and any(b'"NULL": true' in b and b'"BS": [' in b for b in as_moto)
    assert shortcut == as_moto
