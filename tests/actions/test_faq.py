"""action_answer_faq: the entry a button names, the selector's entry when it is sure, and the
closest entries to choose from when it is guessing."""

from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ASK_A_PERSON, ActionAnswerFaq, entry_id
from bot.clock import today
from bot.knowledge.base import answer


def run(message: dict) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    tracker = Tracker("visitor", {}, message, [], False, None, {}, "action_listen")
    events = asyncio.run(ActionAnswerFaq().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def selector(*ranking: tuple[str, float]) -> dict:
    return {"faq": {"ranking": [{"intent_response_key": key, "confidence": confidence} for key, confidence in ranking]}}


def test_a_button_names_its_entry_whatever_the_selector_says() -> None:
    message = {"text": '/faq{"faq_entry":"path_afest"}', "intent": {"name": "faq", "confidence": 1.0},
               "entities": [{"entity": "faq_entry", "value": "path_afest"}], "response_selector": selector()}
    [reply], events = run(message)
    assert reply["text"] == answer("path_afest", today()).text and events == []
    assert [button["payload"] for button in reply["buttons"]] == [b.payload for b in answer("path_afest", today()).buttons]


def test_a_sure_selector_answers_its_entry_with_sources() -> None:
    message = {"text": "c'est quoi l'AFEST ?", "intent": {"name": "faq", "confidence": 0.97},
               "response_selector": selector(("faq/path_afest", 0.62), ("faq/path_learning_modes", 0.2))}
    [reply], _ = run(message)
    assert reply["text"] == answer("path_afest", today()).text and "Source" in reply["text"]


def test_a_guessing_selector_offers_the_closest_entries_and_a_person() -> None:
    message = {"text": "bon alors voilà le souci", "intent": {"name": "faq", "confidence": 1.0},
               "response_selector": selector(("faq/path_afest", 0.08), ("faq/scheme_national", 0.07))}
    assert entry_id(message) is None
    [reply], events = run(message)
    assert reply["response"] == "utter_ask_which_topic" and events == []  # a short message states no fact
    assert reply["buttons"][-1] == ASK_A_PERSON and len(reply["buttons"]) >= 2


def test_a_long_message_keeps_its_facts_for_the_check_that_follows() -> None:
    text = ("Bonjour, je suis responsable RH d'une entreprise privée de la métallurgie, une PME d'environ "
            "quatre-vingts salariés. Nous voudrions former des soudeurs à l'atelier. Qui décide de la recevabilité ?")
    message = {"text": text, "intent": {"name": "faq", "confidence": 0.9},
               "response_selector": selector(("faq/path_recevabilite_decision", 0.7))}
    _, events = run(message)
    slots = {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
    assert slots.get("employer_type") == "private_company" and "sector" in slots


def test_a_check_started_by_a_button_reads_the_last_long_message_of_the_session() -> None:
    from actions.forms import ActionExtractFacts

    long_text = ("Bonjour, je suis responsable RH d'une entreprise privée de la métallurgie, une PME d'environ "
                 "quatre-vingts salariés. Nous voudrions former des soudeurs à l'atelier. Qu'en pensez-vous ?")
    events = [{"event": "session_started"}, {"event": "user", "text": "bonjour"},
              {"event": "user", "text": long_text}, {"event": "user", "text": "/check_employer_funding"}]
    message = {"text": "/check_employer_funding", "intent": {"name": "check_employer_funding", "confidence": 1.0}}
    dispatcher = CollectingDispatcher()
    tracker = Tracker("visitor", {}, message, events, False, None, {}, "action_listen")
    slots = {event["name"]: event["value"] for event in asyncio.run(ActionExtractFacts().run(dispatcher, tracker, {}))}
    assert slots.get("employer_type") == "private_company" and "sector" in slots
    restarted = [{"event": "user", "text": long_text}, {"event": "restart"}, {"event": "user", "text": "/check_employer_funding"}]
    tracker = Tracker("visitor", {}, message, restarted, False, None, {}, "action_listen")
    assert asyncio.run(ActionExtractFacts().run(dispatcher, tracker, {})) == []
