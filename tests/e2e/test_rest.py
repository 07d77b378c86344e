"""Over REST, against the real Rasa and action servers: French answers, never a 5xx."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
import requests

from bot.answers import render
from bot.clock import today


def say(rasa_url: str, text: str, sender: str | None = None) -> list[dict]:
    response = requests.post(
        f"{rasa_url}/webhooks/rest/webhook",
        json={"sender": sender or uuid.uuid4().hex, "message": text},
        timeout=60,
    )
    assert response.status_code == 200, response.text[:500]
    messages = response.json()
    assert isinstance(messages, list)
    return messages


def texts(messages: list[dict]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Bonjour", "Bonjour et bienvenue"),
        ("C'est quoi la VAE inversée ?", "contrat de professionnalisation qui intègre des actions de validation"),
        ("combien l'OPCO finance un parcours ?", "montant annuel de 9\u00a0000\u00a0€ au plus"),
        ("quels sont les textes de loi ?", "décret n° 2023-408 du 26 mai 2023"),
        ("quelles sont les étapes du parcours ?", "cinq étapes"),
        ("êtes-vous un robot ?", "assistant automatique"),
        ("quelle est la recette de la blanquette de veau ?", "spécialisé dans la VAE inversée"),
    ],
)
def test_french_questions_get_the_right_answer(rasa_url: str, question: str, expected: str) -> None:
    assert expected in texts(say(rasa_url, question))


def test_status_is_computed_for_today(rasa_url: str) -> None:
    messages = say(rasa_url, "est-ce que l'expérimentation est toujours ouverte aujourd'hui ?")
    status_text = texts(messages)
    from bot.answers import status_topic
    from bot.rules.experiment import experiment_status

    assert status_text == render(status_topic(experiment_status(today())), today()).text


def test_step_button_payload_gives_the_detail(rasa_url: str) -> None:
    messages = say(rasa_url, '/ask_steps{"step": "recevabilite"}')
    assert texts(messages).startswith("Troisième étape")
    assert [button["title"] for button in messages[0]["buttons"]][0] == "Étape suivante"


def test_gibberish_gets_a_short_answer_and_the_topics(rasa_url: str) -> None:
    messages = say(rasa_url, "xqzjw vlopmr kkrt bnnw")
    assert "Je suis là pour répondre à vos questions sur la VAE inversée" in texts(messages)
    assert len(messages[-1]["buttons"]) >= 3


BAD_INPUTS = {
    "empty": "",
    "spaces": "   ",
    "very_long": "je voudrais savoir " * 1200,
    "emoji": "🤔🤔🤔 ??? 🙏",
    "html": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "sql": "'; DROP TABLE events; -- SELECT * FROM users WHERE 1=1",
    "control": "bon\x00jour\x07\x1b[31m",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_a_normal_reply(rasa_url: str, name: str) -> None:
    messages = say(rasa_url, BAD_INPUTS[name])
    assert messages, "the assistant must always answer"
    assert all(message.get("text") for message in messages)
    assert "Traceback" not in texts(messages)


def test_a_twenty_thousand_character_message_is_answered(rasa_url: str) -> None:
    message = ("Bonjour, quelles sont les étapes ? " * 600)[:20_000]
    assert len(message) == 20_000
    assert texts(say(rasa_url, message))


def test_conversation_is_stored_in_the_sqlite_tracker(rasa_url: str, tracker_db: Path) -> None:
    sender = f"persist-{uuid.uuid4().hex}"
    say(rasa_url, "Bonjour", sender)
    say(rasa_url, "quelle est la durée maximale ?", sender)
    with sqlite3.connect(tracker_db) as connection:
        rows = connection.execute(
            "SELECT type_name, intent_name, action_name FROM events WHERE sender_id = ? ORDER BY id",
            (sender,),
        ).fetchall()
    assert ("user", "greet", None) in rows
    assert ("user", "ask_duration", None) in rows
    assert ("action", None, "action_explain_duration") in rows
