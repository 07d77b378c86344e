"""The live channel on its own (no Rasa server, no model): a real Rasa Agent with an in-memory
tracker and lock store, a real Socket.IO server that records its emits, and the Send API faked on
127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator

import pytest
import socketio
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

import channels.socketio as socket_channel
from bot.formatting import typography_errors
from bot.live import messages
from channels.failures import is_taken_over
from channels.live import (
    BAD_AGENT,
    BAD_JSON,
    BAD_TEXT,
    BAD_TOKEN,
    NOT_CONFIGURED,
    NOT_TAKEN,
    TAKEN_BY_OTHER,
    UNKNOWN_CONVERSATION,
    LiveChannel,
)
from channels.messages import message
from channels.rest import handle_turn
from tests.channels.send_api import SendApi
from tests.nlu_data import ROOT

TOKEN = "secret-du-tableau-de-bord"
AGENT = "marie.dupont"


@lru_cache(maxsize=1)
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


class RecordingServer(socketio.AsyncServer):
    """A real Socket.IO server that also notes what it emits."""

    def __init__(self) -> None:
        super().__init__(async_mode="asgi")
        self.emitted: list[dict[str, Any]] = []

    async def emit(self, event: str, data: Any = None, **kwargs: Any) -> None:
        self.emitted.append({"event": event, "data": data, "room": kwargs.get("room")})
        await super().emit(event, data, **kwargs)


@pytest.fixture()
def sio(monkeypatch: pytest.MonkeyPatch) -> RecordingServer:
    server = RecordingServer()
    monkeypatch.setattr(socket_channel, "_live_socket", socket_channel.LiveSocket(server, "bot_uttered", None))
    return server


@pytest.fixture()
def agent(monkeypatch: pytest.MonkeyPatch) -> Agent:
    monkeypatch.setenv("LIVE_API_TOKEN", TOKEN)
    return Agent(domain=domain(), tracker_store=InMemoryTrackerStore(domain()), lock_store=InMemoryLockStore())


@pytest.fixture()
def send_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[SendApi]:
    api = SendApi().start()
    monkeypatch.setenv("FACEBOOK_VERIFY_TOKEN", "v")
    monkeypatch.setenv("FACEBOOK_APP_SECRET", "s")
    monkeypatch.setenv("FACEBOOK_PAGE_ACCESS_TOKEN", "t")
    monkeypatch.setenv("FACEBOOK_GRAPH_URL", api.url)
    yield api
    api.stop()


def conversation(agent: Agent, sender: str, channel: str) -> None:
    """A conversation in which the visitor said one thing on ``channel``."""
    tracker = DialogueStateTracker.from_events(
        sender,
        [ActionExecuted("action_listen"), UserUttered("bonjour", {"name": "greet"}, input_channel=channel)],
        slots=domain().slots,
    )
    asyncio.run(agent.tracker_store.save(tracker))


def call(agent: Agent, sender: str, what: str, body: Any, token: str | None = TOKEN) -> tuple[int, Any]:
    """POST /webhooks/live/conversations/<sender>/<what>: (status, JSON or text)."""
    handler = next(r.handler for r in LiveChannel().blueprint(None)._future_routes if "<what>" in r.uri)
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = SimpleNamespace(body=raw, headers=headers, app=SimpleNamespace(ctx=SimpleNamespace(agent=agent)))
    reply = asyncio.run(handler(request, sender, what))
    text = reply.body.decode()
    return reply.status, (json.loads(text) if reply.content_type.startswith("application/json") else text)


def tracker(agent: Agent, sender: str) -> DialogueStateTracker:
    return asyncio.run(agent.tracker_store.retrieve(sender))


def test_without_a_token_the_channel_says_so_in_french(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIVE_API_TOKEN")
    assert call(agent, "abcdefgh", "take", {"agent": AGENT}) == (404, NOT_CONFIGURED)
    assert "LIVE_API_TOKEN" in NOT_CONFIGURED and typography_errors(NOT_CONFIGURED) == []


@pytest.mark.parametrize("token", [None, "mauvais", TOKEN + "x"])
def test_a_missing_or_wrong_token_is_refused(agent: Agent, token: str | None) -> None:
    conversation(agent, "abcdefgh", "socketio")
    assert call(agent, "abcdefgh", "take", {"agent": AGENT}, token=token) == (401, {"error": BAD_TOKEN})
    assert not tracker(agent, "abcdefgh").is_paused()


@pytest.mark.parametrize(
    ("what", "body", "error"),
    [
        ("take", b"{", BAD_JSON), ("take", b"[1]", BAD_JSON), ("take", {}, BAD_AGENT.format(limit=120)),
        ("take", {"agent": "  "}, BAD_AGENT.format(limit=120)), ("take", {"agent": 3}, BAD_AGENT.format(limit=120)),
        ("message", {"agent": AGENT}, BAD_TEXT.format(limit=2000)),
        ("message", {"agent": AGENT, "text": "   "}, BAD_TEXT.format(limit=2000)),
        ("message", {"agent": AGENT, "text": "x" * 2001}, BAD_TEXT.format(limit=2000)),
        ("message", {"agent": AGENT, "text": ["bonjour"]}, BAD_TEXT.format(limit=2000)),
    ],
)
def test_bad_input_gets_a_french_400(agent: Agent, what: str, body: Any, error: str) -> None:
    conversation(agent, "abcdefgh", "socketio")
    status, answer = call(agent, "abcdefgh", what, body)
    assert status == 400 and answer["error"] == error
    assert typography_errors(answer["error"]) == []


def test_an_unknown_conversation_or_route_is_a_404(agent: Agent) -> None:
    assert call(agent, "inconnue", "take", {"agent": AGENT}) == (404, {"error": UNKNOWN_CONVERSATION})
    conversation(agent, "abcdefgh", "socketio")
    assert call(agent, "abcdefgh", "delete", {"agent": AGENT})[0] == 404
    assert call(agent, "a b", "take", {"agent": AGENT})[0] == 404
    assert "inconnue" not in asyncio.run(agent.tracker_store.keys())


def test_take_message_release_on_the_widget(agent: Agent, sio: RecordingServer) -> None:
    conversation(agent, "widget-session", "socketio")
    assert call(agent, "widget-session", "take", {"agent": AGENT}) == (200, {"delivered": True, "channel": "socketio"})
    taken = tracker(agent, "widget-session")
    assert taken.is_paused() and taken.get_slot("live_agent") == AGENT
    assert sio.emitted == [{"event": "bot_uttered", "data": {"text": messages.joined("Marie")}, "room": "widget-session"}]

    said = "Bonjour, je suis Marie : <b>que</b> puis-je faire ?"
    assert call(agent, "widget-session", "message", {"agent": AGENT, "text": f"  {said} "})[1]["delivered"] is True
    assert sio.emitted[-1] == {"event": "bot_uttered", "data": {"text": said, "agent": "Marie"}, "room": "widget-session"}
    last = tracker(agent, "widget-session").events[-1]
    assert isinstance(last, BotUttered) and last.text == said and last.metadata == {"agent": "Marie"}

    assert call(agent, "widget-session", "release", {"agent": AGENT})[1] == {"delivered": True, "channel": "socketio"}
    released = tracker(agent, "widget-session")
    assert not released.is_paused() and released.get_slot("live_agent") == AGENT  # the lead's author, later
    assert sio.emitted[-1]["data"] == {"text": messages.released()}
    kinds = [type(event) for event in released.events][2:]
    assert kinds == [ConversationPaused, SlotSet, BotUttered, BotUttered, ConversationResumed, BotUttered]


def test_only_the_person_who_took_it_writes_or_releases(agent: Agent, sio: RecordingServer) -> None:
    conversation(agent, "widget-session", "socketio")
    assert call(agent, "widget-session", "message", {"agent": AGENT, "text": "Bonjour"}) == (409, {"error": NOT_TAKEN})
    assert call(agent, "widget-session", "take", {"agent": AGENT})[0] == 200
    assert call(agent, "widget-session", "take", {"agent": AGENT})[0] == 200  # a retried take: told once
    assert len(sio.emitted) == 1
    status, answer = call(agent, "widget-session", "take", {"agent": "paul.martin"})
    assert status == 409 and answer["error"] == TAKEN_BY_OTHER.format(name="Marie")
    assert call(agent, "widget-session", "release", {"agent": "paul.martin"})[0] == 409
    assert call(agent, "widget-session", "release", {"agent": AGENT})[0] == 200
    assert call(agent, "widget-session", "release", {"agent": AGENT})[0] == 200  # a retried release: nothing more
    assert len(sio.emitted) == 2


def test_messenger_gets_the_message_with_the_human_agent_tag(agent: Agent, send_api: SendApi) -> None:
    conversation(agent, "1234567890", "facebook")
    assert call(agent, "1234567890", "take", {"agent": AGENT})[1] == {"delivered": True, "channel": "facebook"}
    assert call(agent, "1234567890", "message", {"agent": AGENT, "text": "Bonjour, ici Marie."})[1]["delivered"]
    bodies = [c["body"] for c in send_api.calls]
    assert [b["message"]["text"] for b in bodies] == [messages.joined("Marie"), "Marie\u00a0: Bonjour, ici Marie."]
    assert all((b["messaging_type"], b["tag"], b["recipient"]) == ("MESSAGE_TAG", "HUMAN_AGENT", {"id": "1234567890"})
               for b in bodies)


def test_rest_conversations_store_the_message_without_pushing_it(agent: Agent, sio: RecordingServer) -> None:
    conversation(agent, "rest-visitor", "rest")
    assert call(agent, "rest-visitor", "take", {"agent": AGENT})[1] == {"delivered": False, "channel": "rest"}
    assert call(agent, "rest-visitor", "message", {"agent": AGENT, "text": "Bonjour"})[1]["delivered"] is False
    assert tracker(agent, "rest-visitor").events[-1].text == "Bonjour" and sio.emitted == []


def test_a_paused_conversation_gets_no_apology_for_its_silence(agent: Agent) -> None:
    conversation(agent, "rest-visitor", "rest")

    async def silent(_: Any) -> None:
        pass  # Rasa logs the message of a paused conversation and predicts nothing

    async def turn() -> list:
        return await handle_turn(silent, "Merci !", "rest-visitor", "rest", None, agent)

    assert asyncio.run(turn())[0]["text"] == message("no_reply")
    assert call(agent, "rest-visitor", "take", {"agent": AGENT})[0] == 200
    assert asyncio.run(is_taken_over(agent, "rest-visitor"))
    assert asyncio.run(turn()) == []
    assert not asyncio.run(is_taken_over(None, "rest-visitor"))


def test_the_channel_texts_follow_french_typography() -> None:
    for text in (BAD_TOKEN, UNKNOWN_CONVERSATION, BAD_JSON, NOT_TAKEN, TAKEN_BY_OTHER):
        assert typography_errors(text) == [], text


@pytest.fixture(scope="module")
def trained_agent(model_path: Path, action_server_port: int) -> Agent:
    """The trained assistant, its actions on the test action server, its stores in memory."""
    from rasa.utils.endpoints import EndpointConfig

    return Agent.load(
        str(model_path), tracker_store=InMemoryTrackerStore(domain()), lock_store=InMemoryLockStore(),
        action_endpoint=EndpointConfig(f"http://127.0.0.1:{action_server_port}/webhook"),
    )


def say(agent: Agent, sender: str, text: str) -> list[dict[str, Any]]:
    return asyncio.run(agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender, input_channel="rest")))


def test_rasa_logs_the_visitor_of_a_paused_conversation_and_says_nothing(
    trained_agent: Agent, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVE_API_TOKEN", TOKEN)
    sender = "paused-visitor"
    assert say(trained_agent, sender, "bonjour")
    assert call(trained_agent, sender, "take", {"agent": AGENT})[0] == 200
    assert say(trained_agent, sender, "Combien serai-je payé pendant le contrat ?") == []
    events = list(tracker(trained_agent, sender).events)
    last_user = max(i for i, event in enumerate(events) if isinstance(event, UserUttered))
    assert events[last_user].text == "Combien serai-je payé pendant le contrat ?"  # logged
    assert not [e for e in events[last_user:] if isinstance(e, (BotUttered, ActionExecuted))]  # nothing predicted
    # Handed back with the contact form: its first question is asked, the form waits for the answer.
    assert call(trained_agent, sender, "release", {"agent": AGENT, "form": True})[1] == {
        "delivered": False, "channel": "rest"}
    resumed = tracker(trained_agent, sender)
    assert not resumed.is_paused() and resumed.active_loop_name == "lead_form"
    assert "Vous êtes" in [e.text for e in resumed.events if isinstance(e, BotUttered)][-1]
    assert say(trained_agent, sender, "je suis candidat")  # the form goes on


def test_behind_several_servers_the_socket_rooms_are_shared_through_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    server = socketio.AsyncServer(async_mode="asgi")
    socket_channel._share_rooms(server)
    assert not isinstance(server.manager, socketio.AsyncRedisManager)  # one server: its own memory
    monkeypatch.setenv("LOCK_STORE_URL", "redis://127.0.0.1:6379/11")
    socket_channel._share_rooms(server)
    assert isinstance(server.manager, socketio.AsyncRedisManager) and server.manager.server is server
    assert server.manager.redis_url == "redis://127.0.0.1:6379/11"
