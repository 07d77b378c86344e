"""The nonsense detector: no known word, no intent but « nonsense » (so no form starts)."""

from __future__ import annotations

from functools import lru_cache

import pytest
import spacy
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from pipeline.nonsense import NONSENSE_INTENT, NonsenseDetector


@lru_cache(maxsize=1)
def nlp():
    return spacy.load("fr_core_news_md")


def detector() -> NonsenseDetector:
    return NonsenseDetector(model_storage=None, resource=None, vocabulary=frozenset({"opco", "cqp", "vae", "financement"}))


def message(text: str) -> Message:
    parsed = Message(data={TEXT: text, INTENT: {"name": "ask_financing", "confidence": 0.54}})
    parsed.set(SPACY_DOCS[TEXT], nlp()(text.lower()))
    return parsed


@pytest.mark.parametrize("text", ["fjdkslq zzpprt vbnmwx", "🤔🤔", "?", "...", "qsdfghjkl", "5", "a"])
def test_a_message_without_a_known_word_is_nonsense(text: str) -> None:
    [processed] = detector().process([message(text)])
    assert processed.get(INTENT)["name"] == NONSENSE_INTENT


@pytest.mark.parametrize("text", ["OPCO ?", "qui paie la formation", "c koi la vae", "cqp", "/ask_financing", "finacement"])
def test_a_message_with_a_known_word_keeps_its_intent(text: str) -> None:
    [processed] = detector().process([message(text)])
    assert processed.get(INTENT)["name"] == "ask_financing"
