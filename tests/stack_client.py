"""Drives a running local stack over HTTP, as the browser does (used by the stack tests)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from infra.local.totp import fresh_totp

ROOT = Path(__file__).resolve().parents[1]
TOTP_SECRETS: dict[str, str] = {}  # what each staff member's authenticator app holds


class StackClient:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")

    def call(self, method: str, path: str, body: object = None, token: str | None = None) -> tuple[int, dict]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base}/api{path}", data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"{}")

    def login(self, username: str, password: str) -> str:
        """Sign in as the browser does; staff enrol or use their authenticator (secrets outlive a restart)."""
        status, body = self.call("POST", "/auth/sessions", {"username": username, "password": password})
        while status == 200:
            if body["challenge"] == "TOTP_SETUP":
                TOTP_SECRETS[username] = body["secret"]
            status, body = self.call("POST", "/auth/sessions/challenge",
                                     {"ticket": body["ticket"], "code": fresh_totp(TOTP_SECRETS[username])})
        assert status == 201, body
        return body["idToken"]

    @staticmethod
    def post_file(presigned: dict, content: bytes, content_type: str) -> int:
        """A multipart/form-data POST to the presigned S3 URL, fields first and the file last."""
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in presigned["fields"].items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n'
                     f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(presigned["url"], data=body, method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status

    def wait_status(self, app_id: str, token: str, status: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            _, body = self.call("GET", f"/applications/{app_id}", token=token)
            if body.get("status") == status:
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"{app_id} is {body.get('status')}, expected {status}")
            time.sleep(0.3)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningStack:
    def __init__(self, state_dir: Path) -> None:
        self.ports = [free_port() for _ in range(4)]
        self.log = state_dir.parent / f"stack-{time.monotonic_ns()}.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "infra.local.stack", "--state-dir", str(state_dir),
             "--moto-port", str(self.ports[0]), "--api-port", str(self.ports[1]), "--web-port", str(self.ports[2]),
             "--bank-port", str(self.ports[3])],
            # A process group of its own, as a terminal gives `./pisao up`: Ctrl-C goes to the whole group.
            cwd=ROOT, stdout=self.log.open("w"), stderr=subprocess.STDOUT, env={**os.environ}, start_new_session=True)
        deadline = time.monotonic() + 90
        while "PISAO_READY" not in self.log.read_text():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the stack did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)
        self.client = StackClient(f"http://127.0.0.1:{self.ports[2]}")

    def stop(self, sig: signal.Signals = signal.SIGINT) -> None:
        """Ctrl-C as a terminal sends it: to every process of the stack's group (or SIGTERM, as a service
        manager stops it)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
        assert self.proc.wait(timeout=60) == 0, self.log.read_text()[-3000:]
