"""Our fixes to Rasa's message path keep its behaviour: action answers as strictly checked, the same
conversations stored, the same predictions."""

from __future__ import annotations

from pathlib import Path

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
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.utils.tensorflow.models import RasaModel

    # TED's own predictions, even where a rule decides (the next test covers that shortcut).
    monkeypatch.setattr(DaskGraphRunner, "__init__", rasa_speedups._graph_runner_init)
    fast = _predictions(model_path)
    monkeypatch.setattr(RasaModel, "load", classmethod(rasa_speedups._rasa_model_load))
    assert fast == _predictions(model_path)  # Rasa's own loading: one training step, then the weights
    assert fast[0][0] == "greet" and fast[0][1] > 0.5
    assert len({tuple(ted) for _, _, ted in fast}) > 1  # TED reads the conversation


STORY_FILES = ["data/stories", "data/rules", "tests/stories"]


def _next_actions(model_path) -> list:
    """(action, policy, confidence) before every action of the stories and rules, then along
    random conversations (where no rule applies, TED decides)."""
    import asyncio
    import random

    from rasa.core.agent import Agent
    from rasa.shared.core.constants import DEFAULT_INTENTS
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
    from rasa.shared.core.generator import TrainingDataGenerator
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.core.training_data.loading import load_data_from_files
    from rasa.shared.core.training_data.structures import StoryGraph

    agent = Agent.load(str(model_path))
    domain = agent.domain
    steps = []
    for name in STORY_FILES:
        steps += load_data_from_files(sorted(str(path) for path in Path(name).glob("*.yml")), domain)
    trackers = TrainingDataGenerator(StoryGraph(steps), domain, augmentation_factor=0).generate_story_trackers()
    prefixes = {}
    for story in trackers:
        events = list(story.events)
        for index, event in enumerate(events):
            if isinstance(event, ActionExecuted) and index > 2:
                prefixes.setdefault(tuple(str(e) for e in events[:index]), events[:index])

    def predict(events: list) -> tuple:
        tracker = DialogueStateTracker.from_events("probe", events, slots=domain.slots)
        prediction = agent.processor._predict_next_with_tracker(tracker)
        best = max(range(len(prediction.probabilities)), key=prediction.probabilities.__getitem__)
        return domain.action_names_or_texts[best], prediction.policy_name, round(prediction.max_confidence, 5)

    async def run() -> list:
        results = [predict(prefixes[key]) for key in sorted(prefixes)]
        rng = random.Random(7)
        intents = sorted(set(domain.intents) - set(DEFAULT_INTENTS))
        responses = sorted(domain.responses)
        for _ in range(40):
            events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
            for _ in range(6):
                events.append(UserUttered("", {"name": rng.choice(intents), "confidence": 1.0}))
                if rng.random() < 0.5:  # an answer no rule gives: TED has to decide what follows
                    events.append(ActionExecuted(rng.choice(responses)))
                for _ in range(3):
                    results.append(predict(events))
                    events.append(ActionExecuted(results[-1][0]))
                    if results[-1][0] == "action_listen":
                        break
                else:
                    events.append(ActionExecuted("action_listen"))
        return results

    return asyncio.run(run())


def test_ted_skipped_where_a_rule_decides_gives_the_same_next_actions(model_path, monkeypatch) -> None:
    from rasa.core.policies.ted_policy import TEDPolicy
    from rasa.engine.runner.dask import DaskGraphRunner

    ted_runs = []
    original = rasa_speedups._ted_predict
    monkeypatch.setattr(rasa_speedups, "_ted_predict", lambda *a, **k: ted_runs.append(1) or original(*a, **k))
    fast = _next_actions(model_path)
    with monkeypatch.context() as rasa_way:
        rasa_way.setattr(DaskGraphRunner, "__init__", rasa_speedups._graph_runner_init)
        rasa_way.setattr(TEDPolicy, "predict_action_probabilities", original)
        assert _next_actions(model_path) == fast
    policies = [policy for _, policy, _ in fast]
    assert len(fast) > 200 and "TEDPolicy" in policies and "RulePolicy" in policies
    assert len(ted_runs) < len(fast) - policies.count("RulePolicy") // 2  # TED was skipped for rules


def test_spacy_without_its_entity_recogniser_gives_rasa_the_same_tokens(monkeypatch) -> None:
    import yaml
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    examples = yaml.safe_load(Path("tests/heldout/nlu.yml").read_text(encoding="utf-8"))["nlu"]
    texts = [line[2:] for block in examples for line in block["examples"].splitlines() if line.startswith("- ")]
    rasa_spacy = rasa_speedups._spacy_load_model("fr_core_news_md").model
    assert "ner" in rasa_spacy.pipe_names

    def tokens(language) -> list:
        return [[(t.text, t.idx, t.lemma_, t.pos_, t.tag_, t.vector.tobytes()) for t in language(text)] for text in texts]

    monkeypatch.setattr(rasa_speedups, "_spacy_entities_read", False)  # as once our model's graph is loaded
    ours = SpacyNLP.load_model("fr_core_news_md").model
    assert "ner" not in ours.pipe_names and len(texts) > 50
    assert tokens(ours) == tokens(rasa_spacy)


def test_the_nodes_a_graph_run_needs_are_worked_out_once_and_stay_the_same(model_path) -> None:
    import json
    import tarfile

    from rasa.engine.graph import GraphSchema

    with tarfile.open(model_path) as archive:
        member = next(m for m in archive.getmembers() if m.name.lstrip("/") == "metadata.json")
        schema = GraphSchema.from_dict(json.load(archive.extractfile(member))["predict_schema"])
    targets = ["select_prediction"]
    first = schema.minimal_graph_schema(targets)
    assert first is schema.minimal_graph_schema(list(targets))
    assert first == rasa_speedups._minimal_graph_schema(schema, targets)
    assert "run_TEDPolicy2" in first.nodes and "run_DIETClassifier8" not in first.nodes
    assert schema.minimal_graph_schema() == rasa_speedups._minimal_graph_schema(schema)
