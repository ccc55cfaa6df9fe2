"""Issue 14: the local servers hold a crowd (finding 7), the test inbox is paged and fast (finding 7), odd
methods are answered in PISAO's shape (finding 4), and the front's pages cannot be framed by another site
(finding 6); issue 16: answers are compressed as production compresses them. One running stack for the module."""

import gzip
import http.client
import json
import re
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import pytest

from infra.local.serving import COMPRESS_MIN_BYTES
from infra.local.stack import BANK_PATH
from tests.stack_client import RunningStack

pytestmark = pytest.mark.stack
HOST = "127.0.0.1"
CLIENTS = 200
# A connection the listen queue takes is accepted by the kernel at once, however busy the server; one it
# drops waits for the SYN's retry (1 s, then 3 s ...) or is reset. Two seconds tells the two apart.
CONNECT_SECONDS = 2


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    running = RunningStack(tmp_path_factory.mktemp("serving") / "state")
    yield running
    running.stop()


def request(port: int, method: str, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=CONNECT_SECONDS)
    try:
        conn.connect()
        conn.sock.settimeout(120)  # connected: now the answer may take its time
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_200_concurrent_clients_on_the_front_are_all_answered(stack):
    web = stack.ports[2]
    request(web, "GET", "/api/catalogue")  # warm: the catalogue's first read
    gate = threading.Barrier(CLIENTS)

    def client(i: int) -> str:
        gate.wait()  # all at once
        try:
            status, _, _ = request(web, "GET", "/api/catalogue" if i % 2 else "/")
            return str(status)
        except (OSError, http.client.HTTPException) as err:  # reset, refused, connect timed out
            return type(err).__name__

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        answers = list(pool.map(client, range(CLIENTS)))
    failed = [a for a in answers if a != "200"]
    assert not failed, f"{len(failed)} of {CLIENTS} not answered 200: {sorted(set(failed))}"


def test_the_outbox_pages_newest_first_and_quickly(stack):
    kw = {"region_name": "ap-southeast-3", "endpoint_url": f"http://{HOST}:{stack.ports[0]}",
          "aws_access_key_id": "local", "aws_secret_access_key": "local"}
    ses, sns = boto3.client("ses", **kw), boto3.client("sns", **kw)
    for i in range(55):
        if i % 5 == 4:
            sns.publish(PhoneNumber="+6281299990000", Message=f"pesan {i}")
        else:
            ses.send_email(Source="noreply@pisao.go.id", Destination={"ToAddresses": ["warga@example.id"]},
                           Message={"Subject": {"Data": "Kode"}, "Body": {"Text": {"Data": f"pesan {i}"}}})
    web = stack.ports[2]
    started = time.perf_counter()
    status, headers, body = request(web, "GET", "/_local/outbox")
    elapsed = time.perf_counter() - started
    assert status == 200, body
    first = json.loads(body)
    total = first["total"]  # the sign-ins of other tests may have sent codes too
    assert total >= 55
    assert [m["text"] for m in first["messages"][:3]] == ["pesan 54", "pesan 53", "pesan 52"]
    assert [m["channel"] for m in first["messages"][:2]] == ["sms", "email"]
    assert len(first["messages"]) == 20 and first["page"] == 1 and first["previous"] is None
    assert first["next"] == "/_local/outbox?page=2" and '<' + first["next"] + '>; rel="next"' in headers["link"]
    assert elapsed < 1.0, f"the outbox's first page took {elapsed:.2f} s"

    last = json.loads(request(web, "GET", f"/_local/outbox?page={first['pages']}")[2])
    assert len(last["messages"]) == total - 20 * (first["pages"] - 1) and last["next"] is None
    assert last["previous"] == f"/_local/outbox?page={first['pages'] - 1}"

    sms = json.loads(request(web, "GET", "/_local/outbox?to=%2B6281299990000&per_page=5")[2])
    assert sms["total"] == 11 and [m["text"] for m in sms["messages"]][:2] == ["pesan 54", "pesan 49"]
    assert sms["next"] == "/_local/outbox?page=2&per_page=5&to=%2B6281299990000"

    status, headers, body = request(web, "GET", "/_local/outbox?page=2", {"Accept": "text/html"})  # a person
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b'<a href="/_local/outbox?page=3" rel="next">' in body and b"pesan 34" in body

    status, _, body = request(web, "GET", "/_local/outbox?page=nol")
    assert status == 400
    assert json.loads(body)["error"]["fields"][0]["field"] == "page"


@pytest.mark.parametrize("path", ["/", "/_local/outbox", "/_local/bank/"])
def test_odd_methods_get_pisao_answers_not_html(stack, path):
    web = stack.ports[2]
    status, headers, body = request(web, "OPTIONS", path)
    assert status == 204 and body == b""
    allowed = {m.strip() for m in headers["allow"].split(",")}
    assert {"GET", "HEAD", "OPTIONS"} <= allowed and "TRACE" not in allowed
    for method in ("TRACE", "PROPFIND", "DELETE"):
        status, headers, body = request(web, method, path)
        assert status == 405, (method, body)
        assert {m.strip() for m in headers["allow"].split(",")} == allowed
        assert headers["content-type"].startswith("application/json")
        error = json.loads(body)["error"]
        assert error["code"] == "method_not_allowed" and "tidak diizinkan" in error["message"]
    status, _, body = request(web, "TRACE", path, {"Accept-Language": "en"})
    assert "not allowed" in json.loads(body)["error"]["message"]


