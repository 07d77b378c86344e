"""The action server stops in the middle of a form: the visitor gets a French apology (HTTP 200,
never a 5xx); once it is back, the form resumes where it was and the lead is stored."""

from __future__ import annotations

import uuid

import requests

from channels.messages import message
from tests.e2e.test_rest import say, texts
from tests.faults.stack import FaultStack


def test_a_form_survives_the_action_server_going_down_and_coming_back(fault_stack: FaultStack) -> None:
    url, sender = fault_stack.rasa_url, f"down-{uuid.uuid4().hex}"
    assert "Vous êtes" in texts(say(url, "je veux être mis en relation avec un porteur de projet", sender))
    assert "supprimer mes données" in texts(say(url, "je suis candidat", sender))

    fault_stack.stop_actions()
    try:
        with_server_down = requests.post(
            f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": "oui"}, timeout=60)
        assert with_server_down.status_code == 200
        assert message("action_failed") in texts(with_server_down.json())
    finally:
        fault_stack.start_actions()

    # The same answer again, now that the actions are back: the consent question is still pending.
    assert "nom" in texts(say(url, "oui", sender))
    assert "e-mail" in texts(say(url, "je m'appelle Hugo Bernard", sender))
    assert "code postal" in texts(say(url, "hugo.bernard@exemple.fr", sender))
    assert "message" in texts(say(url, "69001", sender))
    assert "référence VAE-" in texts(say(url, "Merci.", sender))
