"""Actions that answer informational questions with figures from the dated legal parameters."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import stated_facts
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
        return stated_facts(tracker)


class FixedTopicAction(ExplainAction, ABC):
    """An action that always answers with one topic, named ``action_explain_<topic>``."""

    @property
    @abstractmethod
    def topic(self) -> str:
        """The ``bot.answers`` topic, also the end of the action's name."""

    def name(self) -> Text:
        return f"action_explain_{self.topic}"

    def topic_for(self, tracker: Tracker) -> str:
        return self.topic


def detail_or_overview(tracker: Tracker, entity: str, prefix: str, overview: str) -> str:
    """``<prefix>_<value>`` when the latest message names a known detail, else ``overview``."""
    values = list(tracker.get_latest_entity_values(entity))
    if values:
        topic = f"{prefix}_{values[-1]}"
        if topic in topics():
            return topic
    return overview


class ActionExplainLegalFramework(FixedTopicAction):
    topic = "legal_framework"


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


class ActionExplainDuration(FixedTopicAction):
    topic = "duration"


class ActionExplainEligibility(FixedTopicAction):
    topic = "eligibility"


class ActionExplainCertifications(FixedTopicAction):
    topic = "certifications"


class ActionExplainDifferenceClassicVae(FixedTopicAction):
    topic = "difference_classic_vae"


class ActionExplainDefinition(FixedTopicAction):
    topic = "definition"


class ActionExplainAdvantagesEmployer(FixedTopicAction):
    topic = "advantages_employer"


class ActionExplainAdvantagesCandidate(FixedTopicAction):
    topic = "advantages_candidate"
