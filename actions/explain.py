"""Actions that answer informational questions with figures from the dated legal parameters."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import render, status_topic, topics
from bot.clock import today
from bot.rules.experiment import experiment_status


class ExplainAction(Action, ABC):
    """Renders one topic of ``bot.answers`` for today and sends it with its buttons."""

    @abstractmethod
    def topic_for(self, tracker: Tracker) -> str:
        """The ``bot.answers`` topic that answers the latest message."""

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        answer = render(self.topic_for(tracker), today())
        dispatcher.utter_message(text=answer.text, buttons=answer.buttons_as_dicts())
        return []


def detail_or_overview(tracker: Tracker, entity: str, prefix: str, overview: str) -> str:
    """``<prefix>_<value>`` when the latest message names a known detail, else ``overview``."""
    values = list(tracker.get_latest_entity_values(entity))
    if values:
        topic = f"{prefix}_{values[-1]}"
        if topic in topics():
            return topic
    return overview


class ActionExplainLegalFramework(ExplainAction):
    def name(self) -> Text:
        return "action_explain_legal_framework"

    def topic_for(self, tracker: Tracker) -> str:
        return "legal_framework"


class ActionExplainExperimentStatus(ExplainAction):
    def name(self) -> Text:
        return "action_explain_experiment_status"

    def topic_for(self, tracker: Tracker) -> str:
        return status_topic(experiment_status(today()))


class ActionExplainSteps(ExplainAction):
    def name(self) -> Text:
        return "action_explain_steps"

    def topic_for(self, tracker: Tracker) -> str:
        return detail_or_overview(tracker, "step", "step", "steps")


class ActionExplainFinancing(ExplainAction):
    def name(self) -> Text:
        return "action_explain_financing"

    def topic_for(self, tracker: Tracker) -> str:
        return detail_or_overview(tracker, "cost_category", "financing", "financing")


class ActionExplainRoles(ExplainAction):
    def name(self) -> Text:
        return "action_explain_roles"

    def topic_for(self, tracker: Tracker) -> str:
        return detail_or_overview(tracker, "role", "role", "roles")


class ActionExplainDuration(ExplainAction):
    def name(self) -> Text:
        return "action_explain_duration"

    def topic_for(self, tracker: Tracker) -> str:
        return "duration"


class ActionExplainEligibility(ExplainAction):
    def name(self) -> Text:
        return "action_explain_eligibility"

    def topic_for(self, tracker: Tracker) -> str:
        return "eligibility"


class ActionExplainCertifications(ExplainAction):
    def name(self) -> Text:
        return "action_explain_certifications"

    def topic_for(self, tracker: Tracker) -> str:
        return "certifications"


class ActionExplainDifferenceClassicVae(ExplainAction):
    def name(self) -> Text:
        return "action_explain_difference_classic_vae"

    def topic_for(self, tracker: Tracker) -> str:
        return "difference_classic_vae"


class ActionExplainDefinition(ExplainAction):
    def name(self) -> Text:
        return "action_explain_definition"

    def topic_for(self, tracker: Tracker) -> str:
        return "definition"


class ActionExplainAdvantagesEmployer(ExplainAction):
    def name(self) -> Text:
        return "action_explain_advantages_employer"

    def topic_for(self, tracker: Tracker) -> str:
        return "advantages_employer"


class ActionExplainAdvantagesCandidate(ExplainAction):
    def name(self) -> Text:
        return "action_explain_advantages_candidate"

    def topic_for(self, tracker: Tracker) -> str:
        return "advantages_candidate"
