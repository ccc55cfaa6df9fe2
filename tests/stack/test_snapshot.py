"""Issue 14, finding 7: the periodic snapshot runs while the stack works. A file listed and then moved before it
is read (the evidence check passing it from quarantine/ to clean/) must neither fail the snapshot (it did, with
NoSuchKey) nor be lost from it."""

import base64
import json

import boto3
import pytest

from infra.local import snapshot
from tests.cloud import REGION, TINY_PNG, local_cloud

pytestmark = pytest.mark.stack
UPLOADS = "pisao-uploads"
QUARANTINED = "quarantine/APP1/foto_ktp/0f3c"
CLEAN, RECEIPT = "clean/APP1/foto_ktp/9a8b7c6d5e4f3a2b", "checked/APP1/foto_ktp/0f3c.json"


class CheckRunsMidSnapshot:
    """The S3 client the snapshot reads through; the first time it reads the quarantined file, the evidence
    check gets there first and moves it, in the check's own order (clean copy, receipt, delete)."""

    def __init__(self, s3) -> None:
        self.s3, self.moved = s3, False

    def __getattr__(self, name):
        return getattr(self.s3, name)

    def get_object(self, **kw):
        if kw["Key"] == QUARANTINED and not self.moved:
            self.moved = True
            self.s3.put_object(Bucket=UPLOADS, Key=CLEAN, Body=TINY_PNG, ContentType="image/png")
            self.s3.put_object(Bucket=UPLOADS, Key=RECEIPT, Body=b'{"status": "accepted"}',
                               ContentType="application/json")
            self.s3.delete_object(Bucket=UPLOADS, Key=QUARANTINED)
        return self.s3.get_object(**kw)


def test_a_file_moved_out_of_quarantine_mid_snapshot_is_saved_where_it_went(tmp_path):
    with local_cloud(tmp_path) as cloud:
        clients = {s: boto3.client(s, region_name=REGION) for s in ("dynamodb", "s3", "cognito-idp")}
        clients["s3"].put_object(Bucket=UPLOADS, Key=QUARANTINED, Body=TINY_PNG, ContentType="image/png")
        clients["s3"].put_object(Bucket=UPLOADS, Key="clean/APP0/foto_ktp/1111", Body=b"earlier")
        clients["s3"] = CheckRunsMidSnapshot(clients["s3"])
        snapshot.save(clients, cloud.env["USER_POOL_ID"], tmp_path / "state")
    assert clients["s3"].moved
    saved = json.loads((tmp_path / "state" / "state.json").read_text(encoding="utf-8"))["objects"][UPLOADS]
    by_key = {o["key"]: o for o in saved}
    assert set(by_key) == {CLEAN, RECEIPT, "clean/APP0/foto_ktp/1111"}  # where it went, not where it was
    assert base64.b64decode(by_key[CLEAN]["body"]) == TINY_PNG and by_key[CLEAN]["contentType"] == "image/png"
    assert base64.b64decode(by_key["clean/APP0/foto_ktp/1111"]["body"]) == b"earlier"
