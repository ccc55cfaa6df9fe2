"""moto keeps nothing across restarts, so the local stack saves its data (tables, uploaded files,
accounts) to `.local/state/` and loads it back on the next start."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from infra.local.demo import DEMO_PASSWORD
from infra.local.deploy import load_template
from infra.local.totp import fresh_totp

# Every table of resources.yaml, so a new one is never left out of the snapshot.
TABLES = tuple(r["Properties"]["TableName"] for r in load_template()["Resources"].values()
               if r["Type"] == "AWS::DynamoDB::Table")
BUCKETS = ("pisao-uploads", "pisao-documents")
_INTERNAL_ATTRIBUTES = {"sub"}  # given by the user pool itself


def save(clients: dict[str, Any], pool_id: str, directory: Path) -> None:
    ddb, s3, idp = clients["dynamodb"], clients["s3"], clients["cognito-idp"]
    state: dict[str, Any] = {"tables": {}, "objects": {}, "users": []}
    for table in TABLES:
        items: list[dict] = []
        for page in ddb.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
            items.extend(page["Items"])
        state["tables"][table] = items
    for bucket in BUCKETS:  # after the tables: a file they name has been written before them
        state["objects"][bucket] = _objects(s3, bucket)
    for page in idp.get_paginator("list_users").paginate(UserPoolId=pool_id):
        for user in page["Users"]:
            groups = idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=user["Username"])["Groups"]
            state["users"].append({
                "username": user["Username"], "enabled": user.get("Enabled", True),
                "attributes": {a["Name"]: a["Value"] for a in user["Attributes"]
                               if a["Name"] not in _INTERNAL_ATTRIBUTES},
                "groups": [g["GroupName"] for g in groups],
                "totp": "SOFTWARE_TOKEN_MFA" in idp.admin_get_user(
                    UserPoolId=pool_id, Username=user["Username"]).get("UserMFASettingList", []),
            })
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "state.json"
    partial = target.with_suffix(".tmp")
    with partial.open("w", encoding="utf-8") as out:
        json.dump(state, out)
        out.flush()
        os.fsync(out.fileno())  # on disk before it replaces the previous snapshot
    os.replace(partial, target)  # atomic: a crash mid-save keeps the previous snapshot


def _objects(s3: Any, bucket: str, rounds: int = 5) -> list[dict]:
    """Every object of the bucket. The stack keeps running while this reads: a file listed and then moved
    before it is read (quarantine/ → clean/ as the evidence check passes it) is not an error; the bucket is
    listed again for what took its place (its successor is written before it is deleted), until a round in
    which nothing vanished. Only what the last listing holds is kept."""
    captured: dict[str, dict] = {}
    listed: set[str] = set()
    for _ in range(rounds):
        vanished = False
        listed = set()
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for entry in page.get("Contents", []):
                key = entry["Key"]
                listed.add(key)
                if captured.get(key, {}).get("etag") == entry.get("ETag"):
                    continue  # read in an earlier round, unchanged
                try:
                    obj = s3.get_object(Bucket=bucket, Key=key)
                except ClientError as err:
                    if err.response.get("Error", {}).get("Code") not in ("NoSuchKey", "404"):
                        raise
                    vanished = True
                    listed.discard(key)
                    continue
                captured[key] = {"key": key, "contentType": obj.get("ContentType", ""), "etag": obj.get("ETag"),
                                 "body": base64.b64encode(obj["Body"].read()).decode()}
        if not vanished:
            break
    return [{k: v for k, v in captured[key].items() if k != "etag"} for key in sorted(listed) if key in captured]


def _reenrol_authenticator(idp: Any, client_id: str, username: str) -> None:
    """moto cannot import an enrolled authenticator: enrol it again as the person would (moto gives every
    user the same secret, so their app's codes keep working)."""
    auth = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": username, "PASSWORD": DEMO_PASSWORD})
    access = auth["AuthenticationResult"]["AccessToken"]
    secret = idp.associate_software_token(AccessToken=access)["SecretCode"]
    idp.verify_software_token(AccessToken=access, UserCode=fresh_totp(secret))
    idp.set_user_mfa_preference(AccessToken=access, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})


def restore(clients: dict[str, Any], pool_id: str, client_id: str, directory: Path) -> bool:
    """Load the last snapshot; False when there is none (a first start)."""
    source = directory / "state.json"
    if not source.exists():
        return False
    state = json.loads(source.read_text(encoding="utf-8"))
    ddb, s3, idp = clients["dynamodb"], clients["s3"], clients["cognito-idp"]
    for table, items in state["tables"].items():
        for item in items:
            ddb.put_item(TableName=table, Item=item)
    for bucket, objects in state["objects"].items():
        for obj in objects:
            s3.put_object(Bucket=bucket, Key=obj["key"], Body=base64.b64decode(obj["body"]),
                          ContentType=obj["contentType"] or "application/octet-stream")
    for user in state["users"]:
        # moto cannot export password hashes: every restored local account gets the demo password
        # (printed at start-up), and keeps its attributes (person id, so its applications are its own).
        idp.admin_create_user(UserPoolId=pool_id, Username=user["username"], MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": k, "Value": v} for k, v in user["attributes"].items()])
        idp.admin_set_user_password(UserPoolId=pool_id, Username=user["username"], Password=DEMO_PASSWORD,
                                    Permanent=True)
        for group in user["groups"]:
            idp.admin_add_user_to_group(UserPoolId=pool_id, Username=user["username"], GroupName=group)
        if user.get("totp"):
            _reenrol_authenticator(idp, client_id, user["username"])
        if not user.get("enabled", True):
            idp.admin_disable_user(UserPoolId=pool_id, Username=user["username"])
    return True
