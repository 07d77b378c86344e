"""Form validation on a real Tracker: the slot events and responses a conversation gets."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import (
    ASK_ACTIONS,
    FORM_SLOTS,
    ActionExtractFacts,
    ValidateCandidateEligibilityForm,
    ValidateEmployerFundingForm,
    ValidateRecruiterQualificationForm,
    ValidateSalaryForm,
)
from bot.clock import TODAY_VARIABLE

OPEN_DAY = "2025-06-02"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-26")


@pytest.fixture
def open_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A day the window is open: the candidate check asks the age."""
    monkeypatch.setenv(TODAY_VARIABLE, OPEN_DAY)


def tracker(
    text: str, intent: str = "inform", confidence: float = 0.9, latest_action: str = "action_listen",
    entities: list[dict] | None = None, **slots: Any,
) -> Tracker:
    """The visitor just wrote ``text`` (``latest_action`` « action_listen »), or ``latest_action`` ran
    last (a form starting after ``action_extract_facts``, resuming after a digression's answer)."""
    message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or []}
    events = [{"event": "user", "text": text}] if latest_action == "action_listen" else [
        {"event": "user", "text": text}, {"event": "action", "name": latest_action}]
    return Tracker("user", slots, message, events, False, None, {}, latest_action)


def slots_set(events: list[dict]) -> dict[str, Any]:
    """The slots the events set, the last value winning."""
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


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


def test_unreadable_answer_is_asked_again_with_an_example(open_window: None) -> None:
    events, messages = run(ValidateCandidateEligibilityForm(), tracker("la trentaine", requested_slot="age"))
    assert slots_set(events) == {"age": None, "unreadable_answers": 1, "requested_slot": "age"}
    assert messages[0]["response"] == "utter_invalid_age"


def test_a_second_miss_leaves_the_offer_to_the_question_and_a_third_skips_it(open_window: None) -> None:
    events, messages = run(ValidateCandidateEligibilityForm(),
                           tracker("la trentaine", requested_slot="age", unreadable_answers=1))
    assert slots_set(events) == {"age": None, "unreadable_answers": 2, "requested_slot": "age"}
    assert messages == []  # the question itself becomes the offer (AskFact)
    events, messages = run(ValidateCandidateEligibilityForm(),
                           tracker("bof", requested_slot="age", unreadable_answers=2))
    assert slots_set(events)["age"] == "unknown" and slots_set(events)["unreadable_answers"] is None
    assert slots_set(events)["requested_slot"] != "age"
    assert messages[0]["text"].startswith("Je passe cette question")


def test_the_offer_replaces_the_question_after_two_misses() -> None:
    ask = next(cls() for cls in ASK_ACTIONS if cls().name() == "action_ask_candidate_eligibility_form_age")
    _, messages = run(ask, tracker("bof", unreadable_answers=2))
    assert "Indiquez l'âge en années, par exemple «\u00a024 ans\u00a0»" in messages[0]["text"]
    assert [button["title"] for button in messages[0]["buttons"]] == ["Passer cette question", "Être mis en relation"]
    events, _ = run(ValidateCandidateEligibilityForm(),
                    tracker(messages[0]["buttons"][0]["payload"], requested_slot="age", unreadable_answers=2))
    assert slots_set(events)["age"] == "unknown"


def test_a_question_resumes_with_a_reminder() -> None:
    ask = next(cls() for cls in ASK_ACTIONS if cls().name() == "action_ask_candidate_eligibility_form_age")
    domain = {"responses": {"utter_ask_age": [{"text": "Quel âge avez-vous ?"}]}}
    dispatcher = CollectingDispatcher()
    asyncio.run(ask.run(dispatcher, tracker("qui paie ?", latest_action="action_explain_financing"), domain))
    assert dispatcher.messages[0]["text"] == "Pour reprendre\u00a0: Quel âge avez-vous ?"
    dispatcher = CollectingDispatcher()
    asyncio.run(ask.run(dispatcher, tracker("45 ans"), domain))
    assert dispatcher.messages[0]["response"] == "utter_ask_age"


@pytest.mark.parametrize("text", ["et qui paie la formation ?", "combien de temps ça dure"])
def test_a_question_at_low_confidence_is_a_digression_not_an_unreadable_answer(text: str) -> None:
    events, messages = run(
        ValidateCandidateEligibilityForm(),
        tracker(text, intent="ask_financing", confidence=0.35, requested_slot="age"),
    )
    assert events == [] and messages == []  # the digression rules answer, the form resumes


def test_a_question_nlu_cannot_place_gets_the_closest_topics_and_the_check_resumes() -> None:
    events, messages = run(
        ValidateCandidateEligibilityForm(),
        tracker("et pour la mutuelle d'entreprise, comment ça se passe ?", intent="nlu_fallback",
                confidence=0.2, requested_slot="age"),
    )
    assert slots_set(events) == {"resuming_check": True, "requested_slot": "age"}
    assert messages[0]["buttons"] and messages[0]["buttons"][-1]["payload"] == "/request_human"
    assert "Je n'ai pas compris" not in messages[0]["text"]


def test_a_duration_beyond_the_maximum_is_refused_with_the_limit() -> None:
    events, messages = run(ValidateEmployerFundingForm(), tracker("48 mois", requested_slot="duration_months"))
    assert slots_set(events)["duration_months"] is None
    assert messages[0]["response"] == "utter_duration_out_of_range"
    assert messages[0]["max_duration"] == "36\u00a0mois"


@pytest.mark.parametrize("answer", ["j'ai 150", "5"])
def test_an_age_out_of_range_is_asked_again(open_window: None, answer: str) -> None:
    events, messages = run(ValidateCandidateEligibilityForm(), tracker(answer, requested_slot="age"))
    assert slots_set(events)["age"] is None and slots_set(events)["requested_slot"] == "age"
    assert messages[0]["response"] == "utter_invalid_age"


