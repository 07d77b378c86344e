"""The action answers' validation: as strict as Rasa's, with the schema checked once."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import pipeline  # noqa: F401  (applies the fix, as when Rasa loads the model)
from pipeline import rasa_speedups


def test_rasa_uses_the_validator_built_once() -> None:
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result
    action = RemoteAction("action_explain_steps", None)
    good = {"events": [{"event": "slot", "name": "age", "value": 30}], "responses": [{"text": "Bonjour"}]}
    assert action._validate_action_result(good) is True
    assert action._validate_action_result({"events": [], "responses": []}) is True
    assert rasa_speedups._action_result_validator.cache_info().misses == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"events": [{"name": "age"}], "responses": []},  # an event without its type
        {"events": "SlotSet", "responses": []},
        {"events": [], "responses": "Bonjour"},
    ],
)
def test_malformed_action_answers_are_still_rejected(bad: dict) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        RemoteAction("action_explain_steps", None)._validate_action_result(bad)
