"""Answer a knowledge-base question (``faq_<topic>/<id>``) with its dated, sourced entry."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import stated_facts
from bot.clock import today
from bot.knowledge.base import SELECTOR_KEY, answer, entries, is_retrieval
from bot.knowledge.suggest import best_entry

ENTRY_ENTITY = "faq_entry"


def entry_id(latest_message: Dict[Text, Any]) -> Optional[str]:
    """The entry a button named (``/faq{"faq_entry": …}``), else the ResponseSelector's ranking
    reordered by BM25 (``bot.knowledge.suggest.best_entry``)."""
    for entity in latest_message.get("entities") or []:
        if entity.get("entity") == ENTRY_ENTITY and entity.get("value") in entries():
            return entity["value"]
    selected = (latest_message.get("response_selector") or {}).get(SELECTOR_KEY) or {}
    topic = ((latest_message.get("intent") or {}).get("name")) or ""
    # Only the entries of the topic DIET recognised (faq_funding…) can answer.
    ranking = [item for item in selected.get("ranking") or []
               if not is_retrieval(topic) or str(item.get("intent_response_key", "")).startswith(f"{topic}/")]
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
            # A model that predicts an entry the knowledge base no longer has: never a dead end.
            dispatcher.utter_message(response="utter_ask_which_topic", buttons=_overview_buttons())
            return []
        reply = answer(code, today())
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons_as_dicts())
        return stated_facts(tracker)


def _overview_buttons() -> List[Dict[str, str]]:
    codes = ("definition", "eligibility", "financing")
    return [{"title": entries()[code].question, "payload": entries()[code].payload} for code in codes]
