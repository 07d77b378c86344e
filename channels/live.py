"""A person of the porteur's team takes over a conversation: the dashboard's door into Rasa.

Routes (Rasa mounts the channel at ``/webhooks/live/``), each behind
``Authorization: Bearer <LIVE_API_TOKEN>``:

- ``POST conversations/<sender_id>/take`` ``{"agent": "marie.dupont"}``: the tracker is paused
  (Rasa then logs the visitor's messages and predicts nothing), slot ``live_agent`` is set, and
  the visitor is told that Marie joined.
- ``POST conversations/<sender_id>/message`` ``{"agent": "...", "text": "..."}``: a BotUttered
  with metadata ``{"agent": "Marie"}``, pushed to the visitor.
- ``POST conversations/<sender_id>/release`` ``{"agent": "...", "form": false}``: the tracker is
  resumed and the visitor told so; with ``"form": true`` the contact form starts at once.

Answer: ``{"delivered": bool, "channel": "socketio" | "facebook" | "rest" | ...}``; errors are
``{"error": "<French>"}`` (400, 401, 404, 409), never a 5xx for bad input. Events are appended
under the conversation's lock, as Rasa's own ``/tracker/events`` does. What people write is
personal data: it never reaches a log.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOOutput
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    Event,
    SlotSet,
)
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.formatting import fix_typography
from bot.live import messages
from bot.live.names import display_name
from channels.messenger import MessengerOutput, MessengerSettings, SendApi
from channels.quick_replies import split_text
from channels.shared import ChannelMemory
from channels.socketio import live_socket
from channels.text import safe_text

logger = logging.getLogger(__name__)

TOKEN_VARIABLE = "LIVE_API_TOKEN"
AGENT_SLOT = "live_agent"
SENDER_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")  # the dashboard's own check (bot/dashboard/live.py)
AGENT_MAX = 120  # an account name (the leads' author column is wider)
TEXT_MAX = 2_000  # what a person types in one message; Messenger's own limit too

NOT_CONFIGURED = fix_typography(
    "La reprise en direct n’est pas configurée sur ce serveur : définissez LIVE_API_TOKEN "
    "(le même secret pour le serveur Rasa et pour le tableau de bord)."
)
BAD_TOKEN = fix_typography("Jeton d’accès absent ou incorrect.")
UNKNOWN_CONVERSATION = fix_typography("Conversation introuvable.")
BAD_JSON = fix_typography("La requête doit être un objet JSON avec le champ « agent » (l’identifiant du compte).")
BAD_AGENT = fix_typography(
    "Le champ « agent » doit être l’identifiant du compte (une chaîne non vide de {limit} caractères au plus)."
)
BAD_TEXT = fix_typography("Le champ « text » doit être un message non vide de {limit} caractères au plus.")
BAD_FORM = fix_typography("Le champ « form » doit valoir true ou false.")
TAKEN_BY_OTHER = fix_typography("Cette conversation est déjà prise en charge par {name}.")
UNAVAILABLE = fix_typography("L’assistant n’a pas pu enregistrer cette action : réessayez dans un instant.")
NOT_TAKEN = fix_typography("Cette conversation n’est pas prise en charge par ce compte : prenez-la d’abord.")


class LiveError(Exception):
    """A request the live channel refuses, with its HTTP status and French explanation."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = fix_typography(text)


def live_token() -> str:
    return os.environ.get(TOKEN_VARIABLE, "").strip()


def authorized(header: str, token: str) -> bool:
    """``Authorization: Bearer <token>``, compared in constant time."""
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def parse_body(body: bytes, *, text: bool = False, form: bool = False) -> Dict[str, Any]:
    """The request's ``agent`` (and ``text``, ``form``) checked; LiveError(400) otherwise."""
    try:
        data = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        raise LiveError(400, BAD_JSON) from None
    if not isinstance(data, dict):
        raise LiveError(400, BAD_JSON)
    agent = data.get("agent")
    if not isinstance(agent, str) or not agent.strip() or len(agent.strip()) > AGENT_MAX:
        raise LiveError(400, BAD_AGENT.format(limit=AGENT_MAX))
    fields: Dict[str, Any] = {"agent": agent.strip()}
    if text:
        value = data.get("text")
        value = safe_text(value).strip() if isinstance(value, str) else ""
        if not value or len(value) > TEXT_MAX:
            raise LiveError(400, BAD_TEXT.format(limit=TEXT_MAX))
        fields["text"] = value
    if form:
        value = data.get("form", False)
        if not isinstance(value, bool):
            raise LiveError(400, BAD_FORM)
        fields["form"] = value
    return fields


