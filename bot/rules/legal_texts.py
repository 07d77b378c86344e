"""The legal texts the assistant cites as a whole (law, decree, order, FAQ)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LEGAL_TEXTS_FILE = Path(__file__).with_name("legal_texts.yaml")


@dataclass(frozen=True)
class LegalText:
    """A text, its short citation for users, full title and address."""

    key: str
    citation: str
    title: str
    href: str


@lru_cache(maxsize=1)
def legal_texts() -> dict[str, LegalText]:
    """Every cited text, keyed by its short name (``law``, ``decree``…)."""
    with LEGAL_TEXTS_FILE.open(encoding="utf-8") as stream:
        raw = yaml.safe_load(stream)
    return {key: LegalText(key=key, **entry) for key, entry in raw.items()}
