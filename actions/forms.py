"""Form validation: read every fact a message states, ask again with an example when needed.

Rasa's own slot mappings are not used: ``bot.intake`` parses the free text, so one message can
fill several slots and the answer « 18 mois » works whatever intent NLU gave it.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import response_values
from bot.answers.checks import start_in_the_past
from bot.clock import today
from bot.intake import IN_THE_PAST, Reading, read_message
from bot.knowledge.base import retrieval_intents
from bot.rules.opco import likely_opco
from bot.rules.parameters import default_parameters

FORM_SLOTS: dict[str, list[str]] = {
    "candidate_eligibility_form": ["age", "situation", "diploma_level", "certification_type", "contract_start"],
    "employer_funding_form": ["employer_type", "sector", "hires", "duration_months", "age", "diploma_level"],
    "recruiter_qualification_form": ["age", "situation", "diploma_level", "certification_type", "contract_start"],
    "opco_form": ["sector"],
    "salary_form": ["age", "diploma_level"],
}
ALL_FACTS = sorted({slot for slots in FORM_SLOTS.values() for slot in slots} | {"idcc"})
CANDIDATE_FACTS = ["age", "situation", "diploma_level", "certification_type", "contract_start"]

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


# Below this confidence a message is an unclear answer rather than a question of another kind.
DIGRESSION_MIN_CONFIDENCE = 0.6

# Answers are read from their first characters (NLU reads even fewer, pipeline.MessageTruncator):
# a 50 000-character message otherwise costs the parsers a second or more (tests/badinput).
SCAN_MAX = 1024


def is_digression(tracker: Tracker) -> bool:
    intent = tracker.latest_message.get("intent") or {}
    return (
        intent.get("name") in DIGRESSION_INTENTS
        and float(intent.get("confidence") or 0) >= DIGRESSION_MIN_CONFIDENCE
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
    _check_duration(facts)
    return [SlotSet(slot, value) for slot, value in facts.items()]


def _check_duration(facts: dict[str, Any]) -> str | None:
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
        events: List[Dict[Text, Any]] = []
        if (tracker.latest_message.get("intent") or {}).get("name") == "qualify_candidate":
            # A recruiter qualifies one person after another: forget the previous one.
            events += [SlotSet(slot, None) for slot in CANDIDATE_FACTS]
        latest = tracker.latest_message.get("text") or ""
        # A button (« /check_employer_funding ») states nothing: the visitor's last long message,
        # however NLU read it (an answer, a fallback, suggestions), still describes the situation.
        context = last_context_message(tracker) if latest.startswith("/") else None
        facts = read_facts(tracker, ALL_FACTS, requested=None, text=context)
        _check_duration(facts)
        return events + [SlotSet(slot, value) for slot, value in facts.items()]


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
        requested = tracker.get_slot("requested_slot")
        if tracker.latest_message.get("text", "").startswith("/"):
            return []  # a button payload of another intent: nothing to read, let rules answer
        reading = read(tracker, FORM_SLOTS[self.form_name], requested)
        facts = reading.facts
        problem = _check_duration(facts)
        events = [SlotSet(slot, value) for slot, value in facts.items()]
        refusal = reading.refused.get(requested) if requested else None
        if requested and requested not in facts:
            # Facts about other slots are kept and the form asks again; a question of another
            # intent (no fact at all) is left to the digression rules.
            if problem:
                values = response_values(today())
                dispatcher.utter_message(response=problem, max_duration=values["max_duration"])
                events.append(SlotSet(requested, None))
            elif refusal and refusal.problem == IN_THE_PAST:
                answer = start_in_the_past(today(), dt.date.fromisoformat(refusal.value))
                dispatcher.utter_message(text=answer.text)
                events.append(SlotSet(requested, None))
            elif not facts and not is_digression(tracker):
                dispatcher.utter_message(response=f"utter_invalid_{requested}")
                events.append(SlotSet(requested, None))
        return events


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