class LiveChannel(InputChannel):
    """``/webhooks/live/conversations/<sender_id>/(take|message|release)`` for the dashboard."""

    @classmethod
    def name(cls) -> str:
        return "live"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("live_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if live_token() else "not configured"})

        @webhook.route("/conversations/<sender_id>/<what>", methods=["POST"])
        async def act(request: Request, sender_id: str, what: str) -> HTTPResponse:
            try:
                return response.json(await self.handle(request, sender_id, what))
            except LiveError as error:
                if error.status == 404 and error.text == NOT_CONFIGURED:
                    return response.text(error.text, status=404)
                return response.json({"error": error.text}, status=error.status)
            except Exception as error:  # noqa: BLE001 - a store or lock down; its message may quote texts
                logger.error("Live %s failed: %s.", what, type(error).__name__)
                return response.json({"error": UNAVAILABLE}, status=503)

        return webhook

    async def handle(self, request: Request, sender_id: str, what: str) -> Dict[str, Any]:
        """Check the token and the body, then take, message or release under the lock."""
        token = live_token()
        if not token:
            raise LiveError(404, NOT_CONFIGURED)
        if not authorized(request.headers.get("Authorization", ""), token):
            raise LiveError(401, BAD_TOKEN)
        if what not in ("take", "message", "release") or not SENDER_ID.fullmatch(sender_id or ""):
            raise LiveError(404, UNKNOWN_CONVERSATION)
        fields = parse_body(request.body, text=what == "message", form=what == "release")
        agent = request.app.ctx.agent
        async with agent.lock_store.lock(sender_id):
            tracker = await agent.tracker_store.retrieve(sender_id)
            if tracker is None:
                raise LiveError(404, UNKNOWN_CONVERSATION)
            channel = tracker.get_latest_input_channel() or ""
            events = self._events(tracker, what, fields)
            for event in events:
                tracker.update(event)
            await agent.tracker_store.save(tracker)
            delivered = await deliver(channel, sender_id, [e for e in events if isinstance(e, BotUttered)])
            if what == "release" and fields["form"] and events:  # not again on a retried release
                delivered = await self._start_contact_form(agent, sender_id, channel) and delivered
        logger.info("Live %s on a %s conversation (delivered: %s).", what, channel or "unknown", delivered)
        return {"delivered": delivered, "channel": channel}

    @staticmethod
    def _events(tracker: Any, what: str, fields: Dict[str, Any]) -> List[Event]:
        """The events of ``what``; LiveError(409) when another person has the conversation."""
        account = fields["agent"]
        holder = tracker.get_slot(AGENT_SLOT) if tracker.is_paused() else None
        if what == "take":
            if holder == account:
                return []  # taken again after a lost answer: the visitor was already told
            if holder:
                raise LiveError(409, TAKEN_BY_OTHER.format(name=display_name(holder)))
            return [ConversationPaused(), SlotSet(AGENT_SLOT, account),
                    BotUttered(messages.joined(display_name(account)))]
        if holder != account:
            if what == "release" and holder is None:
                return []  # already handed back (a retried release)
            raise LiveError(409, NOT_TAKEN)
        if what == "message":
            return [BotUttered(fields["text"], metadata={"agent": display_name(account)})]
        return [ConversationResumed(), BotUttered(messages.released())]

    @staticmethod
    async def _start_contact_form(agent: Any, sender_id: str, channel: str) -> bool:
        """Run action_start_lead then lead_form (its first question), as the rules do after
        « request_human », then wait for the visitor. Whether the question was pushed to them."""
        from rasa.core.policies.policy import PolicyPrediction  # loads the policies: not at import

        processor = agent.processor
        output, pushed = output_for(channel)
        for name in ("action_start_lead", "lead_form"):
            prediction = PolicyPrediction.for_action_name(processor.domain, name)
            await processor.execute_action(sender_id, name, output, processor.nlg, prediction)
        tracker = await agent.tracker_store.retrieve(sender_id)
        tracker.update(ActionExecuted(ACTION_LISTEN_NAME))  # the form's question waits for an answer
        await agent.tracker_store.save(tracker)
        return pushed


def output_for(channel: str) -> Tuple[OutputChannel, bool]:
    """The visitor's own output channel, and whether it pushes (REST cannot: messages are stored)."""
    socket = live_socket()
    if channel == "socketio" and socket is not None:
        return SocketIOOutput(socket.sio, socket.event), True
    settings = MessengerSettings.from_env()
    if channel == "facebook" and settings.configured:
        return MessengerOutput(SendApi(settings), ChannelMemory.from_env()), True
    return CollectingOutputChannel(), False


async def deliver(channel: str, sender_id: str, said: List[BotUttered]) -> bool:
    """Push ``said`` to the visitor on ``channel``; False if it cannot be pushed (REST) or failed."""
    if not said:
        return True
    if channel == "socketio":
        return await _to_socket(sender_id, said)
    if channel == "facebook":
        return await _to_messenger(sender_id, said)
    return False  # REST and others: the client reads the tracker; nothing can be pushed


async def _to_socket(sender_id: str, said: List[BotUttered]) -> bool:
    socket = live_socket()
    if socket is None:
        return False
    for event in said:
        payload: Dict[str, Any] = {"text": event.text, **(event.data or {})}
        if event.metadata.get("agent"):
            payload["agent"] = event.metadata["agent"]
        # The session's room: with LOCK_STORE_URL, Redis carries it to the server the browser is on.
        await socket.sio.emit(socket.event, payload, room=sender_id, namespace=socket.namespace)
    return True


async def _to_messenger(sender_id: str, said: List[BotUttered]) -> bool:
    settings = MessengerSettings.from_env()
    if not settings.configured:
        return False
    api, delivered = SendApi(settings), True
    for event in said:
        agent = event.metadata.get("agent")
        text = f"{agent}\u00a0: {event.text}" if agent else event.text or ""
        for part in split_text(text):
            # Messenger's 24-hour window may be over when a person answers: HUMAN_AGENT allows 7 days.
            body = {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT",
                    "recipient": {"id": sender_id}, "message": {"text": part}}
            delivered = await api.post(body) and delivered
    return delivered

