"""The local stack (README, first command): a moto server with Step Functions executing, every resource
from infra/resources.yaml, demo accounts, the API (Chalice's local server, same blueprints), the event
pump, and the web client with /api proxied, so the browser sees one origin as it does behind CloudFront.
Data is saved to .local/state/ every few seconds and on exit, and restored on the next start.

    python -m infra.local.stack [--state-dir .local/state] [--moto-port 5000] [--api-port 8000] [--web-port 8080]
"""

from __future__ import annotations

import argparse
import email.utils
import html
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

from chalicelib.core.errors import FieldError, PisaoError
from infra.local.serving import PARENT_ENV, Handler, Server, accepted_codings, encode_answer, with_vary

ROOT = Path(__file__).resolve().parents[2]
REGION = "ap-southeast-3"
HOST = "127.0.0.1"
SNAPSHOT_EVERY_SECONDS = 5
SCHEDULE_EVERY_SECONDS = 300
BANK_PATH = "/_local/bank"  # the bank simulator's page, proxied by the web server
OUTBOX_PAGE = 20  # messages on a page of /_local/outbox
DRAIN_SECONDS = 15  # how long a stop waits for requests and event deliveries under way
API_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")  # what CloudFront passes to /api
# The web client may be framed by its own pages only (infra/overlay.yaml's WebSecurityHeaders in production).
FRAME_HEADERS = {"Content-Security-Policy": "frame-ancestors 'self'", "X-Frame-Options": "SAMEORIGIN"}
PROXY_DROPS = {"transfer-encoding", "connection", "keep-alive", "content-length", "server", "date", "vary",
               *(k.lower() for k in FRAME_HEADERS)}
# The web build's precompressed copies (web/vite.config.ts), best first: what CloudFront sends in production.
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))


def log(message: str) -> None:
    print(f"[pisao] {message}", flush=True)


def _child_env(**extra: str) -> dict[str, str]:
    return {**os.environ, PARENT_ENV: str(os.getpid()), **extra}


def start_moto(port: int) -> subprocess.Popen:
    # MOTO_PORT: the Step Functions engine calls services here; TOTP: moto checks authenticator codes only when asked.
    # A session of its own: Ctrl-C reaches the stack alone, which stops moto after the last snapshot.
    env = _child_env(MOTO_PORT=str(port), MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP="true")
    proc = subprocess.Popen([sys.executable, "-m", "infra.local.moto_fixes", "-H", HOST, "-p", str(port)], env=env,
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
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
                            cwd=ROOT, env=_child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}{BANK_PATH}/", timeout=1)
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"bank simulator exited (port {port} in use?)") from None
            time.sleep(0.1)
    return proc


def stop_child(proc: subprocess.Popen | None, grace: float = 10) -> None:
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def api_server(app: Any, port: int) -> Any:
    """Chalice's local server (what `chalice local` runs) with the stack's backlog, drain and error shape."""
    from chalice.config import Config
    from chalice.local import ChaliceRequestHandler, CustomLocalChalice, LocalChalice, LocalDevServer

    class ApiHandler(Handler, ChaliceRequestHandler):
        do_OPTIONS = ChaliceRequestHandler._generic_handle  # the app answers OPTIONS itself  # noqa: N815

        def allowed(self) -> tuple[str, ...]:
            return API_METHODS

    # What chalice.local.create_local_server does, with our server and handler classes.
    CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
    app.__class__ = CustomLocalChalice
    return LocalDevServer(app, Config(chalice_stage="local"), HOST, port, handler_cls=ApiHandler, server_cls=Server)


