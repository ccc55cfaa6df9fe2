"""The local stack (README, first command): a moto server with Step Functions executing, every resource
from infra/resources.yaml, demo accounts, the API (Chalice's local server, same blueprints), the event
pump, and the web client with /api proxied, so the browser sees one origin as it does behind CloudFront.
Data is saved to .local/state/ every few seconds and on exit, and restored on the next start.

    python -m infra.local.stack [--state-dir .local/state] [--moto-port 5000] [--api-port 8000] [--web-port 8080]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REGION = "ap-southeast-3"
HOST = "127.0.0.1"
SNAPSHOT_EVERY_SECONDS = 5
SCHEDULE_EVERY_SECONDS = 300
BANK_PATH = "/_local/bank"  # the bank simulator's page, proxied by the web server


def log(message: str) -> None:
    print(f"[pisao] {message}", flush=True)


def start_moto(port: int) -> subprocess.Popen:
    # MOTO_PORT: the Step Functions engine calls services here; TOTP: moto checks authenticator codes only when asked.
    env = {**os.environ, "MOTO_PORT": str(port), "MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP": "true"}
    proc = subprocess.Popen([sys.executable, "-m", "infra.local.moto_fixes", "-H", HOST, "-p", str(port)], env=env,
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://{HOST}:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/moto-api/", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"moto server exited (port {port} in use?)") from None
            time.sleep(0.1)
    request = urllib.request.Request(
        f"{base}/moto-api/config", method="POST",
        data=json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode(),
        headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=5)
    return proc


def start_bank(api_port: int, port: int, state_dir: Path) -> subprocess.Popen:
    """The RKUD bank's simulator, a process of its own that reaches PISAO only over HTTP, as a bank would."""
    proc = subprocess.Popen([sys.executable, "-m", "infra.local.bank", "--api", f"http://{HOST}:{api_port}",
                             "--state-dir", str(state_dir), "serve", "--port", str(port), "--base", BANK_PATH],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}{BANK_PATH}/", timeout=1)
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"bank simulator exited (port {port} in use?)") from None
            time.sleep(0.1)
    return proc


def outbox(moto_port: int) -> dict:
    """Every e-mail (SES) and SMS (SNS) the stack has sent, as moto recorded them: the local test inbox
    where demo users and browser tests read one-time codes and temporary passwords."""
    with urllib.request.urlopen(f"http://{HOST}:{moto_port}/moto-api/data.json", timeout=10) as response:
        data = json.load(response)
    mails = [{"channel": "email", "to": m["destinations"]["ToAddresses"][0], "subject": m["subject"],
              "text": m["body"]} for m in data.get("ses", {}).get("Message", [])]
    sms = [{"channel": "sms", "to": m["phone_number"], "subject": "", "text": m["message"]}
           for m in data.get("sns", {}).get("SMS", [])]
    return {"messages": mails + sms}


