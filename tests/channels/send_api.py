"""A stand-in for Facebook's Send API on 127.0.0.1: records what the assistant sends."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit


class SendApi:
    """Collects the Send API calls (body + query) and lets a test wait for one."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.url = ""
        self.server: ThreadingHTTPServer | None = None

    def record(self, path: str, query: dict[str, list[str]], body: dict[str, Any]) -> None:
        with self.lock:
            self.calls.append({"path": path, "query": query, "body": body})

    def messages_to(self, recipient: str) -> list[dict[str, Any]]:
        """The ``message`` objects sent to ``recipient`` (sender actions left out)."""
        with self.lock:
            return [
                call["body"]["message"]
                for call in self.calls
                if call["body"].get("recipient", {}).get("id") == recipient and "message" in call["body"]
            ]

    def wait_for(self, condition: Callable[[], Any], timeout: float = 60) -> Any:
        """Poll ``condition`` until it is truthy; fail with what was received after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            time.sleep(0.05)
        raise AssertionError(f"Send API never got the expected call; received: {self.calls[-10:]}")

    def start(self) -> "SendApi":
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                api.record(parts.path, parse_qs(parts.query), json.loads(self.rfile.read(length) or b"{}"))
                body = json.dumps({"recipient_id": "x", "message_id": "m"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v19.0"
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
