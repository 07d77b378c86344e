"""A local webhook receiver (http.server in a thread) that checks signatures and dedupes by key."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SECRET = "secret-de-test"


class Receiver:
    """What a porteur's endpoint would do: verify, answer by ``mode``, keep one lead per key."""

    def __init__(self, secret: str = SECRET) -> None:
        self.secret = secret
        self.mode = "ok"  # "ok" or "error" (HTTP 500)
        self.barrier: threading.Barrier | None = None
        self.barrier_slots = 0
        self.barrier_broken = False
        self.lock = threading.Lock()
        self.posts: Counter[str] = Counter()  # every POST by idempotency key
        self.leads: dict[str, dict[str, Any]] = {}  # accepted, once per key
        self.bad_signatures = 0
        self.headers: list[dict[str, str]] = []

    def hold_first(self, count: int, timeout_s: float) -> None:
        """The first ``count`` accepted POSTs wait for each other: they must be in flight together."""
        self.barrier = threading.Barrier(count, timeout=timeout_s)
        self.barrier_slots = count

    def handle(self, headers: dict[str, str], body: bytes) -> int:
        expected = "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
        key = headers.get("Idempotency-Key", "")
        with self.lock:
            self.headers.append(headers)
            self.posts[key] += 1
            if not hmac.compare_digest(headers.get("X-VAE-Signature", ""), expected):
                self.bad_signatures += 1
                return 401
            if self.mode == "error":
                return 500
            held = self.barrier_slots > 0
            self.barrier_slots -= held
        if held and self.barrier is not None:
            try:
                self.barrier.wait()
            except threading.BrokenBarrierError:
                self.barrier_broken = True
                return 503
        payload = json.loads(body)
        assert payload["idempotency_key"] == key
        with self.lock:
            self.leads.setdefault(key, payload)  # a repeated key is acknowledged, not stored twice
        return 200


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        status = self.server.receiver.handle(dict(self.headers.items()), body)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    receiver: Receiver


def start(receiver: Receiver) -> tuple[_Server, threading.Thread]:
    """Listen on 127.0.0.1 at a random port (listening once this returns) and serve in a thread."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.receiver = receiver
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, thread
