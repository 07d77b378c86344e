"""The serving layer's own French messages (rate limit, technical incident, malformed request)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

MESSAGES_FILE = Path(__file__).with_name("messages.fr.yml")


@lru_cache(maxsize=1)
def _messages() -> dict[str, str]:
    with MESSAGES_FILE.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def message(key: str, **values: str) -> str:
    """The message ``key``, with its ``{placeholders}`` filled in."""
    text = _messages()[key]
    return text.format(**values) if values else text
