"""Rasa NLU YAML files read as (intent, message) pairs, and the fingerprint that compares messages."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIR = Path("data") / "nlu"
HELDOUT_DIR = Path("tests") / "heldout"
_ANNOTATION = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")


def examples(path: Path) -> list[tuple[str, str]]:
    """The file's (intent, message) pairs, entity markup removed."""
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


def training_examples(root: Path = ROOT) -> list[tuple[str, str]]:
    """Every training example under ``data/nlu``."""
    return [pair for path in sorted((root / TRAINING_DIR).glob("*.yml")) for pair in examples(path)]


def heldout_examples(root: Path = ROOT) -> list[tuple[str, str]]:
    """Every example of the held-out sets (never trained on)."""
    return [pair for path in sorted((root / HELDOUT_DIR).glob("*.yml")) for pair in examples(path)]


def domain_intents(root: Path = ROOT) -> set[str]:
    """The intents declared in ``domain.yml``."""
    domain = yaml.safe_load((root / "domain.yml").read_text(encoding="utf-8")) or {}
    return set(domain.get("intents") or [])


def fingerprint(message: str) -> str:
    """Case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", message.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())