def test_the_front_passes_options_and_head_for_the_api_through(stack):
    web, api = stack.ports[2], stack.ports[1]
    for method in ("OPTIONS", "HEAD"):
        through = request(web, method, "/api/catalogue")
        direct = request(api, method, "/catalogue")
        assert (through[0], through[2]) == (direct[0], direct[2]), method  # the API's answer, not the front's
    status, headers, body = request(web, "TRACE", "/api/catalogue")  # CloudFront does not pass TRACE either
    assert status == 405 and "TRACE" not in headers["allow"] and json.loads(body)["error"]["code"]


def test_the_api_server_itself_answers_trace_in_pisao_shape(stack):
    status, headers, body = request(stack.ports[1], "TRACE", "/catalogue")
    assert status == 405 and "GET" in headers["allow"]
    assert json.loads(body)["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("path", ["/", "/index.html", "/_local/outbox", "/api/catalogue", "/_local/bank/"])
def test_no_other_site_may_frame_the_front(stack, path):
    status, headers, _ = request(stack.ports[2], "GET", path)
    assert status == 200
    assert headers["content-security-policy"] == "frame-ancestors 'self'"
    assert headers["x-frame-options"] == "SAMEORIGIN"



def test_a_request_that_is_not_http_gets_a_400_in_pisao_shape(stack):
    with socket.create_connection((HOST, stack.ports[2]), timeout=10) as raw:
        raw.sendall(b"\x16\x03\x01 hello\r\n\r\n")  # e.g. a TLS hello sent to the plain-HTTP port
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 400"), answer
    assert json.loads(body)["error"]["code"] == "bad_request"


# --- compressed answers (issue 16): what a citizen's browser receives --------------------------------------------

DIST = Path(__file__).resolve().parents[2] / "web" / "dist"


def _first_script() -> str:
    match = re.search(r'<script[^>]+src="\.?/?([^"]+\.js)"', (DIST / "index.html").read_text(encoding="utf-8"))
    assert match, "index.html loads a script"
    return match[1]


@pytest.mark.parametrize("path", ["/", "/index.html", "script"])
def test_the_web_client_goes_gzipped_or_brotli_to_a_browser_that_takes_it(stack, path):
    file = DIST / (_first_script() if path == "script" else "index.html")
    url = "/" + _first_script() if path == "script" else path
    original = file.read_bytes()

    status, headers, body = request(stack.ports[2], "GET", url, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip" and "accept-encoding" in headers["vary"].lower()
    assert gzip.decompress(body) == original and len(body) < len(original)
    assert int(headers["content-length"]) == len(body)
    assert headers["content-type"].startswith("text/html" if path != "script" else "text/javascript")

    status, headers, body = request(stack.ports[2], "GET", url, {"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert status == 200 and headers["content-encoding"] == "br"  # a browser's header: the smallest copy
    assert body == file.with_name(file.name + ".br").read_bytes() and len(body) < len(original)


@pytest.mark.parametrize("accept", [None, "identity", "gzip;q=0, br;q=0", "deflate"])
def test_the_web_client_goes_as_it_is_to_a_client_that_takes_no_compression(stack, accept):
    status, headers, body = request(stack.ports[2], "GET", "/" + _first_script(),
                                    {"Accept-Encoding": accept} if accept else {})
    assert status == 200 and "content-encoding" not in headers
    assert body == (DIST / _first_script()).read_bytes()
    assert "accept-encoding" in headers["vary"].lower()  # a cache keeps the copies apart


def test_api_answers_of_a_kilobyte_or_more_go_gzipped_as_api_gateway_sends_them(stack):
    web = stack.ports[2]
    status, plain_headers, plain = request(web, "GET", "/api/catalogue")
    assert status == 200 and "content-encoding" not in plain_headers and len(plain) >= COMPRESS_MIN_BYTES
    assert "accept-encoding" in plain_headers["vary"].lower()
    status, headers, body = request(web, "GET", "/api/catalogue", {"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["content-encoding"] == "gzip" and int(headers["content-length"]) == len(body)
    assert json.loads(gzip.decompress(body)) == json.loads(plain) and len(body) < len(plain) / 2
    assert headers["content-type"].startswith("application/json")

    status, headers, body = request(web, "GET", "/api/no-such-address", {"Accept-Encoding": "gzip"})
    assert status == 404 and len(body) < COMPRESS_MIN_BYTES  # small: not worth compressing, as in production
    assert "content-encoding" not in headers and json.loads(body)["error"]["code"]


def test_the_bank_simulator_and_the_outbox_are_compressed_too(stack):
    web = stack.ports[2]
    for path in (f"{BANK_PATH}/", "/_local/outbox?per_page=100"):
        _, plain_headers, plain = request(web, "GET", path, {"Accept": "text/html"})
        status, headers, body = request(web, "GET", path, {"Accept": "text/html", "Accept-Encoding": "gzip"})
        assert status == 200, path
        if len(plain) >= COMPRESS_MIN_BYTES:
            assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == plain, path
        else:
            assert "content-encoding" not in headers and body == plain, path


def test_head_and_revalidation_of_a_compressed_file_agree_with_its_get(stack):
    web, url = stack.ports[2], "/" + _first_script()
    _, got, body = request(web, "GET", url, {"Accept-Encoding": "gzip"})
    status, head, empty = request(web, "HEAD", url, {"Accept-Encoding": "gzip"})
    assert status == 200 and empty == b"" and head["content-encoding"] == "gzip"
    assert head["content-length"] == got["content-length"] == str(len(body))
    status, headers, body = request(web, "GET", url, {"Accept-Encoding": "gzip",
                                                      "If-Modified-Since": got["last-modified"]})
    assert status == 304 and body == b"" and "accept-encoding" in headers["vary"].lower()
    assert request(web, "GET", "/index.html/", {"Accept-Encoding": "gzip"})[0] == 404
