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


def test_sqlite_tracker_store_writes_ahead_and_keeps_the_conversation(tmp_path) -> None:
    import asyncio
    import sqlite3

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    # As in the Rasa server: the tracker store exists before Rasa loads the model (and applies the fix).
    event.remove(Engine, "connect", rasa_speedups._sqlite_write_ahead_log)
    database = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(database))
    rasa_speedups.apply()
    tracker = DialogueStateTracker.from_events("visitor", [UserUttered("Bonjour")])
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(DialogueStateTracker.from_events("visitor", [UserUttered("Bonjour"), UserUttered("Merci")])))
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        texts = [row[0] for row in connection.execute(
            "SELECT json_extract(data, '$.text') FROM events WHERE sender_id = 'visitor' ORDER BY id")]
    assert texts == ["Bonjour", "Merci"]
    retrieved = asyncio.run(store.retrieve("visitor"))
    assert [event.text for event in retrieved.events if isinstance(event, UserUttered)] == [
        "Bonjour", "Merci"]


HELD_OUT_SAMPLE = [
    "bonjour",
    "c'est quoi exactement la vae inversée ?",
    "qui paie la formation ?",
    "je suis au chômage, est-ce que je peux en profiter ?",
    "combien de temps ça dure ?",
    "je voudrais parler à quelqu'un",
    "quel temps fait-il à Lyon ?",
]


def _predictions(model_path) -> list:
    """Intent, its confidence and the next action's probabilities, for each sample message."""
    import asyncio

    from rasa.core.agent import Agent
    from rasa.engine.constants import PLACEHOLDER_TRACKER
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    agent = Agent.load(str(model_path))

    async def run() -> list:
        results = []
        for text in HELD_OUT_SAMPLE:
            parsed = await agent.parse_message(text)
            tracker = DialogueStateTracker.from_events(
                "probe", [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                          UserUttered(text, parsed["intent"], parsed["entities"], parse_data=parsed)],
                slots=agent.domain.slots)
            # TEDPolicy's own prediction (the rules answer these first turns before it).
            ted = agent.processor.graph_runner.run(
                inputs={PLACEHOLDER_TRACKER: tracker}, targets=["run_TEDPolicy2"])["run_TEDPolicy2"]
            results.append((parsed["intent"]["name"], round(parsed["intent"]["confidence"], 4),
                            [round(p, 4) for p in ted.probabilities]))
        return results

    return asyncio.run(run())


def test_models_loaded_without_a_training_step_predict_exactly_the_same(model_path, monkeypatch) -> None:
    from rasa.utils.tensorflow.models import RasaModel

    fast = _predictions(model_path)
    monkeypatch.setattr(RasaModel, "load", classmethod(rasa_speedups._rasa_model_load))
    assert fast == _predictions(model_path)  # Rasa's own loading: one training step, then the weights
    assert fast[0][0] == "greet" and fast[0][1] > 0.5
    assert len({tuple(ted) for _, _, ted in fast}) > 1  # TED reads the conversation
