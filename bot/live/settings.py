"""The live takeover's settings, read from the environment when asked (never at import)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from bot.live.hours import hours_file as configured_hours_file

DEFAULT_RASA_URL = "http://127.0.0.1:5005"


@dataclass(frozen=True)
class LiveSettings:
    """``api_token`` (``LIVE_API_TOKEN``, shared by the Rasa server and the dashboard; None: live
    takeover is off), ``rasa_url`` (``LIVE_RASA_URL``) and ``hours_file`` (``LIVE_HOURS_FILE``)."""

    api_token: str | None
    rasa_url: str
    hours_file: Path

    @property
    def configured(self) -> bool:
        return bool(self.api_token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "LiveSettings":
        env = os.environ if env is None else env
        return cls(
            api_token=env.get("LIVE_API_TOKEN", "").strip() or None,
            rasa_url=(env.get("LIVE_RASA_URL", "").strip() or DEFAULT_RASA_URL).rstrip("/"),
            hours_file=configured_hours_file(env),
        )
