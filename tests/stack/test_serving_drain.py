"""The stop of the local stack's servers (infra/local/serving.py), without a stack: a request under way is
finished, a further request on an open connection is refused in PISAO's shape, and drain reports when all
are done. (The stack's own stop order is in test_stack_shutdown.py.)"""

import http.client
import json
import threading

import pytest

from infra.local.serving import Handler, Server

pytestmark = pytest.mark.stack


def slow_server(release: threading.Event, began: threading.Event) -> Server:
    class Slow(Handler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the API's handler

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/slow":
                began.set()
                release.wait(10)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    server = Server(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_drain_finishes_what_is_under_way_and_refuses_what_comes_after():
    release, began = threading.Event(), threading.Event()
    server = slow_server(release, began)
    host, port = server.server_address
    idle = http.client.HTTPConnection(host, port, timeout=10)
    idle.request("GET", "/")
    assert idle.getresponse().read() == b"ok"  # an open keep-alive connection, idle

    slow_answer = {}

    def slow() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=10)
        conn.request("GET", "/slow")
        response = conn.getresponse()
        slow_answer.update(status=response.status, body=response.read())

    caller = threading.Thread(target=slow)
    caller.start()
    assert began.wait(5)
    drained = {}
    stopper = threading.Thread(target=lambda: drained.update(done=server.drain(10)))
    stopper.start()
    stopper.join(1)
    assert stopper.is_alive(), "drain returned while a request was under way"

    idle.request("GET", "/")  # after the stop began: refused, in PISAO's shape, and the connection closed
    refused = idle.getresponse()
    assert refused.status == 503 and refused.getheader("Connection") == "close"
    assert json.loads(refused.read())["error"]["code"] == "shutting_down"

    release.set()
    caller.join(5)
    stopper.join(5)
    assert slow_answer == {"status": 200, "body": b"ok"}
    assert drained == {"done": True}
