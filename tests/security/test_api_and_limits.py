"""The Rasa HTTP API is off (or refuses requests without its token), malformed REST requests get
a French 400, and a flood from one sender gets a polite French answer instead of a queue."""

from __future__ import annotations

import uuid

import requests

from channels.messages import message
from tests.e2e.test_rest import say, texts
from tests.faults.stack import RATE_LIMIT, FaultStack


def test_the_http_api_is_off_on_the_default_server(rasa_url: str) -> None:
    assert requests.get(f"{rasa_url}/conversations/someone/tracker", timeout=10).status_code == 404
    assert requests.post(f"{rasa_url}/model/parse", json={"text": "bonjour"}, timeout=10).status_code == 404
    assert requests.get(f"{rasa_url}/status", timeout=10).status_code == 404


def test_with_the_api_on_a_tracker_needs_the_token(fault_stack: FaultStack) -> None:
    sender = f"token-{uuid.uuid4().hex}"
    say(fault_stack.rasa_url, "Bonjour", sender)
    tracker_url = f"{fault_stack.rasa_url}/conversations/{sender}/tracker"
    assert requests.get(tracker_url, timeout=10).status_code == 401
    assert requests.get(tracker_url, params={"token": "wrong"}, timeout=10).status_code == 401
    allowed = requests.get(tracker_url, params={"token": fault_stack.token}, timeout=30)
    assert allowed.status_code == 200 and allowed.json()["sender_id"] == sender
    assert requests.post(f"{fault_stack.rasa_url}/conversations/{sender}/messages",
                         json={"text": "x", "sender": "user"}, timeout=10).status_code == 401


def test_malformed_rest_requests_get_a_french_400(rasa_url: str) -> None:
    webhook = f"{rasa_url}/webhooks/rest/webhook"
    cases = [
        (b"{pas du json", message("bad_json")),
        (b"[]", message("bad_json")),
        (b'{"message": "Bonjour"}', message("bad_sender")),
        (b'{"sender": "x", "message": ["Bonjour"]}', message("bad_message")),
    ]
    for body, expected in cases:
        response = requests.post(webhook, data=body, headers={"Content-Type": "application/json"}, timeout=10)
        assert response.status_code == 400, body
        assert response.json() == {"error": expected}


def test_a_flood_from_one_sender_is_answered_politely(fault_stack: FaultStack) -> None:
    sender = f"flood-{uuid.uuid4().hex}"
    for _ in range(RATE_LIMIT):
        assert "Merci de patienter" not in texts(say(fault_stack.rasa_url, "Bonjour", sender))
    refused = say(fault_stack.rasa_url, "Bonjour", sender)
    assert texts(refused) == message("rate_limited", messages=str(RATE_LIMIT), seconds="3\u00a0600")
    assert "Bonjour" in texts(say(fault_stack.rasa_url, "Bonjour"))  # other visitors are not slowed down
