"""Check answers and what-if follow-ups on a real Tracker: what the visitor reads, what is kept."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.checks import ActionGiveMinimumSalary, ActionUpdateFacts
from bot.clock import TODAY_VARIABLE
from bot.formatting import NBSP


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, "2025-06-02")


def tracker(text: str, intent: str = "inform", **slots: Any) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    return Tracker("visitor", slots, message, [], False, None, {}, "action_listen")


def run(action: Any, tracker_: Tracker) -> tuple[list[dict], list[str], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return events, [message.get("text") or message.get("response") for message in dispatcher.messages], events


def slots_set(events: list[dict]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


AFTER_SALARY = {"age": 19, "diploma_level": "cap_bep", "last_check": "salary",
                "last_check_facts": {"age": 19, "diploma_level": "cap_bep"}}


def test_a_salary_answer_is_remembered_for_the_next_what_if() -> None:
    events, texts, _ = run(ActionGiveMinimumSalary(), tracker("CAP", age=19, diploma_level="cap_bep"))
    assert f"55{NBSP}%" in texts[0]
    assert slots_set(events)["last_check"] == "salary"
    assert slots_set(events)["last_check_facts"] == {"age": 19, "diploma_level": "cap_bep"}


@pytest.mark.parametrize("text", ["et pour quelqu'un de 24 ans ?", "je me suis trompé : 24 ans",
                                  "Et s'il avait vingt-quatre ans ?"])
def test_a_what_if_on_the_age_gives_that_age_s_rate_and_says_what_changed(text: str) -> None:
    events, texts, _ = run(ActionUpdateFacts(), tracker(text, **AFTER_SALARY))
    assert texts[0] == f"C'est noté{NBSP}: âge 24{NBSP}ans (précédemment{NBSP}: 19{NBSP}ans). Voici la réponse mise à jour."
    assert f"à 24{NBSP}ans" in texts[1] and f"70{NBSP}%" in texts[1]
    assert slots_set(events)["age"] == 24 and slots_set(events)["last_check_facts"]["age"] == 24


def test_a_what_if_that_needs_one_more_fact_lets_the_form_ask_it() -> None:
    slots = {"age": 30, "last_check": "salary", "last_check_facts": {"age": 30, "diploma_level": None}}
    events, texts, _ = run(ActionUpdateFacts(), tracker("et pour quelqu'un de 19 ans ?", **slots))
    assert texts == [] and {"event": "followup", "name": "salary_form", "timestamp": None} in events


def test_another_duration_gives_the_new_estimate() -> None:
    slots = {"employer_type": "private_company", "idcc": 3248, "sector": "IDCC 3248", "duration_months": 18,
             "last_check": "employer", "last_check_facts": {"employer_type": "private_company",
                                                            "sector": "IDCC 3248", "duration_months": 18}}
    events, texts, _ = run(ActionUpdateFacts(), tracker("sur trois ans plutôt", **slots))
    assert "durée 36" in texts[0] and "précédemment" in texts[0] and "18" in texts[0]
    assert any(f"36{NBSP}mois" in text for text in texts[1:])
    assert slots_set(events)["duration_months"] == 36


def test_a_correction_of_the_situation_reruns_the_candidate_check() -> None:
    slots = {"age": 30, "contract_start": "2025-09-01", "certification_type": "cqp", "situation": "jobseeker",
             "last_check": "candidate", "last_check_facts": {"age": 30, "situation": "jobseeker"}}
    events, texts, _ = run(ActionUpdateFacts(), tracker("en fait je suis en CDI", **slots))
    assert f"situation salarié en CDI (précédemment{NBSP}: demandeur d'emploi)" in texts[0]
    assert any("avenant" in text for text in texts)
    assert slots_set(events)["qualification"]["facts"]["situation"] == "employee_cdi"


def test_facts_without_a_check_before_are_kept_and_the_checks_offered() -> None:
    events, texts, _ = run(ActionUpdateFacts(), tracker("j'ai 24 ans"))
    assert texts == ["utter_which_check"] and slots_set(events) == {"age": 24}


def test_a_fact_the_last_check_does_not_read_changes_nothing_in_it() -> None:
    events, texts, _ = run(ActionUpdateFacts(), tracker("je suis étudiant", **AFTER_SALARY))
    assert texts == ["utter_which_check"] and slots_set(events) == {"situation": "student"}


def test_after_a_candidate_check_a_bare_certification_refines_it() -> None:
    slots = {"age": 30, "contract_start": "2025-09-01", "last_check": "candidate",
             "last_check_facts": {"age": 30, "contract_start": "2025-09-01"}}
    events, texts, _ = run(ActionUpdateFacts(), tracker("un titre professionnel", **slots))
    assert slots_set(events)["certification_type"] == "titre_pro"
    assert "certification visée titre professionnel" in texts[0]
    events, _, _ = run(ActionUpdateFacts(), tracker("j'ai un CAP", **slots))
    assert "certification_type" not in slots_set(events)  # a diploma held, not the target
