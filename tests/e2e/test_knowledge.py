"""The knowledge base over REST: questions in the visitors' words get their dated, sourced entry;
two questions get two answers; nonsense starts no form; a long message's facts are kept."""

from __future__ import annotations

import uuid

import pytest

from bot.answers import render
from bot.clock import today
from bot.knowledge.base import answer, entries
from bot.knowledge.nlu_files import ROOT, TRAINING_DIR, examples
from tests.e2e.test_rest import say, texts

NONSENSE_ANSWER = "Je suis là pour répondre à vos questions sur la VAE inversée"
FORM_QUESTIONS = ("Quel âge", "Quel type d'employeur", "Dans quel secteur", "Vous êtes")


def faq_entries() -> list[str]:
    return sorted(code for code, entry in entries().items() if not entry.intent)


def first_training_example(entry_id: str) -> str:
    for path in sorted((ROOT / TRAINING_DIR).glob("faq_*.yml")):
        for intent, text in examples(path):
            if intent == entries()[entry_id].intent_name:
                return text
    raise AssertionError(f"no training example for {entry_id}")


def test_every_entry_button_answers_its_entry_for_today(rasa_url: str) -> None:
    """A click on a suggested entry (``/faq{"faq_entry": …}``) gives exactly that entry's answer."""
    for code in faq_entries()[::9]:
        payload = entries()[code].payload
        replies = say(rasa_url, payload)
        expected = answer(code, today())
        assert texts(replies) == expected.text, code
        assert [button["payload"] for button in replies[-1].get("buttons") or []] == [
            button.payload for button in expected.buttons
        ]


@pytest.mark.parametrize("entry_id", faq_entries()[::7])
def test_a_question_in_words_gets_its_entry_with_sources(rasa_url: str, entry_id: str) -> None:
    replies = texts(say(rasa_url, first_training_example(entry_id)))
    assert replies == answer(entry_id, today()).text
    assert "Source" in replies


def test_two_questions_in_one_message_get_both_answers_in_order(rasa_url: str) -> None:
    replies = texts(say(rasa_url, "c'est quoi exactement la VAE inversée, et qui finance le parcours ?"))
    definition = render("definition", today()).text
    financing = render("financing", today()).text
    assert definition in replies and financing in replies
    assert replies.index(definition) < replies.index(financing)


@pytest.mark.parametrize("text", ["fjdkslq zzpprt vbnmwx", "🤔", "?", "ok", "hmm je sais pas trop", "azeaze"])
def test_nonsense_gets_a_short_answer_and_topics_never_a_form(rasa_url: str, text: str) -> None:
    sender = f"nonsense-{uuid.uuid4().hex}"
    replies = say(rasa_url, text, sender)
    assert NONSENSE_ANSWER in texts(replies)
    assert not any(question in texts(replies) for question in FORM_QUESTIONS)
    assert len(replies[-1].get("buttons") or []) >= 3
    # No form is waiting for an answer: a question is answered as a question.
    assert "contrat de professionnalisation" in texts(say(rasa_url, "C'est quoi la VAE inversée ?", sender))


def test_a_long_message_is_answered_and_its_facts_kept_for_the_check(rasa_url: str) -> None:
    sender = f"long-{uuid.uuid4().hex}"
    message = (
        "Bonjour, je suis responsable RH d'une entreprise privée de la métallurgie, une PME d'environ "
        "quatre-vingts salariés près de Rennes. Nous n'arrivons pas à recruter de soudeurs qualifiés "
        "depuis deux ans et nous aimerions former des personnes sans diplôme directement à l'atelier. "
        "Concrètement, combien l'OPCO prend-il en charge pour un parcours ?"
    )
    assert len(message) >= 300
    replies = say(rasa_url, message, sender)
    # The financing answer, or the closest topics to choose from when the model is unsure: never
    # a dead end, and never a questionnaire about something else.
    offered = [button["payload"] for reply in replies for button in reply.get("buttons") or []]
    assert ("OPCO" in texts(replies) and "Source" in texts(replies)) or any(
        payload == "/ask_financing" or "funding_" in payload for payload in offered), texts(replies)
    assert not any(question in texts(replies) for question in FORM_QUESTIONS)
    check = texts(say(rasa_url, "/check_employer_funding", sender))
    assert "Quel type d'employeur" not in check and "Dans quel secteur" not in check
    # The window closed on 28 February 2026: the answer comes at once, with the OPCO of the sector.
    assert check.startswith("Avant tout") and "OPCO 2i" in check
