"""Explain actions: a real Tracker and CollectingDispatcher, the answers users would read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import explain
from bot.answers import render
from bot.clock import TODAY_VARIABLE


def tracker_for(intent: str, entities: list[dict[str, Any]] | None = None) -> Tracker:
    message = {
        "text": "question",
        "intent": {"name": intent, "confidence": 0.99},
        "entities": entities or [],
    }
    return Tracker("user", {}, message, [], False, None, {}, "action_listen")


def run(action: explain.ExplainAction, tracker: Tracker) -> list[dict[str, Any]]:
    import asyncio

    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    assert events == []
    return dispatcher.messages


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-26")
    return dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("action", "entity", "value", "topic"),
    [
        (explain.ActionExplainSteps(), "step", "recevabilite", "step_recevabilite"),
        (explain.ActionExplainSteps(), "step", "inconnue", "steps"),
        (explain.ActionExplainSteps(), None, None, "steps"),
        (explain.ActionExplainFinancing(), "cost_category", "annexes", "financing_annexes"),
        (explain.ActionExplainFinancing(), None, None, "financing"),
        (explain.ActionExplainRoles(), "role", "opco", "role_opco"),
        (explain.ActionExplainRoles(), None, None, "roles"),
    ],
)
def test_detail_when_the_message_names_one(action, entity, value, topic, fixed_today) -> None:
    entities = [{"entity": entity, "value": value}] if entity else []
    messages = run(action, tracker_for("ask", entities))
    expected = render(topic, fixed_today)
    assert len(messages) == 1
    assert messages[0]["text"] == expected.text
    assert messages[0]["buttons"] == expected.buttons_as_dicts()


def test_status_follows_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    action = explain.ActionExplainExperimentStatus()
    assert run(action, tracker_for("ask_experiment_status"))[0]["text"].startswith("Non")
    monkeypatch.setenv(TODAY_VARIABLE, "2025-06-01")
    assert run(action, tracker_for("ask_experiment_status"))[0]["text"].startswith("Oui")
    monkeypatch.setenv(TODAY_VARIABLE, "2023-05-27")
    assert run(action, tracker_for("ask_experiment_status"))[0]["text"].startswith("Pas encore")


@pytest.mark.parametrize(
    ("action", "closed", "open_"),
    [
        (explain.ActionExplainDefinition(), "a été une expérimentation", "est une expérimentation, ouverte"),
        (explain.ActionExplainAdvantagesCandidate(), "permettait au candidat", "permet de"),
        (explain.ActionExplainAdvantagesEmployer(), "permettait à l'employeur", "permet de"),
    ],
)
def test_the_definition_and_advantages_are_dated(
    action: explain.ExplainAction, closed: str, open_: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = run(action, tracker_for("ask"))
    assert closed in messages[0]["text"] and "Ce qui reste possible" in messages[0]["text"]
    assert 2 <= len(messages[0]["buttons"]) <= 5
    monkeypatch.setenv(TODAY_VARIABLE, "2025-06-01")
    text = run(action, tracker_for("ask"))[0]["text"]
    assert open_ in text and closed not in text


def test_every_action_is_declared_in_the_domain() -> None:
    from pathlib import Path

    import yaml

    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
    import inspect

    from rasa_sdk import Action
    from rasa_sdk.utils import all_subclasses

    import actions.checks  # noqa: F401  (registers the classes)
    import actions.explain  # noqa: F401
    import actions.faq  # noqa: F401
    import actions.fallback  # noqa: F401
    import actions.forms  # noqa: F401
    import actions.leads  # noqa: F401

    names = {cls().name() for cls in all_subclasses(Action)
             if cls.__module__.startswith("actions.") and not inspect.isabstract(cls)}
    assert names == set(domain["actions"])
