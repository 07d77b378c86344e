"""The browser origins allowed to talk to the Rasa server (no Rasa import: run.sh and tests share it)."""

from __future__ import annotations

import os
from typing import Mapping

DEFAULT_WEB_PORT = 8080


def default_origins(web_port: int | str = DEFAULT_WEB_PORT) -> list[str]:
    """The landing page's own origins, served by ``web.serve`` on ``web_port``."""
    return [f"http://127.0.0.1:{web_port}", f"http://localhost:{web_port}"]


def allowed_origins(env: Mapping[str, str] | None = None) -> list[str]:
    """``CORS_ORIGINS`` (space-separated), else the landing page's origins; ``*`` allows any."""
    env = os.environ if env is None else env
    configured = env.get("CORS_ORIGINS", "").split()
    return configured or default_origins(env.get("WEB_PORT") or DEFAULT_WEB_PORT)
