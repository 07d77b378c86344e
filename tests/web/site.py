"""The landing page server in a thread, for the tests."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from web.serve import make_server


@contextmanager
def serving_site(port: int, rasa_url: str) -> Iterator[str]:
    """``web.serve`` on ``port`` in a thread, its widget pointed at ``rasa_url``; yields its base URL."""
    server = make_server("127.0.0.1", port, rasa_url)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
