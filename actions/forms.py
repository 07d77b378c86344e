"""Forms that converse like an advisor: read every fact a message states, ask only what could
still change the answer (``bot.checks``), answer a question asked in the middle, and never ask the
same question a third time in a row.

Rasa's own slot mappings are not used: ``bot.intake`` parses the free text, so one message can
fill several slots and the answer « 18 mois » works whatever intent NLU gave it. The validation
action sets ``requested_slot`` itself (Rasa's documented way to change a form's next slot), so a
check answers as soon as the rules can decide.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import topic_buttons
from bot.answers import buttons_of, fill, response_values
from bot.answers.checks import start_in_the_past
from bot.checks import Check, questions
from bot.clock import today
from bot.facts import FACT_NAMES, UNKNOWN, Facts
from bot.intake import IN_THE_PAST, Reading, read_message
from bot.knowledge.base import retrieval_intents
from bot.parsing.text import reads_as_question
from bot.rules.opco import likely_opco
from bot.rules.parameters import default_parameters

REQUESTED_SLOT = "requested_slot"
UNREADABLE_SLOT = "unreadable_answers"  # unreadable answers in a row to the requested question
RESUMING_SLOT = "resuming_check"  # a question was answered in the middle: remind the pending one
REFINE_SLOT = "refine_fact"  # a fact the visitor chose to give (a refinement button)
LAST_CHECK_SLOT = "last_check"  # the check answered last, which a what-if answers again
LAST_FACTS_SLOT = "last_check_facts"  # the facts it was answered with, to say what changed
# After this many unreadable answers the question gives way to « Passer cette question »…
STUCK_AFTER = 2
# …and the next unreadable answer skips it: the same question is never asked a third time in a row.
SKIP_AFTER = STUCK_AFTER + 1
PERSON_BUTTON = {"title": "Parler à un conseiller", "payload": "/request_human"}

# The slots each form reads from a message (domain.yml lists them as its required slots: a test
# checks both agree); ``bot.checks`` says which of them it asks, and when.
FORM_SLOTS: dict[str, list[str]] = {
    "candidate_eligibility_form": ["age", "situation", "diploma_level", "certification_type", "contract_start"],
    "employer_funding_form": ["employer_type", "sector", "hires", "duration_months", "age", "diploma_level"],
    "recruiter_qualification_form": ["age", "situation", "diploma_level", "certification_type", "contract_start"],
    "opco_form": ["sector"],
    "salary_form": ["age", "diploma_level"],
}
ALL_FACTS = sorted({slot for slots in FORM_SLOTS.values() for slot in slots} | {"idcc"})
CANDIDATE_FACTS = ["age", "situation", "diploma_level", "certification_type", "contract_start"]
FORM_CHECKS: dict[str, Check] = {
    "candidate_eligibility_form": Check.CANDIDATE,
    "employer_funding_form": Check.EMPLOYER,
    "recruiter_qualification_form": Check.RECRUITER,
    "opco_form": Check.OPCO,
    "salary_form": Check.SALARY,
}
CHECK_FORMS: dict[Check, str] = {check: form for form, check in FORM_CHECKS.items()}

# Intents that ask something else: when the message states no fact, the form lets the
# digression rules answer them and then resumes, instead of saying it did not understand.
DIGRESSION_INTENTS = {
    "greet", "goodbye", "thank", "bot_challenge", "ask_capabilities", "request_human",
    "out_of_scope", "ask_definition", "ask_difference_classic_vae", "ask_legal_framework",
    "ask_experiment_status", "ask_steps", "ask_financing", "ask_advantages_employer",
    "ask_advantages_candidate", "ask_roles", "ask_certifications", "ask_duration",
    "ask_eligibility", "ask_hiring_aids", "stop", "check_candidate_eligibility",
    "check_employer_funding", "qualify_candidate", "ask_opco", "ask_salary",
} | retrieval_intents()


# From this confidence a message that states no fact is a question of another kind; below it, it
# is one only when it reads as a question (« et qui paie la formation ? »).
DIGRESSION_MIN_CONFIDENCE = 0.6

# Answers are read from their first characters (NLU reads even fewer, pipeline.MessageTruncator):
# a 50 000-character message otherwise costs the parsers a second or more (tests/badinput).
SCAN_MAX = 1024


def asks_something(tracker: Tracker) -> bool:
    """True when the latest message reads as a question rather than as an answer."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return reads_as_question(tracker.latest_message.get("text") or "", answer_like=intent == "inform")


