"""Personalised checks over REST, against the real servers: what a visitor would read."""

from __future__ import annotations

import uuid

from bot.formatting import NBSP
from tests.e2e.test_rest import say, texts


class Conversation:
    def __init__(self, rasa_url: str) -> None:
        self.rasa_url = rasa_url
        self.sender = f"check-{uuid.uuid4().hex}"

    def say(self, text: str) -> str:
        return texts(say(self.rasa_url, text, self.sender))


def test_candidate_check_reads_several_facts_answers_a_digression_and_gives_a_verdict(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    first = chat.say("j'ai 45 ans et je suis demandeur d'emploi, est-ce que je suis éligible ?")
    assert "diplôme" in first and "âge" not in first.lower()
    assert "certification" in chat.say("CAP")
    digression = chat.say("c'est quoi la recevabilité ?")
    assert "Troisième étape" in digression and "certification" in digression.split("Troisième étape")[1]
    assert "commencerait" in chat.say("un titre professionnel")
    verdict = chat.say("en septembre")
    assert verdict.startswith("Avant tout")  # the window closed on 28 February 2026
    assert f"Âge{NBSP}: au moins 16{NBSP}ans, condition remplie" in verdict
    assert "Source" in verdict


def test_employer_estimate_gives_opco_financing_and_aids(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    first = chat.say("Nous sommes une entreprise de métallurgie, IDCC 3248 : combien l'OPCO financerait pour nous ?")
    assert "Combien de personnes" in first
    assert "durée" in chat.say("deux personnes")
    assert "âge" in chat.say("18 mois")
    assert "diplôme" in chat.say("je ne sais pas")
    result = chat.say("je ne sais pas")
    assert "OPCO 2i" in result
    assert f"13{NBSP}500{NBSP}€" in result and f"27{NBSP}000{NBSP}€" in result
    assert "aide exceptionnelle" in result


def test_a_public_employer_is_told_it_is_excluded(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    chat.say("mon entreprise est-elle éligible à la VAE inversée ?")
    answer = chat.say("nous sommes une mairie")
    assert "secteur" in answer.lower()
    for reply in ("aide à domicile", "3", "24 mois", "je ne sais pas", "je ne sais pas"):
        answer = chat.say(reply)
    assert "Même si l'expérimentation était prolongée, votre structure ne pourrait pas recruter" in answer


def test_stop_leaves_the_form_politely(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    assert "âge" in chat.say("je voudrais vérifier mon éligibilité").lower()
    assert "j'arrête les questions" in chat.say("stop")
    assert "Bonjour" in chat.say("bonjour")


def test_an_unreadable_answer_is_asked_again_with_an_example(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    chat.say("suis-je éligible ?")
    again = chat.say("la trentaine")
    assert "Je n'ai pas compris l'âge" in again and "24" in again


def test_salary_and_opco_questions(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    chat.say("quel salaire minimum pour un alternant ?")
    chat.say("22 ans")
    salary = chat.say("bac pro")
    assert f"80{NBSP}%" in salary and "SMIC" in salary
    opco = Conversation(rasa_url).say("IDCC 1486 c'est quel OPCO ?")
    assert "Atlas" in opco
