"""No dead end over REST: a message the assistant is unsure about gets the closest topics as
buttons; a click answers; « Autre chose » asks to rephrase; a second miss offers a person."""

from __future__ import annotations

import uuid

from tests.e2e.test_rest import say, texts

# Messages NLU is unsure about; which ones fall below the threshold depends on the trained model,
# so the test picks them. Real words only: a message without one is nonsense (tests/e2e/test_knowledge.py).
CANDIDATES = [
    "le machin du truc bidule", "ma question porte sur autre chose de précis", "la chose dont on parlait avant",
    "c'est au sujet du papier jaune", "c'est pour le truc de lundi", "il manque une pièce au puzzle",
    "je reviens pour le dossier de ma cousine", "bon alors voilà le souci", "pouvez-vous regarder mon cas particulier",
    "c'est pour un ami", "au sujet du courrier reçu hier", "ça concerne le formulaire bleu", "c'est à propos de mon dossier",
    "pour le papier que j'ai reçu", "c'est au sujet de la lettre", "c'est pour mon beau-frère",
]
QUESTION = "Vouliez-vous parler de l'un de ces sujets"


def buttons(replies: list[dict]) -> list[dict]:
    return [button for reply in replies for button in reply.get("buttons") or []]


def is_two_stage_question(replies: list[dict]) -> bool:
    """Rasa's fallback (« Autre chose » last), not a guessing ResponseSelector's choice (a person last)."""
    return QUESTION in texts(replies) and buttons(replies)[-1:] == [{"title": "Autre chose", "payload": "/out_of_scope"}]


def unsure_messages(rasa_url: str, count: int) -> list[str]:
    """``count`` messages that the model sends to the fallback, each tried in a new conversation."""
    found = [text for text in CANDIDATES if is_two_stage_question(say(rasa_url, text, f"probe-{uuid.uuid4().hex}"))]
    assert len(found) >= count, f"only {found} fall below the threshold"
    return found[:count]


def test_suggestions_then_a_click_answers_the_topic(rasa_url: str) -> None:
    [unsure] = unsure_messages(rasa_url, 1)
    sender = f"fallback-{uuid.uuid4().hex}"
    replies = say(rasa_url, unsure, sender)
    assert QUESTION in texts(replies)
    offered = buttons(replies)
    assert offered[-1] == {"title": "Autre chose", "payload": "/out_of_scope"} and 2 <= len(offered) <= 4
    assert "je n'ai pas" not in texts(replies).lower()
    answer = say(rasa_url, "/ask_financing", sender)
    assert "OPCO" in texts(answer) and "Vouliez-vous" not in texts(answer)
    assert "contrat de professionnalisation" in texts(say(rasa_url, "C'est quoi la VAE inversée ?", sender))


def test_something_else_asks_to_rephrase_and_a_second_miss_offers_a_person(rasa_url: str) -> None:
    first, second = unsure_messages(rasa_url, 2)
    sender = f"fallback-{uuid.uuid4().hex}"
    say(rasa_url, first, sender)
    rephrase = say(rasa_url, "/out_of_scope", sender)
    assert "reformuler" in texts(rephrase) and {"title": "Parler à un conseiller", "payload": "/request_human"} in buttons(rephrase)

    other = f"fallback-{uuid.uuid4().hex}"
    say(rasa_url, first, other)
    person = say(rasa_url, second, other)
    assert "porteur de projet" in texts(person) and "mis en relation" in texts(person)
    assert {"title": "Être mis en relation", "payload": "/request_human"} in buttons(person)
    assert "Vous êtes" in texts(say(rasa_url, "/request_human", other))  # the contact form starts
