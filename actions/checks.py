"""Actions that answer a personalised check, and answer it again when the visitor changes a fact."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import (
    ALL_FACTS,
    CHECK_FORMS,
    LAST_CHECK_SLOT,
    LAST_FACTS_SLOT,
    REFINE_SLOT,
    check_duration,
    read_facts,
    slot_values,
)
from bot.answers import Answer, response_values
from bot.answers import checks, followups
from bot.checks import CHECK_FACTS, Check, questions
from bot.clock import today
from bot.facts import UNKNOWN, Facts


def facts_of(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in ALL_FACTS}


def send(dispatcher: CollectingDispatcher, answers: List[Answer]) -> None:
    for answer in answers:
        dispatcher.utter_message(text=answer.text, buttons=answer.buttons_as_dicts())


def answer_check(
    check: Check, dispatcher: CollectingDispatcher, tracker: Tracker, slots: Dict[str, Any]
) -> List[Dict[Text, Any]]:
    """Send ``check``'s answer on ``slots``, after what changed since it was last answered; remember
    it for the next what-if."""
    day = today()
    answers = followups.with_refinements(check, day, slots, followups.check_answers(check, day, slots))
    if tracker.get_slot(LAST_CHECK_SLOT) == check.value:
        change = followups.changes_answer(check, tracker.get_slot(LAST_FACTS_SLOT) or {}, slots)
        answers = ([change] if change else []) + answers
    send(dispatcher, answers)
    events = [
        SlotSet(LAST_CHECK_SLOT, check.value),
        SlotSet(LAST_FACTS_SLOT, {name: slots.get(name) for name in CHECK_FACTS[check]}),
        SlotSet(REFINE_SLOT, None),
    ]
    if check in (Check.CANDIDATE, Check.RECRUITER):
        events.append(SlotSet("qualification", checks.qualification(day, slots)))
    return events


class CheckAction(Action, ABC):
    """Answers one check once its form has what the rules need."""

    check: Check

    @abstractmethod
    def name(self) -> Text:
        """``action_give_<what>``."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        return answer_check(self.check, dispatcher, tracker, facts_of(tracker))


class ActionGiveCandidateVerdict(CheckAction):
    check = Check.CANDIDATE

    def name(self) -> Text:
        return "action_give_candidate_verdict"


class ActionGiveRecruiterSummary(CheckAction):
    check = Check.RECRUITER

    def name(self) -> Text:
        return "action_give_recruiter_summary"


class ActionGiveEmployerEstimate(CheckAction):
    check = Check.EMPLOYER

    def name(self) -> Text:
        return "action_give_employer_estimate"


class ActionGiveOpco(CheckAction):
    check = Check.OPCO

    def name(self) -> Text:
        return "action_give_opco"


class ActionGiveMinimumSalary(CheckAction):
    check = Check.SALARY

    def name(self) -> Text:
        return "action_give_minimum_salary"


class ActionExplainHiringAids(Action):
    def name(self) -> Text:
        return "action_explain_hiring_aids"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        facts = facts_of(tracker)
        send(dispatcher, checks.with_short_window_notice(today(), [checks.aids_answer(today(), facts)], facts))
        return []


class ActionUpdateFacts(Action):
    """A message that states facts outside any check: « et pour quelqu'un de cet âge ? », « sur
    trois ans plutôt », « en fait je suis en CDI ». After a check, it answers that check again with
    the new facts (its form asks first what they leave open); otherwise it keeps them and offers
    the checks."""

    def name(self) -> Text:
        return "action_update_facts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        last = tracker.get_slot(LAST_CHECK_SLOT)
        check = Check(last) if last in {check.value for check in Check} else None
        new = read_facts(tracker, ALL_FACTS, requested=None)
        if check in (Check.CANDIDATE, Check.RECRUITER) and "diploma_level" not in new:
            # After a candidate's check, « un titre professionnel » names the target it asked about.
            target = read_facts(tracker, ["certification_type"], requested="certification_type")
            if target.get("certification_type") not in (None, UNKNOWN):
                new.update(target)
        problem = check_duration(new)
        events: List[Dict[Text, Any]] = [SlotSet(slot, value) for slot, value in new.items()]
        slots = slot_values(tracker, new)
        if problem:
            dispatcher.utter_message(response=problem, max_duration=response_values(today())["max_duration"])
            return events
        if check is None or not followups.relevant_changes(check, tracker.get_slot(LAST_FACTS_SLOT) or {}, slots):
            dispatcher.utter_message(response="utter_which_check")
            return events
        if questions(check, today(), Facts.from_slots(slots)).next:
            return events + [FollowupAction(CHECK_FORMS[check])]
        return events + answer_check(check, dispatcher, tracker, slots)
