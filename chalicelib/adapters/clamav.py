"""Virus scanning with ClamAV: clamd's INSTREAM command over TCP (the file is streamed, never written to disk).

Protocol (clamd(8)): send `zINSTREAM\\0`, then the data as chunks each prefixed with its length (4 bytes,
big-endian), then a zero length. clamd answers `stream: OK\\0`, `stream: <signature> FOUND\\0`, or
`<reason> ERROR\\0` (e.g. `INSTREAM size limit exceeded. ERROR` past its StreamMaxLength)."""

from __future__ import annotations

import socket
import struct

from chalicelib.core.config import Settings, settings
from chalicelib.core.ports import ScanFailed

CHUNK_BYTES = 64 * 1024
MAX_REPLY_BYTES = 4096


class ClamdScanner:
    def __init__(self, host: str, port: int = 3310, timeout: float = 30.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout

    @classmethod
    def from_settings(cls, cfg: Settings | None = None) -> ClamdScanner:
        cfg = cfg or settings()
        return cls(cfg.clamd_host, cfg.clamd_port, cfg.clamd_timeout_seconds)

    def scan(self, data: bytes) -> str | None:
        if not self.host:
            raise ScanFailed("no virus scanner configured (CLAMD_HOST)")
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as sock:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                try:
                    sock.sendall(b"zINSTREAM\0")
                    for start in range(0, len(data), CHUNK_BYTES):
                        chunk = data[start:start + CHUNK_BYTES]
                        sock.sendall(struct.pack(">I", len(chunk)) + chunk)
                    sock.sendall(struct.pack(">I", 0))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # clamd stops reading when it refuses a stream; its reply (if any) says why
                reply = _read_reply(sock)
        except OSError as exc:  # refused, reset, timed out
            raise ScanFailed(f"clamd {self.host}:{self.port}: {exc}") from exc
        return _verdict(reply)


def _read_reply(sock: socket.socket) -> bytes:
    reply = b""
    while b"\0" not in reply and len(reply) < MAX_REPLY_BYTES:
        part = sock.recv(MAX_REPLY_BYTES)
        if not part:
            break
        reply += part
    return reply.split(b"\0", 1)[0]


def _verdict(reply: bytes) -> str | None:
    text = reply.decode("utf-8", "replace").strip()
    if text == "stream: OK":
        return None
    if text.startswith("stream: ") and text.endswith(" FOUND"):
        name = text[len("stream: "):-len(" FOUND")].strip()
        if name:
            return name
    raise ScanFailed(f"clamd: {text or 'no reply'}")
