"""Every generated bad message, through REST and socket.io against the real servers: HTTP 200,
a non-empty French reply each time, no traceback, and the server still answers afterwards."""

from __future__ import annotations

import re
import time
import uuid
from typing import List

import pytest
import requests
import socketio

from tests.badinput.generate import BadMessage, generate

MESSAGES = generate()
FRENCH = re.compile(r"\b(vous|votre|je|de|la|le|les|des|et|un|une)\b", re.IGNORECASE)
REPLY_DEADLINE_S = 60


def assert_normal_reply(message: BadMessage, texts: List[str]) -> None:
    where = f"{message.category}: {message.text[:80]!r}"
    assert texts and all(texts), f"no or empty reply for {where}"
    joined = "\n".join(texts)
    assert FRENCH.search(joined), f"reply not in French for {where}: {joined[:200]}"
    assert "Traceback" not in joined and "Exception" not in joined, where


def test_there_are_enough_messages_in_every_category() -> None:
    assert len(MESSAGES) >= 500
    categories = {message.category for message in MESSAGES}
    assert {"empty", "long", "control", "emoji", "rtl", "html", "sql", "json", "other_language"} <= categories
    assert max(len(message.text) for message in MESSAGES) == 50_000
    assert generate() == MESSAGES  # seeded: the same list every run


def test_every_bad_message_over_rest_gets_a_french_reply(rasa_url: str) -> None:
    session = requests.Session()
    for number, message in enumerate(MESSAGES):
        # One conversation per ten messages: like real visitors, and under the rate limit.
        sender = f"bad-rest-{number // 10}"
        response = session.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message.text}, timeout=REPLY_DEADLINE_S)
        assert response.status_code == 200, f"{message.category} {message.text[:80]!r}: {response.status_code} {response.text[:300]}"
        assert_normal_reply(message, [reply.get("text", "") for reply in response.json()])
    assert "Bonjour" in session.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": "after", "message": "Bonjour"}, timeout=60).text


def socketio_turn(rasa_url: str, text: str) -> List[str]:
    """One conversation of one message on its own connection; the first reply, waited for with a deadline."""
    client = socketio.Client(reconnection=False)
    replies: List[str] = []
    confirmed: List[str] = []
    client.on("session_confirm", lambda session_id: confirmed.append(session_id))
    client.on("bot_uttered", lambda data: replies.append((data or {}).get("text", "")))
    session_id = uuid.uuid4().hex
    client.connect(rasa_url, socketio_path="/socket.io", transports=["websocket"], wait_timeout=20)
    try:
        client.emit("session_request", {"session_id": session_id})
        _wait(lambda: confirmed, "session_confirm")
        client.emit("user_uttered", {"message": text, "session_id": session_id})
        _wait(lambda: replies, "bot_uttered")
        return replies
    finally:
        client.disconnect()


def _wait(condition, what: str) -> None:
    deadline = time.monotonic() + REPLY_DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {REPLY_DEADLINE_S} s")
        time.sleep(0.01)  # polling interval of the condition, not a synchronisation delay


@pytest.mark.parametrize("stride", [1])
def test_every_bad_message_over_socketio_gets_a_french_reply(rasa_url: str, stride: int) -> None:
    for message in MESSAGES[::stride]:
        assert_normal_reply(message, socketio_turn(rasa_url, message.text))
