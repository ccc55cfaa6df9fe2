"""The tables' PynamoDB settings: names, address and region from config.settings(), and timeouts short enough for
a table that does not answer to fail inside API Gateway's 29 s (as the boto3 clients in adapters/aws.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from pynamodb.models import Model

from chalicelib.core import models

ROOT = Path(__file__).resolve().parents[2]
API_GATEWAY_SECONDS = 29
TABLES = [m for m in vars(models).values() if isinstance(m, type) and issubclass(m, Model) and m is not Model]


def test_every_table_fails_fast_and_within_api_gateways_limit():
    assert len(TABLES) == 9
    for table in TABLES:
        meta = table.Meta
        assert (meta.connect_timeout_seconds, meta.read_timeout_seconds) == (3, 10), table.__name__
        # Every attempt may wait the whole connect and read timeout; all of them together fit in 29 s.
        attempts = 1 + meta.max_retry_attempts
        assert attempts >= 2, table.__name__  # a throttled request is tried again
        assert attempts * (meta.connect_timeout_seconds + meta.read_timeout_seconds) < API_GATEWAY_SECONDS


def test_the_botocore_clients_get_those_timeouts():
    """What PynamoDB hands to botocore, for a table and for the cross-table transactions."""
    for client in (models.ApplicationModel._get_connection().connection.client, models.connection().client):
        config = client.meta.config
        assert (config.connect_timeout, config.read_timeout) == (3, 10)
        assert config.retries["total_max_attempts"] == 1 + models.MAX_RETRY_ATTEMPTS


def _tables_under(env: dict[str, str]) -> dict:
    """The tables' Meta as a fresh process sees it with `env` set before the import (as the local stack does)."""
    probe = ("import json\nfrom chalicelib.core import models\n"
             "print(json.dumps({m.__name__: [m.Meta.table_name, m.Meta.host, m.Meta.region] for m in "
             "(models.ApplicationModel, models.InvoiceModel, models.RefundModel, models.SecurityModel, "
             "models.AuditModel)}))")
    base = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL") and not k.endswith("_TABLE")}
    done = subprocess.run([sys.executable, "-c", probe], env={**base, **env}, cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def test_table_names_address_and_region_come_from_the_settings():
    seen = _tables_under({"APPLICATIONS_TABLE": "apps-jkt", "INVOICES_TABLE": "tagihan", "AWS_REGION": "ap-southeast-1",
                          "AWS_ENDPOINT_URL": "http://cloud.example:4566",
                          "AWS_ENDPOINT_URL_DYNAMODB": "http://dynamo.example:8000"})
    assert seen["ApplicationModel"] == ["apps-jkt", "http://dynamo.example:8000", "ap-southeast-1"]
    assert seen["InvoiceModel"][0] == seen["RefundModel"][0] == "tagihan"  # refunds live in the invoices table
    assert seen["SecurityModel"][0] == "pisao-security"  # unset: the local stack's name


def test_one_address_for_every_service_reaches_dynamodb_too():
    seen = _tables_under({"AWS_ENDPOINT_URL": "http://cloud.example:4566"})
    assert seen["AuditModel"][1] == "http://cloud.example:4566"
    assert _tables_under({})["AuditModel"][1] is None  # on AWS: botocore finds the regional endpoint


def test_the_aws_adapters_fail_as_fast():
    """S3, SQS and Step Functions calls (submit, decisions) have the same bound as the tables."""
    from chalicelib.adapters import aws

    config = aws.client("sqs").meta.config
    assert (config.connect_timeout, config.read_timeout) == (3, 10)
    attempts = config.retries["total_max_attempts"]
    assert attempts >= 2 and attempts * (config.connect_timeout + config.read_timeout) < API_GATEWAY_SECONDS
