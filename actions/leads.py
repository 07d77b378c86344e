"""Lead collection in the chat: profile, consent first, contact details, then hand-off."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import SCAN_MAX, is_digression
from bot.formatting import format_quantity
from bot.leads import service
from bot.leads.config import settings
from bot.leads.contact import (
    parse_company, parse_contact, parse_contact_name, parse_lead_message, parse_postal_code, parse_profile,
)
from bot.leads.models import MESSAGE_MAX
from bot.parsing.profile import parse_yes_no
from bot.privacy import ERASE_ACTION
from bot.privacy.erasure import VISITOR, erase
from bot.privacy.redaction import CONSENTED_SLOTS

logger = logging.getLogger(__name__)
LEAD_SLOTS = ["lead_profile", "consent", "contact_name", "contact", "company", "postal_code", "lead_message"]
PERSONAL_SLOTS = sorted(CONSENTED_SLOTS)  # the tracker store keeps them only after consent
CONSENT_TEXT_VERSION = "consentement-v1"  # bump when utter_ask_consent changes


def _attempts_an_answer(slot: str, text: str, tracker: Tracker) -> bool:
    """« julie.martin@ » is a mistyped e-mail and « je m'appelle Julie » a name, not another
    question, whatever NLU thought; asking for a contact while giving one is no digression."""
    if (tracker.latest_message.get("intent") or {}).get("name") == "request_human":
        return True
    if slot in ("contact_name", "company"):
        return "?" not in text
    if slot == "contact":
        return "@" in text or sum(char.isdigit() for char in text) >= 4
    if slot == "postal_code":
        return any(char.isdigit() for char in text)
    return False


class ActionStartLead(Action):
    """Prepare the contact form: the retention period to announce, the profile if already said."""

    def name(self) -> Text:
        return "action_start_lead"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        config = settings()
        events = [
            SlotSet("retention", format_quantity(config.retention_months, "mois")),
            SlotSet("conversation_retention", format_quantity(config.conversations_retention_days, "jour", "jours")),
        ]
        if (tracker.active_loop or {}).get("name") != "lead_form":
            events.append(SlotSet("consent", None))  # a new request asks for consent again
        profile = parse_profile(tracker.latest_message.get("text") or "")
        if profile:
            events.append(SlotSet("lead_profile", profile))
        return events


class ValidateLeadForm(Action):
    """Read the answer to the contact form's current question."""

    def name(self) -> Text:
        return "validate_lead_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        requested = tracker.get_slot("requested_slot")
        text = (tracker.latest_message.get("text") or "").strip()
        if not requested or text.startswith("/"):
            return []
        # The e-mail and phone patterns would take seconds on a 50 000-character answer.
        if requested == "lead_message":
            text = text[:MESSAGE_MAX]
        else:
            text = text[:SCAN_MAX].strip()
        events = self._read(requested, text, tracker, dispatcher)
        if events is None:  # nothing usable: a question of another kind, or ask again
            if is_digression(tracker) and not _attempts_an_answer(requested, text, tracker):
                return []
            invalid = f"utter_invalid_{requested}"
            if invalid in (domain.get("responses") or {}) or not domain:  # no domain: say it anyway
                dispatcher.utter_message(response=invalid)
            # Without a specific reply (company), the form simply asks its question again.
            return [SlotSet(requested, None)]
        return events

    def _read(
        self, slot: str, text: str, tracker: Tracker, dispatcher: CollectingDispatcher
    ) -> Optional[List[Dict[Text, Any]]]:
        if slot == "lead_profile":
            profile = parse_profile(text)
            return [SlotSet("lead_profile", profile)] if profile else None
        if slot == "consent":
            return self._consent(parse_yes_no(text), tracker)
        if slot in ("contact_name", "company") and is_digression(tracker) and not _attempts_an_answer(slot, text, tracker):
            return None
        if slot == "contact_name":
            name = parse_contact_name(text)
            return [SlotSet("contact_name", name)] if name else None
        if slot == "contact":
            found = parse_contact(text)
            if not found:
                return None
            return [SlotSet("contact", "ok")] + [SlotSet(key, value) for key, value in found.items()]
        if slot == "company":
            return self._company(text, dispatcher)
        if slot == "postal_code":
            code = parse_postal_code(text)
            return [SlotSet("postal_code", code)] if code else None
        if slot == "lead_message":
            return [SlotSet("lead_message", parse_lead_message(text))]
        return None

    @staticmethod
    def _consent(answer: Optional[bool], tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
        if answer is None:
            return None
        if not answer:
            # No personal question follows: the form ends and nothing is stored.
            return [SlotSet("consent", False)] + [SlotSet(slot, "") for slot in LEAD_SLOTS[2:]]
        events = [SlotSet("consent", dt.datetime.now(dt.timezone.utc).isoformat())]
        if tracker.get_slot("lead_profile") != "employeur":
            events.append(SlotSet("company", ""))
        return events

    @staticmethod
    def _company(text: str, dispatcher: CollectingDispatcher) -> Optional[List[Dict[Text, Any]]]:
        answer = parse_company(text)
        if answer.siret_refused:
            dispatcher.utter_message(response="utter_invalid_siret")
        if not answer.name:
            return None
        return [SlotSet("company", answer.name)] + ([SlotSet("siret", answer.siret)] if answer.siret else [])


class ActionSubmitLead(Action):
    """Store the lead with its consent and qualification, or say that nothing was stored."""

    def name(self) -> Text:
        return "action_submit_lead"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        consent = tracker.get_slot("consent")
        if not consent:
            dispatcher.utter_message(response="utter_no_consent")
            return [SlotSet(slot, None) for slot in PERSONAL_SLOTS + ["consent", "lead_profile"]]
        outcome = service.submit_lead(lead_values(tracker))
        if outcome.deferred:
            dispatcher.utter_message(response="utter_lead_deferred")
        else:
            dispatcher.utter_message(response="utter_lead_saved", lead_reference=outcome.reference)
        return []


def lead_values(tracker: Tracker) -> Dict[str, Any]:
    """Everything the lead carries, from the conversation's slots."""
    slot = tracker.get_slot
    return {
        "profile": slot("lead_profile"),
        "consent_at": slot("consent"),
        "consent_text_version": CONSENT_TEXT_VERSION,
        "name": slot("contact_name"),
        "email": slot("email"),
        "phone": slot("phone"),
        "company": slot("company") or None,
        "siret": slot("siret"),
        "postal_code": slot("postal_code"),
        "sector": slot("sector"),
        "message": slot("lead_message") or None,
        "qualification": slot("qualification"),
        "summary": conversation_summary(tracker),
        "conversation_id": tracker.sender_id,
        "author": slot("live_agent"),  # the team member who had the conversation live, if any
    }


TOPICS = {
    "ask_definition": "définition", "ask_difference_classic_vae": "différence avec la VAE classique",
    "ask_legal_framework": "cadre légal", "ask_experiment_status": "ouverture de l'expérimentation",
    "ask_steps": "étapes", "ask_financing": "financement", "ask_roles": "acteurs",
    "ask_certifications": "certifications", "ask_duration": "durée", "ask_eligibility": "conditions",
    "ask_advantages_employer": "avantages employeur", "ask_advantages_candidate": "avantages candidat",
    "check_candidate_eligibility": "vérification d'éligibilité", "check_employer_funding": "estimation du financement",
    "qualify_candidate": "qualification d'un candidat", "ask_opco": "OPCO", "ask_salary": "salaire minimum",
    "ask_hiring_aids": "aides à l'embauche",
}


def conversation_summary(tracker: Tracker) -> str:
    """The topics the visitor asked about, in order, without repeats."""
    asked: List[str] = []
    for event in tracker.events:
        if event.get("event") == "user":
            topic = TOPICS.get(((event.get("parse_data") or {}).get("intent") or {}).get("name"))
            if topic and topic not in asked:
                asked.append(topic)
    return "Sujets abordés : " + (", ".join(asked) if asked else "aucun") + "."


class ActionEraseMyData(Action):
    """« supprimer mes données »: erase this conversation's leads, its log and what Redis keeps of it,
    then restart the conversation (the tracker store keeps nothing from before the restart)."""

    def name(self) -> Text:
        return ERASE_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        try:
            report = erase(author=VISITOR, now=dt.datetime.now(dt.timezone.utc), conversation_id=tracker.sender_id,
                           search_conversations=False)
        except Exception as error:  # noqa: BLE001 - any store down: say so, never « c'est fait »
            logger.warning("erasure failed: %s", type(error).__name__)  # no sender id: it is personal data
            dispatcher.utter_message(response="utter_data_erase_failed")
            return []
        if tracker.get_latest_input_channel() == "socketio":  # the widget forgets its copy of the history
            dispatcher.utter_message(json_message={"data": {"vae_chat": HISTORY_ERASED}})
        if report.leads:
            erased_leads = format_quantity(report.leads, "demande de contact supprimée", "demandes de contact supprimées")
            dispatcher.utter_message(response="utter_data_erased_with_leads", erased_leads=erased_leads)
        else:
            dispatcher.utter_message(response="utter_data_erased")
        if report.delivered:
            dispatcher.utter_message(response="utter_data_erased_copy_sent")
        return [Restarted()]


HISTORY_ERASED = "history_erased"

