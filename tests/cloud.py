"""A whole PISAO cloud inside the test process: moto with Step Functions executing for real, every
resource created from infra/resources.yaml, the event pump, and helpers to act as citizens and staff."""

from __future__ import annotations

import gzip
import json
import os
import re
from contextlib import contextmanager
from pathlib import Path

import boto3
import moto
from chalice.test import Client
from moto import mock_aws

from infra.local.bank import Bank, BankKeys
from infra.local.demo import DEMO_PASSWORD as PASSWORD
from infra.local.demo import PEMDA, create_user
from infra.local.totp import fresh_totp

REGION = "ap-southeast-3"
TEST_PEPPER = "test-pepper-" + "0" * 32
PUBLIC_URL = "https://izin.pemda.test"  # where the test cloud's citizens open PISAO (links in documents)
BANK_KEYS = BankKeys.generate()  # the RKUD bank of every test cloud (an RSA key is slow to make: once per run)
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f5f3a70000000049454e44ae426082")


def _jwks_file(tmp: Path) -> str:
    """moto signs tokens with a bundled key; the API verifies them against its public half."""
    source = Path(moto.__file__).parent / "cognitoidp" / "resources" / "jwks-public.json.gz"
    target = tmp / "jwks.json"
    target.write_bytes(gzip.decompress(source.read_bytes()))
    return target.as_uri()


class ApiTransport:
    """The bank simulator's calls, delivered to the in-process API byte for byte."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def post(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict]:
        response = self.client.http.request("POST", path, headers={"Content-Type": "application/json", **headers},
                                            body=body)
        return response.status_code, json.loads(response.body or b"{}")


class Cloud:
    def __init__(self, env: dict[str, str]) -> None:
        import app as app_module
        from infra.local.pump import EventPump

        self.env = env
        self.idp = boto3.client("cognito-idp", region_name=REGION)
        self.s3 = boto3.client("s3", region_name=REGION)
        self.sqs = boto3.client("sqs", region_name=REGION)
        self.sfn = boto3.client("stepfunctions", region_name=REGION)
        self.pump = EventPump(REGION, None, env["EVENTS_STREAM_ARN"])
        self.client = Client(app_module.app)
        self.totp_secrets: dict[str, str] = {}
        self.http = self.client.http
        self.bank = Bank(BANK_KEYS, ApiTransport(self.client), retry_wait=0)

    def user(self, username: str, name: str, groups: list[str], agency: str | None = None,
             office: str | None = None) -> dict:
        """Create a user and sign in through the API (staff enrol an authenticator on the way): returns
        the Authorization header."""
        create_user(self.idp, self.env["USER_POOL_ID"], username, name, groups, agency, office=office)
        return self.sign_in(username)

    def sign_in(self, username: str, password: str = PASSWORD) -> dict:
        response = self.call("POST", "/auth/sessions", {"username": username, "password": password})
        while response.status_code == 200:  # a challenge: answer it as the person would
            step = response.json_body
            if step["challenge"] == "TOTP_SETUP":
                self.totp_secrets[username] = step["secret"]
            answer = {"ticket": step["ticket"], "code": fresh_totp(self.totp_secrets.get(username, ""))}
            response = self.call("POST", "/auth/sessions/challenge", answer)
        assert response.status_code == 201, response.body
        return {"Authorization": f"Bearer {response.json_body['idToken']}"}

    def call(self, method: str, path: str, body: object = None, headers: dict | None = None, raw: bytes | None = None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        return self.http.request(method, path, headers={"Content-Type": "application/json", **(headers or {})},
                                 body=data)

    def upload(self, presigned: dict, content: bytes = TINY_PNG) -> None:
        """What the browser does with a presigned POST (moto stores the object as S3 would)."""
        fields = presigned["fields"]
        self.s3.put_object(Bucket=self.env["UPLOADS_BUCKET"], Key=fields["key"], Body=content,
                           ContentType=fields["Content-Type"])

    def sent_messages(self) -> list[tuple[str, str]]:
        """(recipient, text) of every e-mail (SES) and SMS (SNS) sent, as moto recorded them."""
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.ses.models import ses_backends
        from moto.sns.models import sns_backends

        mails = [(m.destinations["ToAddresses"][0], m.body)
                 for m in ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages]
        sms = list(sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.values())
        return mails + sms

    def last_code(self, recipient: str) -> str:
        text = [t for to, t in self.sent_messages() if to == recipient][-1]
        return re.search(r"\b([0-9]{6})\b", text).group(1)

    def status(self, application_id: str, headers: dict) -> str:
        return self.call("GET", f"/applications/{application_id}", headers=headers).json_body["status"]

    def wait_for(self, application_id: str, headers: dict, status: str, timeout: float = 20) -> dict:
        self.pump.run_until(lambda: self.status(application_id, headers) == status, timeout)
        return self.call("GET", f"/applications/{application_id}", headers=headers).json_body


_clamd: tuple[str, int] | None = None


def _scanner() -> tuple[str, int]:
    """The virus scanner's stand-in, over clamd's own protocol: one per test process, for every test cloud
    (it keeps nothing between scans; stopping one waits up to half a second for its serving loop)."""
    global _clamd
    if _clamd is None:
        from infra.local.clamd import start_clamd

        host, port, _stop = start_clamd()  # a daemon thread: it ends with the process
        _clamd = (host, port)
    return _clamd


@contextmanager
def local_cloud(tmp: Path):
    from chalicelib import catalogue
    from chalicelib.adapters import aws
    from chalicelib.core import config
    from infra.local import gateway
    from infra.local.deploy import deploy_local
    from infra.local.moto_fixes import apply
    from tests import moto_speed

    apply()
    moto_speed.apply()
    gateway.apply()  # unknown paths answered as the deployed API Gateway answers them

    os.environ["MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP"] = "true"  # moto checks TOTP codes only when asked
    host, port = _scanner()
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        env = deploy_local(REGION, None, {"OtpPepper": TEST_PEPPER, "ClamdHost": host, "ClamdPort": str(port),
                                          **BANK_KEYS.parameters(), **PEMDA, "PublicUrl": PUBLIC_URL})
        env["JWKS_URL"] = _jwks_file(tmp)
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        config.settings.cache_clear()
        aws.client.cache_clear()
        catalogue.forget_published()  # each test cloud starts with only the shipped catalogue
        try:
            yield Cloud(env)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            config.settings.cache_clear()
            aws.client.cache_clear()
