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

from bot.knowledge.suggest import closest_topics, suggestion_button, suggestion_ranking, suggestion_topics

SOMETHING_ELSE = {"title": "Autre chose", "payload": "/out_of_scope"}  # Rasa's « deny » for this loop


def topic_buttons(tracker: Tracker) -> List[Dict[Text, str]]:
    """The closest topics and knowledge-base entries to the latest message, as buttons."""
    message = tracker.latest_message or {}
    topics = closest_topics(message.get("text") or "", suggestion_ranking(message), suggestion_topics())
    return [suggestion_button(topic) for topic in topics]


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
