"""Evidence through the API and the real post-upload checks (magic bytes, size, metadata, clamd over its
protocol): the citizen hears at once what is wrong with a file, a bad file never reaches staff or the
workflow, staff view what passed through short-lived links, and an accepted document can be reused."""

import io

from PIL import Image

from infra.local.clamd import EICAR
from tests.cloud import TINY_PNG
from tests.evidence_files import jpeg, png_bomb
from tests.integration.test_journey import draft


def upload(cloud, who, app_id, content, content_type="image/png", field="foto_ktp"):
    ticket = cloud.call("POST", f"/applications/{app_id}/uploads", {
        "field": field, "filename": "berkas", "contentType": content_type, "size": len(content)}, who)
    assert ticket.status_code == 201, ticket.body
    cloud.upload(ticket.json_body, content)
    return cloud.call("POST", f"/applications/{app_id}/uploads/{field}/check", headers=who)


def test_each_bad_file_is_refused_with_its_own_message_and_removed(cloud, citizen):
    app = draft(cloud, citizen)
    cases = {
        "virus": (EICAR, "virus"),
        "html calling itself a png": (b"<html><script>alert(1)</script></html>", "bukan"),
        "decompression bomb": (png_bomb(60000, 60000), "terlalu besar"),
    }
    for name, (content, words) in cases.items():
        checked = upload(cloud, citizen, app["id"], content)
        assert checked.status_code == 200, (name, checked.body)
        assert checked.json_body["status"] == "rejected", name
        assert words in checked.json_body["message"].lower(), (name, checked.json_body["message"])
    quarantined = cloud.s3.list_objects_v2(Bucket=cloud.env["UPLOADS_BUCKET"], Prefix="quarantine/").get("KeyCount")
    assert quarantined == 0  # nothing that failed is kept
    # Submitting with the refused file is refused at once, naming the document; nothing changes.
    refused = cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    assert refused.status_code == 422 and refused.json_body["error"]["fields"][0]["field"] == "foto_ktp"
    assert cloud.status(app["id"], citizen) == "draft"


def test_a_good_photo_is_cleaned_and_staff_see_it_through_a_short_lived_link(cloud, citizen, verifier):
    app = draft(cloud, citizen)
    checked = upload(cloud, citizen, app["id"], jpeg(gps=True), "image/jpeg")
    assert checked.json_body["status"] == "accepted", checked.body
    cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen)
    cloud.wait_for(app["id"], citizen, "awaiting_verification")
    seen = cloud.call("GET", f"/staff/applications/{app['id']}", headers=verifier).json_body["uploads"]["foto_ktp"]
    assert seen["status"] == "accepted" and "X-Amz-Expires=300" in seen["url"]
    listed = cloud.s3.list_objects_v2(Bucket=cloud.env["UPLOADS_BUCKET"], Prefix="clean/")["Contents"]
    key = next(o["Key"] for o in listed)
    assert key.startswith(f"clean/{app['id']}/foto_ktp/")
    stored = cloud.s3.get_object(Bucket=cloud.env["UPLOADS_BUCKET"], Key=key)["Body"].read()
    assert not Image.open(io.BytesIO(stored)).getexif().get_ifd(0x8825)  # the photo's GPS location is gone
    # The citizen's own view has no link (they have the file); nobody gets one to a refused file.
    mine = cloud.call("GET", f"/applications/{app['id']}", headers=citizen).json_body
    assert "url" not in mine["uploads"]["foto_ktp"]


def test_an_accepted_document_is_reused_on_the_next_application(cloud, citizen, verifier):
    first = draft(cloud, citizen)
    assert upload(cloud, citizen, first["id"], TINY_PNG).json_body["status"] == "accepted"
    documents = cloud.call("GET", "/me/documents", headers=citizen).json_body["documents"]
    assert [(d["field"], d["applicationId"]) for d in documents] == [("foto_ktp", first["id"])]

    second = draft(cloud, citizen)
    reused = cloud.call("POST", f"/applications/{second['id']}/uploads/reuse",
                        {"field": "foto_ktp", "applicationId": first["id"]}, citizen)
    assert reused.status_code == 200 and reused.json_body["uploads"]["foto_ktp"]["status"] == "accepted"
    cloud.call("POST", f"/applications/{second['id']}/submit", headers=citizen)
    cloud.wait_for(second["id"], citizen, "awaiting_verification")

    # Someone else's document cannot be taken.
    other = cloud.user("3171010203850002", "Budi Santoso", ["citizen"])
    theirs = draft(cloud, other)
    stolen = cloud.call("POST", f"/applications/{theirs['id']}/uploads/reuse",
                        {"field": "foto_ktp", "applicationId": first["id"]}, other)
    assert stolen.status_code == 400 and stolen.json_body["error"]["code"] == "not_reusable"


def test_an_unchecked_upload_is_checked_by_the_validation_consumer(cloud, citizen):
    app = draft(cloud, citizen)
    ticket = cloud.call("POST", f"/applications/{app['id']}/uploads", {
        "field": "foto_ktp", "filename": "ktp.png", "contentType": "image/png", "size": len(EICAR)}, citizen)
    cloud.upload(ticket.json_body, EICAR)  # the browser never asked for the check
    assert cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen).status_code == 202
    # The queue's scan is authoritative: the application comes back to the person, editable, saying why.
    returned = cloud.wait_for(app["id"], citizen, "draft")
    assert returned["returned"] is True and returned["statusLabel"] == "Dikembalikan: perlu dilengkapi"
    assert returned["reasons"][0]["field"] == "foto_ktp" and "virus" in returned["reasons"][0]["message"].lower()
    assert [e["type"] for e in returned["timeline"]][-2:] == ["submitted", "validation_failed"]
    upload(cloud, citizen, app["id"], TINY_PNG)  # a clean file instead, then submit again
    assert cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen).status_code == 202
    again = cloud.wait_for(app["id"], citizen, "awaiting_verification")
    assert again["reasons"] == [] and again["returned"] is False
