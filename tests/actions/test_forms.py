"""Form validation on a real Tracker: the slot events and responses a conversation gets."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import ActionExtractFacts, ValidateCandidateEligibilityForm, ValidateEmployerFundingForm
from bot.clock import TODAY_VARIABLE


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-26")


def tracker(text: str, intent: str = "inform", confidence: float = 0.9, **slots: Any) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    return Tracker("user", slots, message, [], False, None, {}, "action_listen")


def run(action, tracker_: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return events, dispatcher.messages


def test_one_message_fills_several_slots() -> None:
    events, messages = run(
        ValidateCandidateEligibilityForm(),
        tracker("j'ai 45 ans et je suis demandeur d'emploi", requested_slot="age"),
    )
    assert SlotSet("age", 45) in events and SlotSet("situation", "jobseeker") in events
    assert messages == []


def test_unreadable_answer_is_asked_again_with_an_example() -> None:
    events, messages = run(ValidateCandidateEligibilityForm(), tracker("la trentaine", requested_slot="age"))
    assert events == [SlotSet("age", None)]
    assert messages[0]["response"] == "utter_invalid_age"


def test_a_question_of_another_kind_is_left_to_the_digression_rules() -> None:
    events, messages = run(
        ValidateCandidateEligibilityForm(),
        tracker("c'est quoi la recevabilité ?", intent="ask_steps", requested_slot="age"),
    )
    assert events == [] and messages == []


def test_a_duration_beyond_the_maximum_is_refused_with_the_limit() -> None:
    events, messages = run(ValidateEmployerFundingForm(), tracker("48 mois", requested_slot="duration_months"))
    assert SlotSet("duration_months", None) in events
    assert messages[0]["response"] == "utter_duration_out_of_range"
    assert messages[0]["max_duration"] == "36\u00a0mois"


@pytest.mark.parametrize("answer", ["j'ai 150", "5"])
def test_an_age_out_of_range_is_asked_again(answer: str) -> None:
    events, messages = run(ValidateCandidateEligibilityForm(), tracker(answer, requested_slot="age"))
    assert events == [SlotSet("age", None)]
    assert messages[0]["response"] == "utter_invalid_age"


def test_weeks_answer_the_duration_in_months() -> None:
    events, messages = run(ValidateEmployerFundingForm(), tracker("3 semaines", requested_slot="duration_months"))
    assert events == [SlotSet("duration_months", 1)] and messages == []


def test_a_start_in_the_past_is_refused_and_said() -> None:
    events, messages = run(
        ValidateCandidateEligibilityForm(), tracker("le 1er mars 2026", requested_slot="contract_start")
    )
    assert events == [SlotSet("contract_start", None)]
    assert messages[0]["text"] == (
        "Le 1er mars 2026 est déjà passé\u00a0: indiquez une date de début à venir, "
        "par exemple «\u00a0en septembre\u00a0» ou «\u00a0dès que possible\u00a0»."
    )


def test_a_start_to_come_is_kept() -> None:
    events, messages = run(ValidateCandidateEligibilityForm(), tracker("fin mars", requested_slot="contract_start"))
    assert events == [SlotSet("contract_start", "2027-03-31")] and messages == []


def test_an_idcc_answers_the_sector_question() -> None:
    events, _ = run(ValidateEmployerFundingForm(), tracker("IDCC 3248", requested_slot="sector"))
    assert SlotSet("sector", "IDCC 3248") in events


def test_a_recruiter_starts_each_candidate_afresh() -> None:
    events, _ = run(ActionExtractFacts(), tracker("une candidate de 32 ans", intent="qualify_candidate", age=50))
    assert events[0] == SlotSet("age", None)
    assert SlotSet("age", 32) in events
