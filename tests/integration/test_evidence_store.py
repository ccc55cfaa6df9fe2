"""The way out of quarantine on S3 (moto, ap-southeast-3): files arrive as a browser sends them (presigned POST,
whose size and type conditions moto does not enforce, like some S3-compatible stores), then check_upload moves
what passes to clean/ and deletes the rest; the scanner is the clamd simulator over TCP."""

from __future__ import annotations

import json
import uuid
from io import BytesIO
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
import requests
from moto import mock_aws
from PIL import Image

from chalicelib.adapters import aws
from chalicelib.adapters.aws import S3Files
from chalicelib.adapters.clamav import ClamdScanner
from chalicelib.core import config
from chalicelib.core.ports import ScanFailed
from chalicelib.evidence.checkpoint import check_upload, receipt_key, staff_view_url
from infra.local.clamd import start_clamd
from tests.evidence_files import EICAR, GPS_IFD, jpeg, minimal_pdf, png_bomb, written_pdf

REGION = "ap-southeast-3"
BUCKET = "pisao-uploads-test"
APP = "01JAPPLICATION0000000000001"
FIELD = "foto_ktp"
QUESTION = {"id": FIELD, "type": "file", "accept": ["image/jpeg", "image/png", "application/pdf"],
            "maxBytes": 5 * 1024 * 1024}


@pytest.fixture(scope="module")
def scanner():
    host, port, stop = start_clamd(port=0)
    yield ClamdScanner(host, port, timeout=5)
    stop()


@pytest.fixture
def s3():
    with mock_aws():
        aws.client.cache_clear()
        config.settings.cache_clear()
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield client
    aws.client.cache_clear()
    config.settings.cache_clear()


@pytest.fixture
def files(s3):
    return S3Files(BUCKET)


def browser_upload(files: S3Files, content: bytes, declared: str = "image/jpeg", filename: str = "foto.jpg") -> dict:
    """What request_upload and the browser do: presign to a quarantine key, POST the file, keep the record."""
    key = f"quarantine/{APP}/{FIELD}/{uuid.uuid4().hex}"
    post = files.presign_post(key, declared, QUESTION["maxBytes"], 900)
    response = requests.post(post["url"], data=post["fields"], files={"file": (filename, content)}, timeout=10)
    assert response.status_code in (200, 204), response.text
    return {"key": key, "filename": filename, "contentType": declared, "size": len(content)}


def keys(s3, prefix: str) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])]


def test_a_good_photo_moves_to_the_clean_store_without_its_location(s3, files, scanner):
    upload = browser_upload(files, jpeg(640, 480, gps=True))

    checked = check_upload(APP, FIELD, upload, QUESTION, files, scanner)

    assert checked["status"] == "accepted"
    assert checked["key"] == f"clean/{APP}/{FIELD}/{checked['sha256'][:16]}"
    assert (checked["contentType"], checked["width"], checked["height"]) == ("image/jpeg", 640, 480)
    assert checked["filename"] == "foto.jpg" and checked["checkedAt"].endswith("Z")
    stored = s3.get_object(Bucket=BUCKET, Key=checked["key"])
    assert stored["ContentType"] == "image/jpeg"
    body = stored["Body"].read()
    assert len(body) == checked["size"]
    with Image.open(BytesIO(body)) as image:
        assert not image.getexif().get_ifd(GPS_IFD)
    assert keys(s3, f"quarantine/{APP}/") == []


def test_a_pdf_sent_as_jpeg_is_stored_as_the_pdf_it_is(s3, files, scanner):
    document = written_pdf(pages=2)
    checked = check_upload(APP, FIELD, browser_upload(files, document, "image/jpeg"), QUESTION, files, scanner)
    assert (checked["status"], checked["contentType"], checked["pages"]) == ("accepted", "application/pdf", 2)
    stored = s3.get_object(Bucket=BUCKET, Key=checked["key"])
    assert stored["ContentType"] == "application/pdf" and stored["Body"].read() == document


