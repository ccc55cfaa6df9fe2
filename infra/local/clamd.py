"""A clamd stand-in for the local stack and the tests: speaks clamd's TCP protocol (PING, VERSION, INSTREAM with
z- or n-prefixed commands) and matches a test signature set instead of ClamAV's database, so the EICAR test file
is found exactly as a real clamd would report it. It is the scanner's partner, reached only through the same
adapter production uses (chalicelib/adapters/clamav.py).

    python -m infra.local.clamd [--host 127.0.0.1] [--port 3310]
"""

from __future__ import annotations

import argparse
import signal
import socketserver
import struct
import threading
from collections.abc import Callable

# Assembled from two parts so this source file is not itself reported by a real virus scanner.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
TEST_SIGNATURES = {"Eicar-Test-Signature": EICAR}
STREAM_MAX_LENGTH = 25 * 1024 * 1024  # clamd's default StreamMaxLength
VERSION = "ClamAV 1.4.0/27500/PISAO test signatures"


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], signatures: dict[str, bytes], max_length: int) -> None:
        super().__init__(address, _Handler)
        self.signatures, self.max_length = signatures, max_length


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        command, end = self._command()
        if command == "PING":
            self._reply("PONG", end)
        elif command == "VERSION":
            self._reply(VERSION, end)
        elif command == "INSTREAM":
            self._instream(end)
        else:
            self._reply("UNKNOWN COMMAND", end)

    def _command(self) -> tuple[str, bytes]:
        """clamd commands: `zCMD\\0` or `nCMD\\n` (the reply ends the same way)."""
        raw = b""
        while len(raw) < 64:
            byte = self.rfile.read(1)
            if not byte or byte in b"\0\n":
                break
            raw += byte
        text = raw.decode("ascii", "replace")
        if text[:1] in ("z", "n"):
            return text[1:], (b"\0" if text[0] == "z" else b"\n")
        return text, b"\n"

    def _instream(self, end: bytes) -> None:
        parts, total = [], 0
        while True:
            header = self.rfile.read(4)
            if len(header) < 4:
                return  # the client went away mid-stream: clamd answers nothing
            (length,) = struct.unpack(">I", header)
            if length == 0:
                break
            total += length
            if total > self.server.max_length:
                self._reply("INSTREAM size limit exceeded. ERROR", end)
                return
            chunk = self.rfile.read(length)
            if len(chunk) < length:
                return
            parts.append(chunk)
        data = b"".join(parts)
        found = next((name for name, pattern in self.server.signatures.items() if pattern in data), None)
        self._reply(f"stream: {found} FOUND" if found else "stream: OK", end)

    def _reply(self, text: str, end: bytes) -> None:
        self.wfile.write(text.encode() + end)
        self.wfile.flush()


def start_clamd(port: int = 0, host: str = "127.0.0.1", signatures: dict[str, bytes] | None = None,
                max_length: int = STREAM_MAX_LENGTH) -> tuple[str, int, Callable[[], None]]:
    """Serve in a background thread (port 0: any free port). Returns (host, port, stop)."""
    server = _Server((host, port), dict(signatures or TEST_SIGNATURES), max_length)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="clamd")
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    bound_host, bound_port = server.server_address[:2]
    return str(bound_host), int(bound_port), stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3310)
    args = parser.parse_args()
    host, port, stop = start_clamd(args.port, args.host)
    done = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: done.set())
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print(f"clamd simulator on {host}:{port} (signatures: {', '.join(TEST_SIGNATURES)})", flush=True)
    done.wait()
    stop()


if __name__ == "__main__":
    main()
