"""The improvement loop: export what the assistant did not understand, add what a person labelled.

The export reads the tracker store's ``events`` table (its texts are redacted: the file holds no
e-mail nor phone, and no conversation id) and groups the same message, however typed. The
import adds each labelled message to ``data/nlu/review.yml`` unless it is in a held-out set
(evaluation must stay honest), already trained, or labelled with an intent the domain lacks.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.dashboard.topics import NOT_UNDERSTOOD_INTENTS
from bot.knowledge.base import entries
from bot.knowledge.nlu_files import ROOT, TRAINING_DIR, domain_intents, fingerprint, heldout_examples, training_examples
from bot.privacy.conversations import events
from bot.privacy.redaction import redact_text

UNSURE_BELOW = 0.6  # a confidence under this is worth a look, even when the assistant answered
REVIEW_FILE = TRAINING_DIR / "review.yml"
HEADER = (
    "# Messages the assistant did not understand or was unsure about, most frequent first.\n"
    "# Write the right intent after « intent: » (one of domain.yml's intents), leave it empty to skip,\n"
    "# then run: python -m bot.knowledge add <this file>\n"
)


@dataclass
class ReviewItem:
    """One message (grouped by fingerprint) and what NLU thought of it."""

    text: str
    seen: int = 1
    guesses: list[str] = field(default_factory=list)  # « intent 0.41 », best first
    intent: str = ""


@dataclass(frozen=True)
class AddReport:
    """What ``add`` did with a labelled file."""

    added: int = 0
    heldout: int = 0  # refused: in a held-out set
    duplicates: int = 0  # already trained (under this intent or another)
    unknown_intents: tuple[str, ...] = ()
    unlabelled: int = 0


def unsure_messages(engine: Engine, since: dt.datetime, below: float = UNSURE_BELOW) -> list[ReviewItem]:
    """The visitors' messages since ``since`` classified as not understood or with a confidence
    under ``below``, most frequent first."""
    statement = (
        select(events.c.intent_name, events.c.data)
        .where(events.c.type_name == "user", events.c.timestamp >= since.timestamp())
        .order_by(events.c.id)
    )
    items: "OrderedDict[str, ReviewItem]" = OrderedDict()
    with engine.connect() as connection:
        for intent, data in connection.execute(statement):
            parsed = _parse(data)
            text = parsed.get("text")
            if not isinstance(text, str) or not text.strip() or text.startswith("/"):
                continue  # a button's payload is no phrasing to learn from
            confidence = _confidence(parsed)
            if intent not in NOT_UNDERSTOOD_INTENTS and (confidence is None or confidence >= below):
                continue
            key = fingerprint(text)
            if key in items:
                items[key].seen += 1
            else:
                items[key] = ReviewItem(redact_text(text.strip()), guesses=_guesses(parsed))
    return sorted(items.values(), key=lambda item: -item.seen)


def write_review(items: list[ReviewItem], path: Path) -> None:
    """The file a person labels."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(
        {"messages": [{"text": item.text, "seen": item.seen, "guesses": item.guesses, "intent": item.intent}
                      for item in items]},
        allow_unicode=True, sort_keys=False, width=120)
    path.write_text(HEADER + body, encoding="utf-8")


def add_labelled(path: Path, root: Path = ROOT) -> AddReport:
    """Add the labelled messages of ``path`` to ``data/nlu/review.yml``."""
    labelled = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("messages") or []
    # A knowledge-base question is labelled with its entry's intent, faq/<entry id>.
    intents = domain_intents(root) | {entry.intent_name for entry in entries().values() if not entry.intent}
    heldout = {fingerprint(message) for _, message in heldout_examples(root)}
    trained = {fingerprint(message) for _, message in training_examples(root)}
    new: "OrderedDict[str, list[str]]" = OrderedDict()
    counts = {"heldout": 0, "duplicates": 0, "unlabelled": 0}
    unknown: list[str] = []
    for item in labelled:
        text = str((item or {}).get("text") or "").strip()
        intent = str((item or {}).get("intent") or "").strip()
        if not text or not intent:
            counts["unlabelled"] += 1
            continue
        if intent not in intents:
            unknown.append(intent)
            continue
        key = fingerprint(text)
        if key in heldout:
            counts["heldout"] += 1
        elif key in trained:
            counts["duplicates"] += 1
        else:
            new.setdefault(intent, []).append(text)
            trained.add(key)
    added = sum(len(texts) for texts in new.values())
    if added:
        _append(root / REVIEW_FILE, new)
    return AddReport(added=added, unknown_intents=tuple(sorted(set(unknown))), **counts)


def _append(path: Path, new: "OrderedDict[str, list[str]]") -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    blocks: "OrderedDict[str, list[str]]" = OrderedDict()
    for block in (data or {}).get("nlu", []):
        blocks.setdefault(block["intent"], []).extend(
            line.strip()[2:] for line in block["examples"].splitlines() if line.strip().startswith("- "))
    for intent, texts in new.items():
        blocks.setdefault(intent, []).extend(texts)
    lines = ["# Messages from real conversations, labelled by a person (python -m bot.knowledge add).",
             'version: "3.1"', "nlu:"]
    for intent, texts in blocks.items():
        lines += [f"- intent: {intent}", "  examples: |"] + [f"    - {_one_line(text)}" for text in texts]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _one_line(text: str) -> str:
    # A training example is one line; brackets would read as entity markup.
    return " ".join(text.split()).replace("[", "(").replace("]", ")")


def _parse(data: str | None) -> dict[str, Any]:
    try:
        value = json.loads(data or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _confidence(event: dict[str, Any]) -> float | None:
    intent = (event.get("parse_data") or {}).get("intent") or {}
    value = intent.get("confidence") if isinstance(intent, dict) else None
    return float(value) if isinstance(value, (int, float)) else None


def _guesses(event: dict[str, Any], most: int = 3) -> list[str]:
    ranking = (event.get("parse_data") or {}).get("intent_ranking") or []
    return [f"{entry['name']} {float(entry.get('confidence') or 0):.2f}" for entry in ranking[:most]
            if isinstance(entry, dict) and entry.get("name")]
