"""Read Rasa NLU YAML files as (intent, message) pairs, entity markup removed."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
_ANNOTATION = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")


def examples(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    pairs = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((block["intent"], _ANNOTATION.sub(r"\1", line[2:]).strip()))
    return pairs


def training_examples() -> list[tuple[str, str]]:
    return [pair for path in sorted((ROOT / "data" / "nlu").glob("*.yml")) for pair in examples(path)]


def heldout_examples() -> list[tuple[str, str]]:
    return examples(ROOT / "tests" / "heldout" / "nlu.yml")


def fingerprint(message: str) -> str:
    """Case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", message.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())
