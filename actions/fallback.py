"""Rasa's two-stage fallback, told what to say: the closest topics first, then a rephrase, then a person.

``action_two_stage_fallback`` (Rasa's loop) calls these three by name: after a message NLU is
unsure about, « Vouliez-vous parler de… ? » with the closest topics as buttons; after « Autre
chose », a request to rephrase with examples; after a second miss, the offer of a porteur de
projet (also Rasa's core fallback).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from bot.dashboard.topics import TOPIC_LABELS
from bot.knowledge.suggest import closest_topics

SOMETHING_ELSE = {"title": "Autre chose", "payload": "/out_of_scope"}  # Rasa's « deny » for this loop


def topic_buttons(tracker: Tracker) -> List[Dict[Text, str]]:
    """The closest topics to the latest message, as buttons whose payload is the topic's intent."""
    message = tracker.latest_message or {}
    ranking = {entry.get("name"): float(entry.get("confidence") or 0.0)
               for entry in message.get("intent_ranking") or [] if entry.get("name")}
    topics = closest_topics(message.get("text") or "", ranking, TOPIC_LABELS)
    return [{"title": TOPIC_LABELS[intent], "payload": f"/{intent}"} for intent in topics]


class ActionAskWhichTopic(Action):
    """First stage: « Vouliez-vous parler de l'un de ces sujets ? »."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_ask_which_topic", buttons=topic_buttons(tracker) + [SOMETHING_ELSE])
        return []


class ActionAskRephrase(Action):
    """Second stage, after « Autre chose »: rephrase, with examples and a way to a person."""

    def name(self) -> Text:
        return "action_default_ask_rephrase"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_ask_rephrase")
        return []


class ActionOfferPerson(Action):
    """Second miss (and Rasa's core fallback): a porteur de projet can answer; the topics stay."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_fallback_contact")
        return [UserUtteranceReverted()]  # as Rasa's own: the unclear message does not steer what follows
