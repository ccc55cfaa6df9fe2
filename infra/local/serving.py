"""What every HTTP server of the local stack shares (the web front, the API, the bank simulator): a listen
backlog that holds a crowd, a stop that drains the requests under way, PISAO's JSON error shape for what
http.server would answer in HTML (501 for OPTIONS/TRACE and unknown methods, 400, 404, ...), and content
coding as production does it (API Gateway's MinimumCompressionSize, CloudFront's gzip/brotli)."""

from __future__ import annotations

import gzip
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

from chalicelib.core.errors import PisaoError

PARENT_ENV = "PISAO_STACK_PID"
# The listen queue (socketserver's default is 5): connections beyond it wait for SYN retries, or are reset.
BACKLOG = 1024
OVERLAY = Path(__file__).resolve().parents[1] / "overlay.yaml"
# API Gateway compresses an answer of at least this many bytes (the template's MinimumCompressionSize).
COMPRESS_MIN_BYTES: int = yaml.safe_load(OVERLAY.read_text(encoding="utf-8"))[
    "Resources"]["RestAPI"]["Properties"]["MinimumCompressionSize"]
# What is worth compressing: text. Images, PDFs and archives are compressed already.
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml",
                "application/problem+json", "application/manifest+json")

_MESSAGES = {
    # status: (code, Bahasa Indonesia, English)
    400: ("bad_request", "Permintaan tidak dapat dibaca.", "The request cannot be read."),
    404: ("not_found", "Alamat yang Anda cari tidak ditemukan.", "The address you are looking for was not found."),
    405: ("method_not_allowed", "Metode {method} tidak diizinkan untuk alamat ini. Gunakan: {allow}.",
          "Method {method} is not allowed for this address. Use: {allow}."),
    413: ("payload_too_large", "Isi permintaan terlalu besar.", "The request body is too large."),
    414: ("uri_too_long", "Alamat permintaan terlalu panjang.", "The request address is too long."),
    502: ("upstream_unavailable", "Layanan lokal tidak menjawab. Coba lagi sebentar lagi.",
          "The local service does not answer. Try again shortly."),
    503: ("shutting_down", "Server lokal sedang berhenti. Coba lagi setelah dijalankan kembali.",
          "The local server is stopping. Try again once it runs again."),
}


class Server(ThreadingHTTPServer):
    """A thread per connection, a deep listen queue, and a stop that refuses new requests (503) and waits for
    the ones under way."""

    request_queue_size = BACKLOG
    daemon_threads = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.closing = threading.Event()
        self._active = 0
        self._idle = threading.Condition()

    def began(self) -> None:
        with self._idle:
            self._active += 1

    def ended(self) -> None:
        with self._idle:
            self._active -= 1
            self._idle.notify_all()

    def drain(self, timeout: float = 30.0) -> bool:
        """Stop accepting, answer 503 to any further request on open connections, wait for those under way;
        True when none is left."""
        self.closing.set()
        self.shutdown()
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._active and time.monotonic() < deadline:
                self._idle.wait(deadline - time.monotonic())
            left = self._active
        self.server_close()
        return left == 0


class Handler(BaseHTTPRequestHandler):
    """Mixin for the stack's handlers (put it first): counts requests for `Server.drain`, answers errors
    and odd methods in PISAO's shape. `allowed()` names the methods of a path."""

    _counted = False

    def allowed(self) -> tuple[str, ...]:
        return tuple(sorted(m[3:] for m in dir(self) if m.startswith("do_")))

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        server = self.server
        if isinstance(server, Server):
            if server.closing.is_set():
                self.close_connection = True
                self.send_error(503)
                return False
            server.began()
            self._counted = True
        return True

    def handle_one_request(self) -> None:
        self._counted = False
        try:
            super().handle_one_request()
        finally:
            if self._counted:
                self.server.ended()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code == 501:  # http.server's answer to a method without a do_ method: HTTP says 405 with Allow
            code = 405
        self.send_json_error(code)

    def send_json_error(self, code: int, extra_headers: dict[str, str] | None = None) -> None:
        headers = getattr(self, "headers", None)
        english = ((headers.get("Accept-Language", "") if headers else "").lower().startswith("en")
                   or "lang=en" in (getattr(self, "path", "") or "").partition("?")[2])
        name, indonesian, en = _MESSAGES.get(code, ("error", "Permintaan tidak dapat diproses.",
                                                    "The request cannot be processed."))
        allow = ", ".join(self.allowed()) if code == 405 else ""
        text = (en if english else indonesian).format(method=self.command or "", allow=allow)
        body = json.dumps(PisaoError(code, name, text).to_dict(), ensure_ascii=False).encode()
        if self.request_version == "HTTP/0.9":  # what http.server assumes of a line it cannot read: no status line
            self.request_version = "HTTP/1.0"
        self.send_response(code)
        if code == 405:
            self.send_header("Allow", allow)
        for key, value in (extra_headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if code in (400, 503) or self.close_connection:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
        """HTTP's answer: the methods this address takes, no body."""
        self.send_response(204)
        self.send_header("Allow", ", ".join(self.allowed()))
        self.send_header("Content-Length", "0")
        self.end_headers()


def exit_with_parent() -> None:
    """For the stack's child processes: they run in a session of their own (Ctrl-C reaches only the stack,
    which stops them after its last snapshot); should the stack die without stopping them, they go too."""
    parent = os.environ.get(PARENT_ENV)
    if not parent:
        return

    def watch() -> None:
        while os.getppid() == int(parent):
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def accepted_codings(header: str | None) -> set[str]:
    """The content codings an Accept-Encoding header takes (RFC 9110 12.5.3): `gzip;q=0` refuses gzip, `*`
    takes any coding not named otherwise; identity is always acceptable here unless refused, which the stack
    does not honour (it has nothing else to send)."""
    named: dict[str, float] = {}
    for part in (header or "").split(","):
        coding, _, params = part.strip().partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        named[coding] = q
    wildcard = named.pop("*", 0.0)
    codings = {c for c, q in named.items() if q > 0}
    if wildcard > 0:
        codings |= {c for c in ("br", "gzip") if c not in named}
    if "x-gzip" in codings:
        codings.add("gzip")
    return codings


def compressible(content_type: str | None) -> bool:
    kind = (content_type or "").split(";")[0].strip().lower()
    return kind.startswith(COMPRESSIBLE) or kind.endswith("+json")


def with_vary(value: str | None) -> str:
    """A Vary header that names Accept-Encoding besides what it named already."""
    names = [v.strip() for v in (value or "").split(",") if v.strip()]
    if "*" in names or any(n.lower() == "accept-encoding" for n in names):
        return ", ".join(names)
    return ", ".join([*names, "Accept-Encoding"])


def encode_answer(body: bytes, content_type: str | None, accept_encoding: str | None,
                  content_encoding: str | None = None) -> tuple[bytes, str | None, bool]:
    """(body, coding, varies) as API Gateway answers: text of COMPRESS_MIN_BYTES or more is gzipped when the
    client takes gzip (`varies`: the answer depends on Accept-Encoding, say so in Vary); anything else (already
    encoded, binary, small) goes as it is."""
    if content_encoding or len(body) < COMPRESS_MIN_BYTES or not compressible(content_type):
        return body, None, False
    if "gzip" not in accepted_codings(accept_encoding):
        return body, None, True
    return gzip.compress(body, compresslevel=6, mtime=0), "gzip", True
