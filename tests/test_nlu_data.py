"""The held-out set stays held out, and every intent has enough examples."""

from __future__ import annotations

from collections import Counter

import yaml

from bot.knowledge.base import entries
from bot.knowledge.nlu_files import HELDOUT_DIR, examples
from tests.nlu_data import ROOT, fingerprint, heldout_examples, training_examples


def test_no_heldout_message_is_a_training_message() -> None:
    training = {fingerprint(message) for _, message in training_examples()}
    leaked = [message for _, message in heldout_examples() if fingerprint(message) in training]
    assert leaked == []


def test_heldout_sets_are_large_enough_and_cover_every_intent_and_entry() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    first = Counter(intent for intent, _ in examples(ROOT / HELDOUT_DIR / "nlu.yml"))
    second = [(intent, message) for path in sorted((ROOT / HELDOUT_DIR).glob("*.yml")) if path.name != "nlu.yml"
              for intent, message in examples(path)]
    assert sum(first.values()) >= 150 and len(second) >= 300
    counts = Counter(intent.split("/")[0] for intent, _ in heldout_examples())
    assert set(counts) == set(domain["intents"]) - external_intents(domain)
    assert min(counts.values()) >= 4, counts.most_common()[-3:]
    per_entry = Counter(intent for intent, _ in heldout_examples())
    assert [entry.id for entry in entries().values() if per_entry[entry.intent_name] < 1] == []


def external_intents(domain: dict) -> set[str]:
    """Intents sent by the server itself (reminders), never said by a visitor: no NLU example."""
    return {intent for intent in domain["intents"] if isinstance(intent, str) and intent.startswith("EXTERNAL_")}


def test_every_intent_has_enough_training_examples() -> None:
    """25 for an intent, 12 for a pair of questions, 10 for a knowledge-base entry (faq/<id>)."""
    counts = Counter(intent for intent, _ in training_examples())
    single = {intent: count for intent, count in counts.items() if "/" not in intent and "+" not in intent}
    assert min(single.values()) >= 25, sorted(single.items(), key=lambda item: item[1])[:3]
    assert [intent for intent, count in counts.items() if "+" in intent and count < 12] == []
    assert [intent for intent, count in counts.items() if "/" in intent and count < 10] == []


def test_no_message_is_trained_under_two_intents() -> None:
    seen: dict[str, str] = {}
    for intent, message in training_examples():
        key = fingerprint(message)
        assert seen.setdefault(key, intent) == intent, message


def test_every_intent_appears_in_a_test_story() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    used: set[str] = set()
    for path in (ROOT / "tests" / "stories").glob("*.yml"):
        for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
            used |= {step["intent"].split("/")[0] for step in story["steps"] if "intent" in step}
    assert set(domain["intents"]) - used == set()