class Upstream:
    """Kept-alive connections from the front to one local server (the API, the bank), reused across requests."""

    def __init__(self, port: int, keep: int = 64) -> None:
        self.port, self.keep = port, keep
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def request(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple:
        """(status, headers, body) of the upstream's answer; OSError when it does not answer."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is not None:
            try:
                return self._exchange(conn, method, path, body, headers)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conn.close()  # an idle connection the server closed: only a request that changes nothing is sent again
                if method not in ("GET", "HEAD", "OPTIONS"):
                    raise
        return self._exchange(http.client.HTTPConnection(HOST, self.port, timeout=60), method, path, body, headers)

    def _exchange(self, conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None,
                  headers: dict[str, str]) -> tuple:
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except BaseException:
            conn.close()
            raise
        # After HEAD the server may still have written a body: such a connection is not reused.
        if response.will_close or method == "HEAD":
            conn.close()
        else:
            with self._lock:
                if len(self._idle) < self.keep:
                    self._idle.append(conn)
                    conn = None
            if conn is not None:
                conn.close()
        return response.status, response.getheaders(), data


def outbox(moto_port: int, query: dict[str, list[str]]) -> dict:
    """Every e-mail (SES) and SMS (SNS) the stack has sent, newest first, a page at a time (`page`, `per_page`,
    `to` for one recipient's): the local test inbox where demo users and browser tests read one-time codes
    and temporary passwords."""
    def number(name: str, default: int, highest: int) -> int:
        raw = (query.get(name) or [str(default)])[0]
        if not raw.isdigit() or not 1 <= int(raw) <= highest:
            raise PisaoError(400, "invalid_query", f"Parameter {name} harus bilangan 1–{highest}.",
                             [FieldError(name, f"Isi dengan bilangan 1–{highest}.")])
        return int(raw)

    per_page = number("per_page", OUTBOX_PAGE, 500)
    page = number("page", 1, 1_000_000)
    with urllib.request.urlopen(f"http://{HOST}:{moto_port}/moto-api/pisao-outbox", timeout=10) as response:
        messages = json.load(response)["messages"][::-1]
    to = (query.get("to") or [""])[0]
    if to:
        messages = [m for m in messages if m["to"] == to]
    pages = max(1, -(-len(messages) // per_page))

    def link(number: int) -> str | None:
        if not 1 <= number <= pages:
            return None
        params = {"page": number, **({"per_page": per_page} if per_page != OUTBOX_PAGE else {}),
                  **({"to": to} if to else {})}
        return f"/_local/outbox?{urllib.parse.urlencode(params)}"

    return {"messages": messages[(page - 1) * per_page:page * per_page], "page": page, "pages": pages,
            "total": len(messages), "next": link(page + 1), "previous": link(page - 1)}


def outbox_html(page: dict) -> str:
    """The outbox page as a person reads it in the browser (the same data as the JSON, which tests read)."""
    rows = "".join(f"<tr><td>{html.escape(m['at'])}</td><td>{html.escape(m['channel'])}</td>"
                   f"<td>{html.escape(m['to'])}</td><td>{html.escape(m['subject'])}</td>"
                   f"<td><pre>{html.escape(m['text'])}</pre></td></tr>" for m in page["messages"])
    links = " ".join(f'<a href="{html.escape(page[rel])}" rel="{rel}">{label}</a>'
                     for rel, label in (("previous", "← Lebih baru"), ("next", "Lebih lama →")) if page[rel])
    return ('<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Kotak pesan uji — PISAO lokal'
            '</title><style>body{font-family:sans-serif;margin:1rem}td{vertical-align:top;border-top:1px solid #ccc;'
            'padding:.3rem}pre{white-space:pre-wrap;margin:0}</style></head><body><h1>Kotak pesan uji</h1>'
            f"<p>{page['total']} pesan, terbaru dulu — halaman {page['page']} dari {page['pages']}. {links}</p>"
            "<table><tr><th>Waktu (UTC)</th><th>Saluran</th><th>Kepada</th><th>Judul</th><th>Isi</th></tr>"
            f"{rows}</table><p>{links}</p></body></html>")


def front_handler(web_dir: Path, api_port: int, moto_port: int, bank_port: int) -> type[SimpleHTTPRequestHandler]:
    api, bank = Upstream(api_port), Upstream(bank_port)

    class Front(Handler, SimpleHTTPRequestHandler):
        """Serves web/dist; /api/* goes to the API (as CloudFront does in production); /_local/outbox is
        the local test inbox."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(web_dir), **kwargs)

        def log_message(self, *args) -> None:  # request lines stay out of the console
            pass

        def allowed(self) -> tuple[str, ...]:
            path = getattr(self, "path", "").split("?")[0]
            if path == "/api" or path.startswith("/api/"):
                return API_METHODS
            if path.startswith(BANK_PATH):
                return ("GET", "HEAD", "OPTIONS", "POST")
            return ("GET", "HEAD", "OPTIONS")

        def _proxy(self, upstream: Upstream, path: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "keep-alive")}
            status, response_headers, data = upstream.request(self.command, path, body, headers)
            named = {k.lower(): v for k, v in response_headers}
            coding, varies = None, False
            if self.command != "HEAD":  # as API Gateway does: JSON/text of 1 KiB or more gzipped when accepted
                data, coding, varies = encode_answer(data, named.get("content-type"),
                                                     self.headers.get("Accept-Encoding"), named.get("content-encoding"))
            self.send_response(status)
            for key, value in response_headers:
                if key.lower() not in PROXY_DROPS:
                    self.send_header(key, value)
            if coding:
                self.send_header("Content-Encoding", coding)
            if varies or "vary" in named:
                self.send_header("Vary", with_vary(named.get("vary")) if varies else named["vary"])
            length = named.get("content-length", "0") if self.command == "HEAD" else str(len(data))
            self.send_header("Content-Length", length)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _route(self) -> None:
            path = self.path.split("?")[0]
            if self.command not in self.allowed():
                self.send_json_error(405)
            elif path == "/api" or path.startswith("/api/"):
                try:
                    self._proxy(api, self.path[len("/api"):] or "/")
                except (OSError, http.client.HTTPException):
                    self.send_json_error(502)
            elif path.startswith(BANK_PATH):
                try:
                    self._proxy(bank, self.path)
                except (OSError, http.client.HTTPException):
                    self.send_json_error(502)
            elif self.command == "OPTIONS":
                Handler.do_OPTIONS(self)
            elif path == "/_local/outbox":
                self._outbox()
            elif self.command == "HEAD":
                super().do_HEAD()
            else:
                super().do_GET()

        def _outbox(self) -> None:
            status = 200
            try:
                page = outbox(moto_port, urllib.parse.parse_qs(self.path.partition("?")[2]))
            except PisaoError as refused:
                status, page = refused.status, refused.to_dict()
            except OSError:
                self.send_json_error(502)
                return
            if status == 200 and "text/html" in self.headers.get("Accept", ""):  # a person, in a browser
                kind, body = "text/html; charset=utf-8", outbox_html(page).encode()
            else:
                kind, body = "application/json; charset=utf-8", json.dumps(page, ensure_ascii=False).encode()
            body, coding, varies = encode_answer(body, kind, self.headers.get("Accept-Encoding"))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if coding:
                self.send_header("Content-Encoding", coding)
            self.send_header("Vary", "Accept, Accept-Encoding" if varies else "Accept")
            self.send_header("Content-Length", str(len(body)))
            links = [f'<{page[rel]}>; rel="{rel}"' for rel in ("next", "previous") if page.get(rel)]
            if links:
                self.send_header("Link", ", ".join(links))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_HEAD = do_OPTIONS = do_POST = do_PUT = do_DELETE = do_PATCH = _route

        def send_head(self):  # noqa: ANN201 - SimpleHTTPRequestHandler's: the open file, or None
            """A file of the build with precompressed copies goes as the best one the browser accepts, with
            Content-Encoding and Vary; anything else as SimpleHTTPRequestHandler serves it."""
            path, slash = Path(self.translate_path(self.path)), self.path.split("?")[0].endswith("/")
            if path.is_dir() and slash:
                path = path / "index.html"
            elif slash or not path.is_file():  # a file named with a trailing slash: http.server's 404
                return super().send_head()
            if not path.is_file():
                return super().send_head()
            copies = [(coding, path.with_name(path.name + ext)) for coding, ext in PRECOMPRESSED]
            copies = [(coding, copy) for coding, copy in copies if copy.is_file()]
            if not copies:
                return super().send_head()
            accepted = accepted_codings(self.headers.get("Accept-Encoding"))
            coding, served = next(((c, copy) for c, copy in copies if c in accepted), (None, path))
            stat = path.stat()
            since = self.headers.get("If-Modified-Since")
            if since and "If-None-Match" not in self.headers:
                try:
                    if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                        self.send_response(304)
                        self.send_header("Vary", "Accept-Encoding")
                        self.end_headers()
                        return None
                except (TypeError, ValueError, IndexError, OverflowError):
                    pass
            handle = served.open("rb")
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            if coding:
                self.send_header("Content-Encoding", coding)
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(served.stat().st_size))
            self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
            self.end_headers()
            return handle

        def end_headers(self) -> None:
            if not getattr(self, "path", "").startswith("/api"):
                self.send_header("Cache-Control", "no-cache")
            for key, value in FRAME_HEADERS.items():  # clickjacking: as the CloudFront policy does in production
                self.send_header(key, value)
            super().end_headers()

    return Front


class Stack:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.stopping = threading.Event()
        self.state_dir = Path(args.state_dir).resolve()
        self.threads: list[threading.Thread] = []
        self._saving = threading.Lock()  # the periodic snapshot and the last one never write at once
        self.restored = False

    def start(self) -> None:
        args = self.args
        log(f"moto server di port {args.moto_port} …")
        self.moto = start_moto(args.moto_port)
        endpoint = f"http://{HOST}:{args.moto_port}"
        os.environ.update({"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                           "AWS_DEFAULT_REGION": REGION, "POWERTOOLS_SERVICE_NAME": "pisao"})

        from infra.local.bank import BankKeys
        from infra.local.clamd import start_clamd
        from infra.local.demo import PEMDA
        from infra.local.deploy import deploy_local

        # The virus scanner's stand-in speaks clamd's protocol: the app reaches it like a real ClamAV.
        clamd_host, clamd_port, self.stop_clamd = start_clamd()
        # The RKUD bank's simulator holds its keys with the data; PISAO is configured with its public half.
        bank_keys = BankKeys.load_or_create(self.state_dir)
        # Links in receipts and notices lead to this stack's own front, not to a production address.
        env = deploy_local(REGION, endpoint, {"OtpPepper": self._secret("otp-pepper"), "ClamdHost": clamd_host,
                                              "ClamdPort": str(clamd_port), **bank_keys.parameters(), **PEMDA,
                                              "PublicUrl": f"http://localhost:{args.web_port}"})
        os.environ.update(env)  # before the app is imported: models read table names at import
        self.env = env

        import boto3

        self.clients = {s: boto3.client(s, region_name=REGION, endpoint_url=endpoint)
                        for s in ("dynamodb", "s3", "cognito-idp")}
        from infra.local import demo, snapshot

        if snapshot.restore(self.clients, env["USER_POOL_ID"], env["USER_POOL_CLIENT_ID"], self.state_dir):
            log(f"data dipulihkan dari {self.state_dir}")
        self.restored = True  # from here a snapshot holds all the data (a half-done restore must never be saved)
        demo.seed_users(self.clients["cognito-idp"], env["USER_POOL_ID"])
        demo.seed_directory()
        demo.seed_permits()

        import app as app_module
        from infra.local import gateway
        from infra.local.pump import EventPump

        gateway.apply()  # unknown paths and odd methods answered as the deployed API Gateway does
        self.api = api_server(app_module.app, args.api_port)
        threading.Thread(target=self.api.serve_forever, daemon=True, name="api").start()

        self.bank = start_bank(args.api_port, args.bank_port, self.state_dir)
        self.pump = EventPump(REGION, endpoint, env["EVENTS_STREAM_ARN"])
        self._resume_workflows()
        for loop in (self._pump_loop, self._snapshot_loop, self._schedule_loop):
            thread = threading.Thread(target=loop, daemon=True, name=loop.__name__.strip("_"))
            thread.start()
            self.threads.append(thread)

        web_dir = Path(args.web_dir).resolve()
        if not (web_dir / "index.html").exists():
            log(f"peringatan: {web_dir}/index.html belum ada — jalankan `npm --prefix web run build`")
        self.front = Server((HOST, args.web_port), front_handler(web_dir, args.api_port, args.moto_port,
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
        from chalicelib.backoffice import steps, tasks
        from chalicelib.core.models import ApplicationModel
        from functions import adapters

        open_states = steps.OPEN
        resumed = [tasks.resume(app, adapters.submissions(), adapters.state_machine())
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
                self.stopping.wait(1)

    def _drain_pump(self) -> None:
        """Deliver what is still queued (a submission just accepted, a task the workflow just handed out),
        until a second passes with nothing to deliver."""
        deadline = time.monotonic() + DRAIN_SECONDS
        quiet_since = time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - quiet_since < 1:
            try:
                if self.pump.pump_once():
                    quiet_since = time.monotonic()
                else:
                    time.sleep(0.1)
            except Exception as exc:  # noqa: BLE001 - what fails stays queued and is resumed at the next start
                log(f"event pump: {type(exc).__name__}: {exc}")
                return

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

    def save(self) -> bool:
        from infra.local import snapshot

        with self._saving:
            try:
                snapshot.save(self.clients, self.env["USER_POOL_ID"], self.state_dir)
                return True
            except Exception as exc:  # noqa: BLE001 - a failed snapshot must not stop the stack
                log(f"gagal menyimpan data: {exc}")
                return False

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
        """In order: no new requests (those under way finish), the pump delivers what is queued, the last
        snapshot, and only then moto (which holds the data) goes."""
        if self.stopping.is_set():
            return
        log("berhenti: menyimpan data …")
        self.stopping.set()
        for name in ("front", "api"):  # the front first: its requests under way still need the API
            server = getattr(self, name, None)
            if server is not None:
                getattr(server, "server", server).drain(DRAIN_SECONDS)
        stop_child(getattr(self, "bank", None))
        for thread in self.threads:
            thread.join(timeout=DRAIN_SECONDS)
        if getattr(self, "pump", None) is not None:
            self._drain_pump()
        if self.restored and self.save():
            log(f"data tersimpan di {self.state_dir}")
        if getattr(self, "stop_clamd", None) is not None:
            self.stop_clamd()
        # Saved: moto holds nothing more to keep (on SIGTERM it waits seconds for idle keep-alive connections).
        stop_child(getattr(self, "moto", None), grace=1)
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
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # Ctrl-C, a service manager, a closed terminal
        signal.signal(sig, lambda *_: done.set())
    try:
        stack.start()
        done.wait()
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
