"""Overlong messages are cut before NLU, at a configurable length."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from pipeline.message_truncator import MAX_CHARACTERS_VARIABLE, MessageTruncator, truncate


def test_short_text_is_untouched() -> None:
    assert truncate("bonjour", 10) == "bonjour"


def test_long_text_is_cut_at_a_word_boundary() -> None:
    cut = truncate("mot " * 1000, 100)
    assert len(cut) <= 100 and not cut.endswith(" m")


def test_process_cuts_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MAX_CHARACTERS_VARIABLE, raising=False)
    message = Message({TEXT: "x" * 20_000})
    MessageTruncator({"max_characters": 1000}).process([message])
    assert len(message.get(TEXT)) == 1000


def test_environment_overrides_the_configured_maximum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_CHARACTERS_VARIABLE, "50")
    message = Message({TEXT: "y" * 500})
    MessageTruncator({"max_characters": 1000}).process([message])
    assert message.get(TEXT) == "y" * 50