def front_handler(web_dir: Path, api_port: int, moto_port: int, bank_port: int) -> type[SimpleHTTPRequestHandler]:
    class Front(SimpleHTTPRequestHandler):
        """Serves web/dist; /api/* goes to the API (as CloudFront does in production); /_local/outbox is
        the local test inbox."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(web_dir), **kwargs)

        def log_message(self, *args) -> None:  # request lines stay out of the console
            pass

        def _proxy(self, port: int, path: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            upstream = http.client.HTTPConnection(HOST, port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            upstream.request(self.command, path, body=body, headers=headers)
            response = upstream.getresponse()
            data = response.read()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _route(self) -> None:
            if self.path.startswith("/api/") or self.path == "/api":
                try:
                    self._proxy(api_port, self.path[len("/api"):] or "/")
                except OSError:
                    self.send_error(502, "API lokal tidak menjawab")
            elif self.path.startswith(BANK_PATH):
                try:
                    self._proxy(bank_port, self.path)
                except OSError:
                    self.send_error(502, "Simulator bank tidak menjawab")
            elif self.command == "GET" and self.path.split("?")[0] == "/_local/outbox":
                body = json.dumps(outbox(moto_port)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.command == "GET":
                super().do_GET()
            else:
                self.send_error(405)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _route

        def end_headers(self) -> None:
            if not self.path.startswith("/api"):
                self.send_header("Cache-Control", "no-cache")
            super().end_headers()

    return Front


class Stack:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.stopping = threading.Event()
        self.state_dir = Path(args.state_dir).resolve()

    def start(self) -> None:
        args = self.args
        log(f"moto server di port {args.moto_port} …")
        self.moto = start_moto(args.moto_port)
        endpoint = f"http://{HOST}:{args.moto_port}"
        os.environ.update({"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                           "AWS_DEFAULT_REGION": REGION, "POWERTOOLS_SERVICE_NAME": "pisao"})

        from infra.local.bank import BankKeys
        from infra.local.clamd import start_clamd
        from infra.local.deploy import deploy_local

        # The virus scanner's stand-in speaks clamd's protocol: the app reaches it like a real ClamAV.
        clamd_host, clamd_port, self.stop_clamd = start_clamd()
        # The RKUD bank's simulator holds its keys with the data; PISAO is configured with its public half.
        bank_keys = BankKeys.load_or_create(self.state_dir)
        env = deploy_local(REGION, endpoint, {"OtpPepper": self._secret("otp-pepper"), "ClamdHost": clamd_host,
                                              "ClamdPort": str(clamd_port), **bank_keys.parameters()})
        os.environ.update(env)  # before the app is imported: models read table names at import
        self.env = env

        import boto3

        self.clients = {s: boto3.client(s, region_name=REGION, endpoint_url=endpoint)
                        for s in ("dynamodb", "s3", "cognito-idp")}
        from infra.local import demo, snapshot

        if snapshot.restore(self.clients, env["USER_POOL_ID"], env["USER_POOL_CLIENT_ID"], self.state_dir):
            log(f"data dipulihkan dari {self.state_dir}")
        demo.seed_users(self.clients["cognito-idp"], env["USER_POOL_ID"])
        demo.seed_directory()
        demo.seed_permits()

        from chalice.config import Config
        from chalice.local import create_local_server

        import app as app_module
        from infra.local import gateway
        from infra.local.pump import EventPump

        gateway.apply()  # unknown paths and odd methods answered as the deployed API Gateway does
        self.api = create_local_server(app_module.app, Config(chalice_stage="local"), HOST, args.api_port)
        threading.Thread(target=self.api.serve_forever, daemon=True, name="api").start()

        self.bank = start_bank(args.api_port, args.bank_port, self.state_dir)
        self.pump = EventPump(REGION, endpoint, env["EVENTS_STREAM_ARN"])
        self._resume_workflows()
        threading.Thread(target=self._pump_loop, daemon=True, name="pump").start()
        threading.Thread(target=self._snapshot_loop, daemon=True, name="snapshot").start()
        threading.Thread(target=self._schedule_loop, daemon=True, name="schedules").start()

        web_dir = Path(args.web_dir).resolve()
        if not (web_dir / "index.html").exists():
            log(f"peringatan: {web_dir}/index.html belum ada — jalankan `npm --prefix web run build`")
        self.front = ThreadingHTTPServer((HOST, args.web_port), front_handler(web_dir, args.api_port, args.moto_port,
                                                                             args.bank_port))
        threading.Thread(target=self.front.serve_forever, daemon=True, name="web").start()
        self._banner()

    def _secret(self, name: str) -> str:
        """A local secret, made once and kept with the data (codes and lockouts survive a restart)."""
        path = self.state_dir / name
        if not path.exists():
            self.state_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()

    def _resume_workflows(self) -> None:
        """Executions and queue messages do not survive a restart: start again what was under way."""
        from chalicelib import workflow
        from chalicelib.models import ApplicationModel
        from functions import adapters

        open_states = workflow.OPEN
        resumed = [workflow.resume(app, adapters.submissions(), adapters.workflow())
                   for app in ApplicationModel.scan() if app.status in open_states]
        if resumed:
            log(f"{len(resumed)} permohonan yang sedang diproses dilanjutkan")

    def _pump_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                if self.pump.pump_once() == 0:
                    time.sleep(0.2)
            except Exception as exc:  # noqa: BLE001 - keep delivering; the failed batch is retried
                log(f"event pump: {type(exc).__name__}: {exc}")
                time.sleep(1)

    def _schedule_loop(self) -> None:
        """Scheduled functions (hourly in AWS) run at start and every few minutes locally."""
        while not self.stopping.is_set():
            try:
                self.pump.run_schedules()
            except Exception as exc:  # noqa: BLE001 - a failed run is retried at the next round
                log(f"jadwal: {type(exc).__name__}: {exc}")
            self.stopping.wait(SCHEDULE_EVERY_SECONDS)

    def _snapshot_loop(self) -> None:
        while not self.stopping.wait(SNAPSHOT_EVERY_SECONDS):
            self.save()

    def save(self) -> None:
        from infra.local import snapshot

        try:
            snapshot.save(self.clients, self.env["USER_POOL_ID"], self.state_dir)
        except Exception as exc:  # noqa: BLE001 - a failed snapshot must not stop the stack
            log(f"gagal menyimpan data: {exc}")

    def _banner(self) -> None:
        from infra.local.demo import DEMO_PASSWORD, USERS

        url = f"http://localhost:{self.args.web_port}/"
        lines = [
            "", "PISAO lokal siap.",
            f"  Buka: {url}",
            f"  Petugas: {url}#/petugas",
            f"  API: http://localhost:{self.args.api_port}/   moto: http://localhost:{self.args.moto_port}/",
            f"  Data tersimpan di {self.state_dir} (Ctrl-C untuk berhenti; data tetap ada).",
            f"  Kotak pesan uji (kode verifikasi, kata sandi sementara): {url}_local/outbox",
            f"  Simulator bank RKUD (bayar VA atau QRIS): {url}_local/bank/",
            f"  Akun demo (kata sandi semuanya: {DEMO_PASSWORD}; petugas memasang aplikasi autentikator saat",
            "  pertama masuk):",
            *[f"    {u.username:<24} {u.name:<18} {u.what}" for u in USERS], "",
        ]
        print("\n".join(lines), flush=True)
        print("PISAO_READY", url, flush=True)  # tests wait for this line

    def stop(self) -> None:
        if self.stopping.is_set():
            return
        log("berhenti: menyimpan data …")
        self.stopping.set()
        self.save()
        for server in (getattr(self, "front", None), getattr(self, "api", None)):
            if server is not None:
                server.shutdown()
        bank = getattr(self, "bank", None)
        if bank is not None:
            bank.terminate()
            bank.wait(timeout=10)
        if getattr(self, "stop_clamd", None) is not None:
            self.stop_clamd()
        moto = getattr(self, "moto", None)
        if moto is not None:
            moto.terminate()
            moto.wait(timeout=10)
        log("selesai.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--state-dir", default=str(ROOT / ".local" / "state"))
    parser.add_argument("--web-dir", default=str(ROOT / "web" / "dist"))
    parser.add_argument("--moto-port", type=int, default=int(os.environ.get("PISAO_MOTO_PORT", 5000)))
    parser.add_argument("--api-port", type=int, default=int(os.environ.get("PISAO_API_PORT", 8000)))
    parser.add_argument("--web-port", type=int, default=int(os.environ.get("PISAO_WEB_PORT", 8080)))
    parser.add_argument("--bank-port", type=int, default=int(os.environ.get("PISAO_BANK_PORT", 8090)))
    stack = Stack(parser.parse_args())
    done = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: done.set())
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        stack.start()
        done.wait()
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