def is_digression(tracker: Tracker) -> bool:
    """A question the digression rules answer (by its intent) before the form resumes."""
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name") in DIGRESSION_INTENTS and (
        float(intent.get("confidence") or 0) >= DIGRESSION_MIN_CONFIDENCE or asks_something(tracker)
    )


def read(tracker: Tracker, wanted: list[str], requested: str | None, text: str | None = None) -> Reading:
    """What the latest user message (or ``text``) states, with the sector completed from an IDCC or a keyword."""
    text = (tracker.latest_message.get("text") or "" if text is None else text)[:SCAN_MAX]
    reading = read_message(text, today(), wanted + ["idcc"], requested)
    facts = reading.facts
    if "sector" in wanted and "sector" not in facts:
        if facts.get("idcc"):
            facts["sector"] = f"IDCC {facts['idcc']}"
        elif text.strip() and likely_opco(sector_text=text).confidence == "sector":
            facts["sector"] = text.strip()[:200]
    return reading


def read_facts(tracker: Tracker, wanted: list[str], requested: str | None, text: str | None = None) -> dict[str, Any]:
    """The facts :func:`read` keeps."""
    return read(tracker, wanted, requested, text).facts


# A message this long gives its context before its question (« Nous sommes une PME de la
# métallurgie en Bretagne… combien paie l'OPCO ? »); a short question names facts about others.
CONTEXT_MIN_CHARS = 120


def last_context_message(tracker: Tracker) -> str | None:
    """The latest typed message of this session long enough to describe a situation."""
    for event in reversed(tracker.events):
        if event.get("event") in ("restart", "session_started"):
            return None
        text = event.get("text") or "" if event.get("event") == "user" else ""
        if len(text) >= CONTEXT_MIN_CHARS and not text.startswith("/"):
            return text
    return None