@pytest.mark.parametrize(("content", "code"), [
    (b"<html><script>alert(document.cookie)</script></html>", "file_type_fake"),
    (EICAR, "file_infected"),
    (png_bomb(60_000, 60_000), "image_too_large"),
    (minimal_pdf(catalog=b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"), "pdf_active_content"),
    (b"%PDF-1.7\n" + bytes(5 * 1024 * 1024), "file_too_large"),
], ids=["html-as-jpeg", "eicar", "bomb", "pdf-js", "oversized"])
def test_a_bad_file_is_deleted_from_quarantine_and_never_reaches_the_clean_store(s3, files, scanner, content, code):
    upload = browser_upload(files, content)  # moto stores it whatever the presigned conditions said
    assert keys(s3, upload["key"]) == [upload["key"]]

    checked = check_upload(APP, FIELD, upload, QUESTION, files, scanner)

    assert (checked["status"], checked["code"]) == ("rejected", code)
    assert checked["problem"]["id"] and checked["problem"]["en"]
    assert keys(s3, f"quarantine/{APP}/") == []
    assert keys(s3, "clean/") == []
    assert staff_view_url(checked, files, 300) is None


def test_a_redelivery_gives_the_same_answer(s3, files, scanner):
    good, bad = browser_upload(files, jpeg()), browser_upload(files, EICAR, "application/pdf", "surat.pdf")

    first = [check_upload(APP, FIELD, u, QUESTION, files, scanner) for u in (good, bad)]
    again = [check_upload(APP, FIELD, u, QUESTION, files, scanner) for u in (good, bad)]  # the same message
    from_record = [check_upload(APP, FIELD, r, QUESTION, files, scanner) for r in first]  # the stored record

    assert again == first and from_record == first
    assert [r["status"] for r in first] == ["accepted", "rejected"]
    assert keys(s3, "clean/") == [first[0]["key"]]


class CrashOnDelete(S3Files):
    """The function dies after writing the clean copy and the receipt, before deleting the quarantined object."""

    def delete(self, key: str) -> None:
        raise TimeoutError("Lambda timed out")


def test_a_retry_after_a_crash_finishes_the_move(s3, files, scanner):
    upload = browser_upload(files, jpeg())
    with pytest.raises(TimeoutError):
        check_upload(APP, FIELD, upload, QUESTION, CrashOnDelete(BUCKET), scanner)
    assert keys(s3, upload["key"]) == [upload["key"]]  # left behind by the crash

    checked = check_upload(APP, FIELD, upload, QUESTION, files, scanner)

    assert checked == json.loads(s3.get_object(Bucket=BUCKET, Key=receipt_key(upload["key"]))["Body"].read())
    assert checked["status"] == "accepted"
    assert keys(s3, f"quarantine/{APP}/") == []


def test_when_the_scanner_is_down_the_file_waits_in_quarantine(s3, files, scanner):
    upload = browser_upload(files, jpeg())
    host, port, stop = start_clamd(port=0)
    stop()  # nothing listens there any more
    with pytest.raises(ScanFailed):
        check_upload(APP, FIELD, upload, QUESTION, files, ClamdScanner(host, port, timeout=2))
    assert keys(s3, upload["key"]) == [upload["key"]]
    assert keys(s3, "clean/") == []

    assert check_upload(APP, FIELD, upload, QUESTION, files, scanner)["status"] == "accepted"


def test_nothing_uploaded_is_missing(files, scanner):
    upload = {"key": f"quarantine/{APP}/{FIELD}/{uuid.uuid4().hex}", "filename": "ktp.jpg"}
    assert check_upload(APP, FIELD, upload, QUESTION, files, scanner) == {**upload, "status": "missing"}


def test_a_key_outside_this_applications_quarantine_is_never_read(s3, files, scanner):
    other = browser_upload(files, jpeg())
    with pytest.raises(ValueError):
        check_upload("01JSOMEONEELSE0000000000001", FIELD, other, QUESTION, files, scanner)
    with pytest.raises(ValueError):
        check_upload(APP, FIELD, {"key": f"clean/{APP}/{FIELD}/0123456789abcdef"}, QUESTION, files, scanner)
    assert keys(s3, other["key"]) == [other["key"]]


def test_get_reads_no_more_than_one_byte_over_the_limit(s3, files):
    s3.put_object(Bucket=BUCKET, Key="quarantine/big", Body=bytes(3 * 1024 * 1024))
    s3.put_object(Bucket=BUCKET, Key="quarantine/empty", Body=b"")

    assert len(files.get("quarantine/big", 1000)) == 1001  # over the limit, and known without loading 3 MB
    assert len(files.get("quarantine/big", 10 * 1024 * 1024)) == 3 * 1024 * 1024
    assert files.get("quarantine/empty", 1000) == b""
    assert files.get("quarantine/none", 1000) is None


def test_staff_view_link_shows_the_clean_file_inline_as_its_real_type(s3, files, scanner):
    checked = check_upload(APP, FIELD, browser_upload(files, written_pdf(1), "image/png"), QUESTION, files, scanner)

    url = staff_view_url(checked, files, 300)

    query = parse_qs(urlparse(url).query)
    assert query["response-content-disposition"] == ["inline"]
    assert query["response-content-type"] == ["application/pdf"]
    response = requests.get(url, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == "inline"


def test_put_and_delete(s3, files):
    files.put("clean/x", b"data", "image/png")
    assert s3.head_object(Bucket=BUCKET, Key="clean/x")["ContentType"] == "image/png"
    files.delete("clean/x")
    files.delete("clean/x")  # deleting what is gone is not an error (redeliveries)
    assert keys(s3, "clean/") == []