def test_weeks_answer_the_duration_in_months() -> None:
    events, messages = run(ValidateEmployerFundingForm(), tracker("3 semaines", requested_slot="duration_months"))
    assert slots_set(events)["duration_months"] == 1 and messages == []


def test_a_start_in_the_past_is_refused_and_said(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, OPEN_DAY)
    events, messages = run(
        ValidateCandidateEligibilityForm(), tracker("le 1er mars 2025", requested_slot="contract_start", age=30)
    )
    assert slots_set(events) == {"contract_start": None, "requested_slot": "contract_start"}
    assert messages[0]["text"] == (
        "Le 1er mars 2025 est déjà passé\u00a0: indiquez une date de début à venir, "
        "par exemple «\u00a0en septembre\u00a0» ou «\u00a0dès que possible\u00a0»."
    )


def test_a_start_to_come_is_kept() -> None:
    events, messages = run(ValidateCandidateEligibilityForm(), tracker("fin mars", requested_slot="contract_start"))
    assert slots_set(events)["contract_start"] == "2027-03-31" and messages == []


def test_an_idcc_answers_the_sector_question() -> None:
    events, _ = run(ValidateEmployerFundingForm(), tracker("IDCC 3248", requested_slot="sector"))
    assert SlotSet("sector", "IDCC 3248") in events


def test_a_recruiter_starts_each_candidate_afresh() -> None:
    events, _ = run(ActionExtractFacts(), tracker("une candidate de 32 ans", intent="qualify_candidate", age=50))
    assert SlotSet("age", None) in events and SlotSet("last_check", None) in events
    assert slots_set(events)["age"] == 32


def test_a_recruiter_names_the_target_in_a_long_first_message() -> None:
    text = ("Bonjour, je suis recruteuse dans une agence d'intérim. Je voudrais qualifier une candidate de "
            "32 ans, demandeuse d'emploi, titulaire d'un CAP, qui vise le titre professionnel d'agent de propreté.")
    events, _ = run(ActionExtractFacts(), tracker(text, intent="qualify_candidate"))
    assert {"age": 32, "situation": "jobseeker", "diploma_level": "cap_bep",
            "certification_type": "titre_pro"}.items() <= slots_set(events).items()


# --- Asking only what can still change the answer (bot.checks) -------------------------------

def first_question(form_validation: Any, **slots: Any) -> str | None:
    """What a form asks first, from the facts of its opening message."""
    events, _ = run(form_validation, tracker("", latest_action="action_extract_facts", **slots))
    return slots_set(events)["requested_slot"]


def test_the_window_closed_a_job_seeker_hears_it_at_once() -> None:
    assert first_question(ValidateCandidateEligibilityForm(), situation="jobseeker") is None


@pytest.mark.parametrize(("slots", "asked"), [
    ({}, "age"),
    ({"age": 15}, None),  # under the minimum age: nothing else can change the verdict
    ({"age": 30}, "contract_start"),
    ({"age": 30, "contract_start": "2025-09-01"}, "certification_type"),
    ({"age": 30, "contract_start": "2026-06-01"}, None),  # after the window: refused
    ({"age": 30, "contract_start": "2025-09-01", "certification_type": "cqp"}, None),
])
def test_a_candidate_is_asked_only_what_can_change_the_verdict(
    monkeypatch: pytest.MonkeyPatch, slots: dict, asked: str | None
) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, OPEN_DAY)
    assert first_question(ValidateCandidateEligibilityForm(), **slots) == asked
    assert first_question(ValidateRecruiterQualificationForm(), **slots) == asked


@pytest.mark.parametrize(("slots", "asked"), [
    ({}, "employer_type"),
    ({"employer_type": "local_authority"}, None),  # a public employer is excluded: no sector asked
    ({"employer_type": "private_company"}, "sector"),
    ({"employer_type": "private_company", "idcc": 3248, "sector": "IDCC 3248"}, "duration_months"),
    ({"employer_type": "association", "sector": "aide à domicile", "duration_months": 18}, None),
])
def test_an_employer_is_asked_only_what_its_answer_needs(
    monkeypatch: pytest.MonkeyPatch, slots: dict, asked: str | None
) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, OPEN_DAY)
    assert first_question(ValidateEmployerFundingForm(), **slots) == asked


@pytest.mark.parametrize(("slots", "asked"), [
    ({}, "age"), ({"age": 19}, "diploma_level"), ({"age": 30}, None), ({"age": 15}, None),
])
def test_the_pay_rate_asks_the_diploma_only_where_it_counts(slots: dict, asked: str | None) -> None:
    assert first_question(ValidateSalaryForm(), **slots) == asked


def test_a_refinement_button_asks_its_fact() -> None:
    events, _ = run(ActionExtractFacts(), tracker(
        '/check_candidate_eligibility{"fact": "age"}', intent="check_candidate_eligibility",
        entities=[{"entity": "fact", "value": "age"}]))
    assert slots_set(events)["refine_fact"] == "age"
    assert first_question(ValidateCandidateEligibilityForm(), refine_fact="age") == "age"
    assert first_question(ValidateCandidateEligibilityForm(), refine_fact="age", age=40) is None


def test_every_form_has_an_asking_action_for_each_of_its_slots() -> None:
    import yaml

    from tests.servers import ROOT

    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for form, slots in FORM_SLOTS.items():
        assert domain["forms"][form]["required_slots"] == slots
    assert {cls().name() for cls in ASK_ACTIONS} == {
        f"action_ask_{form}_{slot}" for form, slots in FORM_SLOTS.items() for slot in slots}
