"""Actions that answer once a personalised check has its facts."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import ALL_FACTS
from bot.answers import Answer
from bot.answers import checks
from bot.clock import today


def facts_of(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in ALL_FACTS}


def send(dispatcher: CollectingDispatcher, answers: List[Answer]) -> None:
    for answer in answers:
        dispatcher.utter_message(text=answer.text, buttons=answer.buttons_as_dicts())


class CheckAction(Action, ABC):
    """Renders the answers of one check from the conversation's facts."""

    @abstractmethod
    def answers(self, facts: Dict[str, Any]) -> List[Answer]:
        """The messages to send."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        send(dispatcher, self.answers(facts_of(tracker)))
        return []


class ActionGiveCandidateVerdict(CheckAction):
    def name(self) -> Text:
        return "action_give_candidate_verdict"

    def answers(self, facts: Dict[str, Any]) -> List[Answer]:
        return checks.candidate_answers(today(), facts)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        facts = facts_of(tracker)
        send(dispatcher, self.answers(facts))
        return [SlotSet("qualification", checks.qualification(today(), facts))]


class ActionGiveRecruiterSummary(ActionGiveCandidateVerdict):
    def name(self) -> Text:
        return "action_give_recruiter_summary"

    def answers(self, facts: Dict[str, Any]) -> List[Answer]:
        return checks.candidate_answers(today(), facts, recruiter=True)


class ActionGiveEmployerEstimate(CheckAction):
    def name(self) -> Text:
        return "action_give_employer_estimate"

    def answers(self, facts: Dict[str, Any]) -> List[Answer]:
        return checks.employer_answers(today(), facts)


class ActionGiveOpco(CheckAction):
    def name(self) -> Text:
        return "action_give_opco"

    def answers(self, facts: Dict[str, Any]) -> List[Answer]:
        return checks.with_short_window_notice(today(), [checks.opco_answer(facts)], facts)


class ActionGiveMinimumSalary(CheckAction):
    def name(self) -> Text:
        return "action_give_minimum_salary"

    def answers(self, facts: Dict[str, Any]) -> List[Answer]:
        answer = checks.salary_answer(today(), facts)
        return checks.with_short_window_notice(
            today(), [answer or checks.salary_unavailable(today())], facts
        )


class ActionExplainHiringAids(CheckAction):
    def name(self) -> Text:
        return "action_explain_hiring_aids"

    def answers(self, facts: Dict[str, Any]) -> List[Answer]:
        return checks.with_short_window_notice(today(), [checks.aids_answer(today(), facts)], facts)
