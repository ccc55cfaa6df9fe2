"""The production web build lands in the web bucket with the right types and caching."""

import boto3
from moto import mock_aws

from infra.publish_web import publish


def test_publish_sets_types_and_cache(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>PISAO</title>")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    (tmp_path / "assets" / "index-abc123.css").write_text("body{}")
    (tmp_path / "assets" / "index-abc123.js.gz").write_bytes(b"\x1f\x8b")  # the local front's copies: CloudFront
    (tmp_path / "assets" / "index-abc123.js.br").write_bytes(b"\x0b")  # compresses in production
    with mock_aws():
        s3 = boto3.client("s3", region_name="ap-southeast-3")
        s3.create_bucket(Bucket="pisao-web", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"})
        assert publish("pisao-web", tmp_path, s3) == ["assets/index-abc123.css", "assets/index-abc123.js", "index.html"]
        index = s3.head_object(Bucket="pisao-web", Key="index.html")
        script = s3.head_object(Bucket="pisao-web", Key="assets/index-abc123.js")
        assert (index["ContentType"], index["CacheControl"]) == ("text/html", "no-cache")
        assert script["ContentType"] in ("text/javascript", "application/javascript")
        assert "immutable" in script["CacheControl"]
