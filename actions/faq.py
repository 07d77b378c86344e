"""Answer a knowledge-base question (``faq/<id>``) with its dated, sourced entry."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import stated_facts
from bot.clock import today
from bot.knowledge.base import RETRIEVAL_INTENT, answer, entries
from actions.fallback import topic_buttons
from bot.knowledge.suggest import best_entry, selector_is_sure

ENTRY_ENTITY = "faq_entry"
ASK_A_PERSON = {"title": "Parler à un conseiller", "payload": "/request_human"}


def entry_id(latest_message: Dict[Text, Any]) -> Optional[str]:
    """The entry a button named (``/faq{"faq_entry": …}``), else the ResponseSelector's ranking
    reordered by BM25 (``bot.knowledge.suggest.best_entry``); None when the selector is guessing."""
    for entity in latest_message.get("entities") or []:
        if entity.get("entity") == ENTRY_ENTITY and entity.get("value") in entries():
            return entity["value"]
    ranking = ((latest_message.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}).get("ranking") or []
    if not selector_is_sure(ranking):
        return None
    code = best_entry(latest_message.get("text") or "", ranking)
    return code if code in entries() else None


class ActionAnswerFaq(Action):
    """Send the entry's answer for today, with its sources and the entries worth asking next."""

    def name(self) -> Text:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        code = entry_id(tracker.latest_message)
        if code is None:
            # The selector is guessing (« bon alors voilà le souci »): a wrong answer would mislead,
            # so the visitor picks among the closest entries, or asks a person.
            buttons = topic_buttons(tracker) or _overview_buttons()
            dispatcher.utter_message(response="utter_ask_which_topic", buttons=buttons + [ASK_A_PERSON])
            return stated_facts(tracker)
        reply = answer(code, today())
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons_as_dicts())
        return stated_facts(tracker)


def _overview_buttons() -> List[Dict[str, str]]:
    codes = ("definition", "eligibility", "financing")
    return [{"title": entries()[code].question, "payload": entries()[code].payload} for code in codes]