def stated_facts(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The facts a long informational message states, kept for a check that may follow."""
    text = tracker.latest_message.get("text") or ""
    if len(text) < CONTEXT_MIN_CHARS or text.startswith("/"):
        return []
    facts = read_facts(tracker, ALL_FACTS, requested=None)
    check_duration(facts)
    return [SlotSet(slot, value) for slot, value in facts.items()]


def check_duration(facts: dict[str, Any]) -> str | None:
    """Drop a duration beyond the legal maximum; return the response that says why."""
    months = facts.get("duration_months")
    maximum = default_parameters().value("path.max_duration_months", today())
    if isinstance(months, int) and not 1 <= months <= maximum:
        del facts["duration_months"]
        return "utter_duration_out_of_range"
    return None


class ActionExtractFacts(Action):
    """Keep the facts of the message that starts a check, so the form asks only what is missing."""

    def name(self) -> Text:
        return "action_extract_facts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        refine = next((entity.get("value") for entity in tracker.latest_message.get("entities") or []
                       if entity.get("entity") == "fact"), None)
        # A new check starts with no pending refinement, miss or reminder (set only what changes).
        fresh = {REFINE_SLOT: refine if refine in FACT_NAMES else None, UNREADABLE_SLOT: None, RESUMING_SLOT: None}
        events: List[Dict[Text, Any]] = [
            SlotSet(slot, value) for slot, value in fresh.items() if tracker.get_slot(slot) != value]
        # Starting a check again asks again what was answered « je ne sais pas ».
        events += [SlotSet(slot, None) for slot in FACT_NAMES if tracker.get_slot(slot) == UNKNOWN]
        if (tracker.latest_message.get("intent") or {}).get("name") == "qualify_candidate" and not refine:
            # A recruiter qualifies one person after another: forget the previous one.
            events += [SlotSet(slot, None) for slot in CANDIDATE_FACTS] + [SlotSet(LAST_CHECK_SLOT, None)]
        latest = tracker.latest_message.get("text") or ""
        # A button (« /check_employer_funding ») states nothing: the visitor's last long message,
        # however NLU read it (an answer, a fallback, suggestions), still describes the situation.
        context = last_context_message(tracker) if latest.startswith("/") else None
        facts = read_facts(tracker, ALL_FACTS, requested=None, text=context)
        check_duration(facts)
        return events + [SlotSet(slot, value) for slot, value in facts.items()]


def step_before(tracker: Tracker, form: str) -> str | None:
    """What the form follows: ``"user"`` when the visitor just wrote, else the action that ran
    before it (``action_extract_facts`` as it starts, a digression's answer as it resumes).

    Read from the events, since the tracker a form hands to its validation and asking actions
    already counts the form itself as the latest action.
    """
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return "user"
        if kind == "action" and event.get("name") not in (form, "action_listen"):
            return event.get("name")
    return None


def slot_values(tracker: Tracker, new: Dict[str, Any] | None = None) -> Dict[str, Any]:
    """The conversation's facts, with ``new`` ones over them."""
    return {**{name: tracker.get_slot(name) for name in FACT_NAMES}, **(new or {})}


def next_question(form: str, tracker: Tracker, new: Dict[str, Any] | None = None) -> str | None:
    """The fact ``form`` asks next, or None when its check can answer."""
    facts = Facts.from_slots(slot_values(tracker, new))
    return questions(FORM_CHECKS[form], today(), facts, refine=tracker.get_slot(REFINE_SLOT)).next


class ValidateFactsForm(Action, ABC):
    """Validation action of one form; subclasses name it ``validate_<form>``."""

    @abstractmethod
    def name(self) -> Text:
        """``validate_<form name>``."""

    @property
    def form_name(self) -> str:
        return self.name()[len("validate_"):]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if step_before(tracker, self.form_name) != "user":
            # The form starts, or resumes after a digression: nothing new to read, only what to ask.
            return [SlotSet(REQUESTED_SLOT, next_question(self.form_name, tracker))]
        if (tracker.latest_message.get("text") or "").startswith("/"):
            return []  # a button payload of another intent: nothing to read, let rules answer
        requested = tracker.get_slot(REQUESTED_SLOT)
        reading = read(tracker, FORM_SLOTS[self.form_name], requested)
        facts = reading.facts
        problem = check_duration(facts)
        events = [SlotSet(slot, value) for slot, value in facts.items()]
        failures = int(tracker.get_slot(UNREADABLE_SLOT) or 0)
        if requested and requested in facts and failures:
            events.append(SlotSet(UNREADABLE_SLOT, None))
        elif requested and requested not in facts:
            refusal = reading.refused.get(requested)
            # Facts about other slots are kept and the form asks again.
            if problem:
                values = response_values(today())
                dispatcher.utter_message(response=problem, max_duration=values["max_duration"])
                events.append(SlotSet(requested, None))
            elif refusal and refusal.problem == IN_THE_PAST:
                answer = start_in_the_past(today(), dt.date.fromisoformat(refusal.value))
                dispatcher.utter_message(text=answer.text)
                events.append(SlotSet(requested, None))
            elif not facts:
                if is_digression(tracker):
                    return []  # the digression rules answer it, then the form resumes
                if asks_something(tracker):
                    # A question NLU could not place: the closest topics, then the pending question.
                    dispatcher.utter_message(text=fill("question_digression_topics", {}),
                                             buttons=topic_buttons(tracker) + [PERSON_BUTTON])
                    return [SlotSet(RESUMING_SLOT, True), SlotSet(REQUESTED_SLOT, requested)]
                events += self._unreadable(dispatcher, requested, failures + 1)
        events.append(SlotSet(REQUESTED_SLOT, next_question(self.form_name, tracker, {
            **facts, **{event["name"]: event["value"] for event in events if event["name"] == requested}})))
        return events

    @staticmethod
    def _unreadable(dispatcher: CollectingDispatcher, requested: str, failures: int) -> List[Dict[Text, Any]]:
        """Ask again with an example; after two misses the question offers a way out
        (``AskFact``); after three it is skipped."""
        if failures >= SKIP_AFTER:
            dispatcher.utter_message(text=fill("question_skipped", {}))
            return [SlotSet(requested, UNKNOWN), SlotSet(UNREADABLE_SLOT, None)]
        if failures < STUCK_AFTER:
            dispatcher.utter_message(response=f"utter_invalid_{requested}")
        return [SlotSet(requested, None), SlotSet(UNREADABLE_SLOT, failures)]


class ValidateCandidateEligibilityForm(ValidateFactsForm):
    def name(self) -> Text:
        return "validate_candidate_eligibility_form"


class ValidateEmployerFundingForm(ValidateFactsForm):
    def name(self) -> Text:
        return "validate_employer_funding_form"


class ValidateRecruiterQualificationForm(ValidateFactsForm):
    def name(self) -> Text:
        return "validate_recruiter_qualification_form"


class ValidateOpcoForm(ValidateFactsForm):
    def name(self) -> Text:
        return "validate_opco_form"


class ValidateSalaryForm(ValidateFactsForm):
    def name(self) -> Text:
        return "validate_salary_form"


# Steps after which a form asks its question plainly: the visitor just answered, or it starts.
PLAIN_ASKING_AFTER = {"user", "action_extract_facts", "action_update_facts", None}


def question_response(domain: Dict[Text, Any], form: str, slot: str) -> str:
    """The form's own wording of the question when it has one (Rasa's order), else the slot's."""
    specific = f"utter_ask_{form}_{slot}"
    return specific if specific in (domain.get("responses") or {}) else f"utter_ask_{slot}"


class AskFact(Action, ABC):
    """Asks one fact of one form (Rasa calls ``action_ask_<form>_<slot>``): plainly, or « Pour
    reprendre : » after a question answered in the middle, or, after two unreadable answers,
    an example with « Passer cette question » and « Être mis en relation » instead."""

    form: str
    slot: str

    @abstractmethod
    def name(self) -> Text:
        """``action_ask_<form>_<slot>``."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if int(tracker.get_slot(UNREADABLE_SLOT) or 0) >= STUCK_AFTER:
            text = fill("question_stuck", {"example": fill(f"example_{self.slot}", {})})
            dispatcher.utter_message(text=text, buttons=[
                {"title": button.title, "payload": button.payload} for button in buttons_of("question_stuck")])
            return []
        response = question_response(domain, self.form, self.slot)
        resuming = bool(tracker.get_slot(RESUMING_SLOT)) or step_before(tracker, self.form) not in PLAIN_ASKING_AFTER
        variants = (domain.get("responses") or {}).get(response) or []
        if not resuming or not variants:
            dispatcher.utter_message(response=response)
            return []
        question = variants[0]
        dispatcher.utter_message(text=fill("question_resumes", {"question": question.get("text", "")}),
                                 buttons=question.get("buttons") or [])
        return [SlotSet(RESUMING_SLOT, None)]


# One asking action per form and fact, as Rasa looks them up.
ASK_ACTIONS: list[type[AskFact]] = [
    type(f"Ask_{form}_{slot}", (AskFact,), {
        "form": form, "slot": slot, "__module__": __name__,
        "name": lambda self, name=f"action_ask_{form}_{slot}": name})
    for form in FORM_CHECKS for slot in FORM_SLOTS[form]
]
