"""The held-out set stays held out, and every intent has enough examples."""

from __future__ import annotations

from collections import Counter

import yaml

from tests.nlu_data import ROOT, fingerprint, heldout_examples, training_examples


def test_no_heldout_message_is_a_training_message() -> None:
    training = {fingerprint(message) for _, message in training_examples()}
    leaked = [message for _, message in heldout_examples() if fingerprint(message) in training]
    assert leaked == []


def test_heldout_set_is_large_enough_and_covers_every_intent() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    counts = Counter(intent for intent, _ in heldout_examples())
    assert sum(counts.values()) >= 150
    assert set(counts) == set(domain["intents"])
    assert min(counts.values()) >= 5


def test_every_intent_has_at_least_25_training_examples() -> None:
    counts = Counter(intent for intent, _ in training_examples())
    assert min(counts.values()) >= 25, counts.most_common()[-3:]


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
            used |= {step["intent"] for step in story["steps"] if "intent" in step}
    assert set(domain["intents"]) - used == set()
