"""The Messenger channel on its own (no Rasa server): settings, signatures, events, unset config."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from bot.formatting import typography_errors
from channels.messages import message
from channels.messenger import (
    NOT_CONFIGURED,
    ONLY_TEXT,
    MessengerChannel,
    MessengerSettings,
    event_text,
    signature_is_valid,
)
from tests.channels.send_api import SendApi

SECRET = "app-secret"


def route(channel: MessengerChannel, method: str, on_new_message: Any = None):
    """The blueprint's handler for ``/webhook`` and ``method``."""
    blueprint = channel.blueprint(on_new_message)
    return next(r.handler for r in blueprint._future_routes if r.uri == "/webhook" and method in r.methods)


def request(body: dict | None = None, secret: str = SECRET, args: dict | None = None) -> SimpleNamespace:
    raw = json.dumps(body or {}).encode()
    signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return SimpleNamespace(
        body=raw, json=body, headers={"X-Hub-Signature-256": signature}, args=args or {}, url="", path=""
    )


@pytest.fixture()
def send_api() -> Iterator[SendApi]:
    api = SendApi().start()
    yield api
    api.stop()


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACEBOOK_VERIFY_TOKEN", "v")
    monkeypatch.setenv("FACEBOOK_APP_SECRET", "s")
    monkeypatch.setenv("FACEBOOK_PAGE_ACCESS_TOKEN", "t")
    monkeypatch.setenv("FACEBOOK_GRAPH_URL", "http://127.0.0.1:9/v19.0/")
    settings = MessengerChannel.from_credentials(None).settings  # type: ignore[attr-defined]
    assert settings == MessengerSettings("v", "s", "t", "http://127.0.0.1:9/v19.0") and settings.configured
    monkeypatch.delenv("FACEBOOK_APP_SECRET")
    assert not MessengerSettings.from_env().configured


def test_an_unconfigured_channel_explains_in_french_with_a_404() -> None:
    channel = MessengerChannel(MessengerSettings())
    for method in ("GET", "POST"):
        reply = asyncio.run(route(channel, method)(request()))
        assert reply.status == 404
        assert reply.body.decode() == NOT_CONFIGURED
    assert "FACEBOOK_APP_SECRET" in NOT_CONFIGURED


@pytest.mark.parametrize("text", [NOT_CONFIGURED, ONLY_TEXT, message("action_failed")])
def test_the_channel_messages_follow_french_typography(text: str) -> None:
    assert typography_errors(text) == []


def test_signatures_sha256_and_the_older_sha1() -> None:
    body = b'{"object": "page"}'
    sha256 = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    sha1 = "sha1=" + hmac.new(SECRET.encode(), body, hashlib.sha1).hexdigest()
    assert signature_is_valid(SECRET, body, {"X-Hub-Signature-256": sha256})
    assert signature_is_valid(SECRET, body, {"X-Hub-Signature": sha1})
    assert not signature_is_valid(SECRET, body + b" ", {"X-Hub-Signature-256": sha256})
    assert not signature_is_valid("other", body, {"X-Hub-Signature-256": sha256})
    assert not signature_is_valid(SECRET, body, {})


def test_what_the_user_said() -> None:
    assert event_text({"message": {"text": "Bonjour"}}) == "Bonjour"
    assert event_text({"message": {"text": "Oui", "quick_reply": {"payload": "/affirm"}}}) == "/affirm"
    assert event_text({"postback": {"payload": "/greet", "title": "Commencer"}}) == "/greet"
    assert event_text({"message": {"attachments": [{"type": "image"}]}}) is None


def test_an_image_gets_a_french_answer_and_a_number_picks_a_listed_choice(send_api: SendApi) -> None:
    settings = MessengerSettings("v", SECRET, "t", send_api.url)
    channel = MessengerChannel(settings)
    said: list[str] = []

    async def on_new_message(message: Any) -> None:
        said.append(message.text)

    asyncio.run(channel.memory.remember_choices(
        "u1", [{"title": f"Choix {n}", "payload": f"/choice{n}"} for n in range(1, 16)]))

    async def scenario() -> None:
        receive = route(channel, "POST", on_new_message)
        image = {"sender": {"id": "u1"}, "message": {"mid": "m1", "attachments": [{"type": "image", "payload": {}}]}}
        number = {"sender": {"id": "u1"}, "message": {"mid": "m2", "text": "14"}}
        for event in (image, number, number):
            reply = await receive(request({"object": "page", "entry": [{"messaging": [event]}]}))
            assert reply.status == 200
        await asyncio.gather(*channel.tasks)

    asyncio.run(scenario())
    assert said == ["/choice14"]  # once: the second delivery of m2 was ignored
    # The fake assistant says nothing, so the user is told so rather than left waiting.
    assert send_api.messages_to("u1") == [{"text": ONLY_TEXT}, {"text": message("no_reply")}]
