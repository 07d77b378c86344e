"""Personalised checks over REST, against the real servers: what a visitor would read.

The servers run on today's date: the window for new contracts closed on 28 February 2026, so a
candidate's or an employer's check answers at once; the open window's questions are covered by the
action tests (tests/actions) and the personas of ``make evaluate``.
"""

from __future__ import annotations

import uuid

from bot.clock import today
from bot.formatting import NBSP, format_percent
from bot.rules.salary import minimum_salary
from tests.e2e.test_rest import say, texts


class Conversation:
    def __init__(self, rasa_url: str) -> None:
        self.rasa_url = rasa_url
        self.sender = f"check-{uuid.uuid4().hex}"
        self.last: list[dict] = []

    def say(self, text: str) -> str:
        self.last = say(self.rasa_url, text, self.sender)
        return texts(self.last)

    def buttons(self) -> list[dict]:
        return [button for message in self.last for button in message.get("buttons") or []]


def rate(age: int, bac_pro_or_above: bool = False) -> str:
    """The pay rate the rules give today, as the assistant writes it."""
    return format_percent(minimum_salary(today(), age=age, bac_pro_or_above=bac_pro_or_above).share)


def test_a_job_seeker_hears_at_once_that_no_new_contract_can_be_signed(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    first = chat.say("j'ai 45 ans et je suis demandeur d'emploi, est-ce que je peux faire une VAE inversée ?")
    assert first.startswith("Avant tout")  # the window closed on 28 February 2026
    assert f"Âge{NBSP}: au moins 16{NBSP}ans, condition remplie" in first and "Source" in first
    assert "Quel est votre diplôme" not in first and "Pour affiner cette réponse" in first
    assert "La certification visée" in [button["title"] for button in chat.buttons()]


def test_a_refinement_button_asks_its_fact_then_answers_again(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    chat.say("est-ce que je suis éligible à la VAE inversée ?")
    age_button = next(button for button in chat.buttons() if button["title"] == "L'âge")
    assert "Quel âge avez-vous" in chat.say(age_button["payload"])
    again = chat.say("j'ai 15 ans")
    assert again.startswith(f"C'est noté{NBSP}: âge 15{NBSP}ans.")
    assert f"il faut avoir au moins 16{NBSP}ans" in again


def test_a_town_hall_is_told_at_once_it_is_excluded(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    answer = chat.say("Nous sommes une mairie, pouvons-nous recruter en VAE inversée ?")
    assert "Même si l'expérimentation était prolongée, votre structure ne pourrait pas recruter" in answer
    assert "secteur ?" not in answer


def test_an_employer_corrects_its_kind_and_sees_the_new_answer(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    first = chat.say("Nous sommes une entreprise de métallurgie, IDCC 3248 : combien l'OPCO financerait pour nous ?")
    assert "OPCO 2i" in first and "Si l'expérimentation était prolongée, votre structure pourrait recruter" in first
    assert "La durée du parcours" in [button["title"] for button in chat.buttons()]
    corrected = chat.say("en fait on est une mairie")
    assert corrected.startswith(f"C'est noté{NBSP}: employeur collectivité territoriale (précédemment{NBSP}: entreprise privée)")
    assert "ne pourrait pas recruter" in corrected


def test_the_pay_rate_from_26_asks_no_diploma_and_a_what_if_gives_another_age_s_rate(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    first = chat.say("Quel salaire minimum pour un salarié de 30 ans en contrat de professionnalisation ?")
    assert f"{rate(30)} du SMIC" in first and "quel que soit le diplôme" in first
    assert "diplôme le plus élevé" not in first
    # Below 26 the level counts: the form asks it, then answers and says what changed.
    assert "diplôme" in chat.say("et pour quelqu'un de 19 ans ?")
    answer = chat.say("un CAP")
    assert answer.startswith(f"C'est noté{NBSP}: âge 19{NBSP}ans (précédemment{NBSP}: 30{NBSP}ans)")
    assert f"{rate(19)} du SMIC" in answer
    corrected = chat.say("pardon, je me suis trompé, il a 22 ans")
    assert f"âge 22{NBSP}ans (précédemment{NBSP}: 19{NBSP}ans)" in corrected and f"{rate(22)} du SMIC" in corrected


def test_a_question_in_the_middle_is_answered_and_the_check_resumes_with_a_reminder(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    assert "Quel âge a le salarié" in chat.say("quel est le salaire minimum d'un alternant ?")
    digression = chat.say("au fait, c'est qui qui paye la formation dans ce dispositif ?")
    assert "Je n'ai pas compris l'âge" not in digression
    assert f"Pour reprendre{NBSP}: Quel âge a le salarié" in digression
    assert "diplôme" in chat.say("24 ans")


def test_two_unreadable_answers_offer_a_way_out_and_the_question_is_never_asked_a_third_time(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    chat.say("quel est le salaire minimum en contrat pro ?")
    again = chat.say("la trentaine")
    assert "Je n'ai pas compris l'âge" in again and "24" in again
    offer = chat.say("entre deux âges")
    assert "Quel âge" not in offer and "passer cette question" in offer
    assert [button["title"] for button in chat.buttons()] == ["Passer cette question", "Être mis en relation"]
    skipped = chat.say(chat.buttons()[0]["payload"])
    assert "Quel âge" not in skipped and "il me faut l'âge du salarié" in skipped


def test_stop_leaves_the_form_politely(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    assert "âge" in chat.say("je voudrais connaître le salaire minimum").lower()
    assert "j'arrête les questions" in chat.say("stop")
    assert "Bonjour" in chat.say("bonjour")


def test_salary_and_opco_questions(rasa_url: str) -> None:
    chat = Conversation(rasa_url)
    chat.say("quel salaire minimum pour un alternant ?")
    chat.say("22 ans")
    salary = chat.say("bac pro")
    assert f"{rate(22, bac_pro_or_above=True)} du SMIC" in salary and "SMIC" in salary
    opco = Conversation(rasa_url).say("IDCC 1486 c'est quel OPCO ?")
    assert "Atlas" in opco
