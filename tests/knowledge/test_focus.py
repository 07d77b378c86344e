"""A long message is read by its final question; the ResponseSelector's ranking is reordered by BM25."""

from __future__ import annotations

import pytest

from bot.knowledge.focus import focus
from bot.knowledge.suggest import best_entry

CONTEXT = (
    "Bonjour, je suis responsable RH d'une PME de la métallurgie près de Rennes. Nous n'arrivons pas à "
    "recruter de soudeurs depuis deux ans et nous voudrions former des personnes sans diplôme à l'atelier. "
)


def test_a_long_message_is_read_from_its_last_question() -> None:
    assert focus(CONTEXT + "Concrètement, combien l'OPCO prend-il en charge pour un parcours ?") == (
        "Concrètement, combien l'OPCO prend-il en charge pour un parcours ?"
    )


def test_a_short_last_question_keeps_the_sentence_before() -> None:
    assert focus(CONTEXT + "Nous hésitons encore sur la façon de financer le parcours. Combien ?") == (
        "Nous hésitons encore sur la façon de financer le parcours. Combien ?"
    )


def test_short_messages_and_messages_without_a_question_are_read_whole() -> None:
    assert focus("Qui paie ? Et combien ?") == "Qui paie ? Et combien ?"
    assert focus(CONTEXT + "Merci de me mettre en relation avec un conseiller.") == (
        CONTEXT + "Merci de me mettre en relation avec un conseiller."
    )


def test_bm25_reorders_the_selector_when_the_question_names_the_entry() -> None:
    ranking = [
        {"intent_response_key": "faq/scheme_national", "confidence": 0.5},
        {"intent_response_key": "faq/path_afest", "confidence": 0.4},
    ]
    assert best_entry("AFEST ?", ranking) == "path_afest"
    assert best_entry("", ranking) == "scheme_national"  # no words: the selector decides
    assert best_entry("AFEST ?", []) is None


@pytest.mark.parametrize(("text", "read"), [
    ("Bonjour, combien coûte la VAE inversée pour une entreprise ?", "combien coûte la VAE inversée pour une entreprise ?"),
    ("Bonsoir à vous ! Qui paie la formation ?", "Qui paie la formation ?"),
    ("bonjour je suis employeur, combien je toucherais pour former un jeune",
     "je suis employeur, combien je toucherais pour former un jeune"),
    ("salut ça va ?", "salut ça va ?"),  # a greeting, not a question about the scheme
    ("bonjour, je suis responsable RH dans une PME", "bonjour, je suis responsable RH dans une PME"),
    ("bonjour", "bonjour"),
])
def test_a_greeting_before_a_question_is_left_out(text: str, read: str) -> None:
    assert focus(text) == read
