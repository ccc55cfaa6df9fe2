"""Shared steps of the payment tests: an application approved and waiting for its invoice to be paid."""

from __future__ import annotations

from urllib.parse import urlparse

from infra.local.demo import seed_directory
from tests.integration.test_permits import approve_every_step, attach
from tests.vectors.build import VALID

SKCK = "skck"  # a fixed fee of Rp30.000 (PP 76/2020), verification then approval
POLRES = ("polres-jakarta-pusat", "sentra-pelayanan-polres-jakpus")


def officer(cloud) -> dict:
    seed_directory()
    return cloud.user("kasat.intelkam", "Agus Prasetyo", ["verifier", "approver"], *POLRES)


def skck_awaiting_payment(cloud, citizen: dict, staff: dict) -> dict:
    app = cloud.call("POST", "/applications", {"permitId": SKCK}, citizen).json_body
    saved = cloud.call("PUT", f"/applications/{app['id']}/answers",
                       {"answers": VALID[SKCK], "version": app["version"]}, citizen)
    assert saved.status_code == 200, saved.body
    for field in ("foto_ktp", "foto_kk", "foto_akta_ijazah", "pas_foto", "foto_skck_lama"):
        attach(cloud, citizen, app["id"], field)
    assert cloud.call("POST", f"/applications/{app['id']}/submit", headers=citizen).status_code == 202
    approve_every_step(cloud, citizen, staff, app["id"])
    return cloud.wait_for(app["id"], citizen, "awaiting_payment")


def s3_bytes(cloud, url: str) -> bytes:
    """What a 5-minute link into the documents bucket points at."""
    bucket, path = cloud.env["DOCUMENTS_BUCKET"], urlparse(url).path.lstrip("/")
    key = path[len(bucket) + 1:] if path.startswith(bucket + "/") else path
    return cloud.s3.get_object(Bucket=bucket, Key=key)["Body"].read()
