"""Messenger against the real Rasa server: signed webhook in, Send API call out (on 127.0.0.1)."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid

import requests

from channels.quick_replies import MAX_QUICK_REPLIES, MAX_TITLE_CHARS
from tests import servers
from tests.channels.send_api import SendApi


def webhook(rasa_url: str) -> str:
    return f"{rasa_url}/webhooks/facebook/webhook"


def event(sender: str, text: str, mid: str | None = None) -> dict:
    return {
        "sender": {"id": sender},
        "recipient": {"id": "page"},
        "timestamp": 1764158400000,
        "message": {"mid": mid or f"m_{uuid.uuid4().hex}", "text": text},
    }


def post(rasa_url: str, payload: dict, secret: str = servers.FACEBOOK_APP_SECRET) -> requests.Response:
    body = json.dumps({"object": "page", "entry": [{"id": "page", "time": 1, "messaging": [payload]}]}).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    return requests.post(webhook(rasa_url), data=body, headers=headers, timeout=10)


def texts(messages: list[dict]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def test_a_signed_message_is_acknowledged_and_answered_through_the_send_api(rasa_url: str, send_api: SendApi) -> None:
    sender = f"psid-{uuid.uuid4().hex}"
    reply = post(rasa_url, event(sender, "Bonjour"))
    assert (reply.status_code, reply.text) == (200, "EVENT_RECEIVED")
    send_api.wait_for(lambda: "Bonjour et bienvenue" in texts(send_api.messages_to(sender)))
    call = next(c for c in send_api.calls if c["body"].get("recipient", {}).get("id") == sender and "message" in c["body"])
    assert call["path"] == "/v19.0/me/messages"
    assert call["query"]["access_token"] == [servers.FACEBOOK_PAGE_ACCESS_TOKEN]
    assert call["body"]["messaging_type"] == "RESPONSE"


def test_buttons_arrive_as_quick_replies_within_messenger_limits(rasa_url: str, send_api: SendApi) -> None:
    sender = f"psid-{uuid.uuid4().hex}"
    post(rasa_url, event(sender, "xqzjw vlopmr kkrt bnnw"))
    [message] = send_api.wait_for(lambda: [m for m in send_api.messages_to(sender) if m.get("quick_replies")])
    assert "Je suis là pour répondre à vos questions sur la VAE inversée" in texts(send_api.messages_to(sender))
    replies = message["quick_replies"]
    assert 3 <= len(replies) <= MAX_QUICK_REPLIES
    assert all(len(reply["title"]) <= MAX_TITLE_CHARS and reply["payload"] for reply in replies)


def test_a_quick_reply_sends_its_payload(rasa_url: str, send_api: SendApi) -> None:
    sender = f"psid-{uuid.uuid4().hex}"
    payload = event(sender, "Étape suivante")
    payload["message"]["quick_reply"] = {"payload": '/ask_steps{"step": "recevabilite"}'}
    post(rasa_url, payload)
    send_api.wait_for(lambda: texts(send_api.messages_to(sender)).startswith("Troisième étape"))


def test_a_redelivered_mid_is_answered_once(rasa_url: str, send_api: SendApi) -> None:
    sender = f"psid-{uuid.uuid4().hex}"
    first = event(sender, "Bonjour", mid=f"m_{uuid.uuid4().hex}")
    assert post(rasa_url, first).status_code == 200
    assert post(rasa_url, first).status_code == 200  # Facebook's retry of the same message
    post(rasa_url, event(sender, "êtes-vous un robot ?"))
    # One conversation is handled in order: once the later answer is out, a duplicate would be too.
    send_api.wait_for(lambda: "assistant automatique" in texts(send_api.messages_to(sender)))
    assert texts(send_api.messages_to(sender)).count("Bonjour et bienvenue") == 1


def test_a_wrong_signature_is_rejected_and_not_answered(rasa_url: str, send_api: SendApi) -> None:
    sender = f"psid-{uuid.uuid4().hex}"
    reply = post(rasa_url, event(sender, "Bonjour"), secret="not-the-app-secret")
    assert reply.status_code == 403
    unsigned = requests.post(webhook(rasa_url), json={"object": "page", "entry": []}, timeout=10)
    assert unsigned.status_code == 403
    post(rasa_url, event(sender, "êtes-vous un robot ?"))
    send_api.wait_for(lambda: "assistant automatique" in texts(send_api.messages_to(sender)))
    assert "Bonjour et bienvenue" not in texts(send_api.messages_to(sender))


def test_the_verify_token_handshake(rasa_url: str) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": servers.FACEBOOK_VERIFY_TOKEN, "hub.challenge": "1158201444"}
    reply = requests.get(webhook(rasa_url), params=params, timeout=10)
    assert (reply.status_code, reply.text) == (200, "1158201444")
    wrong = requests.get(webhook(rasa_url), params={**params, "hub.verify_token": "guess"}, timeout=10)
    assert wrong.status_code == 403 and "1158201444" not in wrong.text


def test_a_malformed_signed_body_gets_a_clear_400(rasa_url: str) -> None:
    body = b"not json"
    signature = "sha256=" + hmac.new(servers.FACEBOOK_APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    reply = requests.post(webhook(rasa_url), data=body, headers={"X-Hub-Signature-256": signature}, timeout=10)
    assert reply.status_code == 400
