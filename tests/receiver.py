"""A local HTTP server that records webhook deliveries, as a porteur de projet's endpoint would."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    body: dict[str, Any]
    raw: bytes
    headers: dict[str, str]


@dataclass
class WebhookReceiver:
    """Records every POST; answers ``status`` (set it to 500 to play a receiver that is down)."""

    status: int = 200
    received: list[Received] = field(default_factory=list)

    def start(self) -> "WebhookReceiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if receiver.status < 300:
                    receiver.received.append(Received(json.loads(raw), raw, dict(self.headers)))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/leads"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
