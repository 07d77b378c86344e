"""Rasa's socket.io channel, restricted to the configured browser origins, with working sessions.

Rasa's stock channel creates its Socket.IO server with ``cors_allowed_origins=[]``, which turns
Engine.IO's origin check off: any website could then drive the assistant from its visitors'
browsers. This channel turns the check back on with ``CORS_ORIGINS``.

It also fixes session persistence: Rasa 3.6 calls ``sio.enter_room()`` without ``await``; since
python-socketio 5.10 that is a coroutine, so the browser never joined its session's room and
never received an answer.

Behind several servers (``LOCK_STORE_URL`` set), its Socket.IO server shares its rooms through
that Redis (``AsyncRedisManager``): a message emitted on server B, such as a team member's
(channels/live.py), reaches a browser connected to server A. The live channel finds the server
through :func:`live_socket`.

While a team member has the conversation (tracker paused, channels/live.py), the assistant says
nothing on purpose: no « no reply » apology then.

And it makes a resent message harmless: the widget gives every message an id and sends it again
until the server acknowledges it (the acknowledgement is the event's return value, sent once the
turn is over), so a message whose acknowledgement was lost in a dropped connection is recognised
by its id and not processed twice.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import re
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint
from socketio import AsyncRedisManager, AsyncServer

from channels.addresses import client_address, counted_address, trusted_proxies
from channels.failures import TurnWatch, rasa_agent, turn_apology
from channels.origins import allowed_origins
from channels.ratelimit import check_rate
from channels.text import safe_text

logger = logging.getLogger(__name__)

# The session id becomes the conversation's sender id: a random token, nothing else.
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
# The widget's id of one message, to recognise a message sent again after a dropped connection.
MESSAGE_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
RECENT_MESSAGES = 10_000  # ids remembered (per Rasa process): far more than can be in transit


@dataclass(frozen=True)
class LiveSocket:
    """What the live channel needs to push a message to a session's room."""

    sio: AsyncServer
    event: str
    namespace: Optional[str]


_live_socket: Optional[LiveSocket] = None


def live_socket() -> Optional[LiveSocket]:
    """The socket.io server of this process (None when the channel is not served)."""
    return _live_socket


def _share_rooms(sio: AsyncServer) -> None:
    """With LOCK_STORE_URL, every server's rooms are reachable from any server (through Redis).

    The manager is swapped before the first connection, when the server initialises it."""
    url = os.environ.get("LOCK_STORE_URL", "").strip()
    if url and not sio.manager_initialized:
        manager = AsyncRedisManager(url)
        manager.set_server(sio)
        sio.manager = manager


class SocketIOChannel(SocketIOInput):
    """``SocketIOInput`` whose Engine.IO server refuses connections from other origins."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's blueprint, with the origin check applied to polling and WebSocket handshakes."""
        global _live_socket
        blueprint = super().blueprint(on_new_message)
        _share_rooms(self.sio)  # type: ignore[arg-type]
        _live_socket = LiveSocket(self.sio, self.bot_message_evt, self.namespace)  # type: ignore[arg-type]
        engine = self.sio.eio  # type: ignore[union-attr]
        origins = allowed_origins()
        engine.cors_allowed_origins = "*" if "*" in origins else origins
        # Sanic-CORS (rasa run --cors) already writes the CORS headers; Engine.IO adding its own
        # would duplicate Access-Control-Allow-Origin and browsers then reject the response.
        engine._cors_headers = lambda environ: []  # noqa: SLF001
        self.sio.on("session_request", self._session_request, namespace=self.namespace)  # type: ignore[union-attr]
        self._trusted = trusted_proxies()

        self._recent_ids: OrderedDict[tuple[str, str], None] = OrderedDict()

        async def user_uttered(sid: str, data: Any) -> Any:
            return await self._user_uttered(sid, data, on_new_message)

        # Replaces Rasa's handler: same events, plus the rate limit, safe text and an apology.
        self.sio.on(self.user_message_evt, user_uttered, namespace=self.namespace)  # type: ignore[union-attr]
        return blueprint

    async def _session_request(self, sid: str, data: Any) -> None:
        """Join the room of the session id the browser keeps (a new one if absent or malformed)."""
        sio = self.sio
        assert sio is not None  # blueprint() sets it before any event can arrive
        session_id = data.get("session_id") if isinstance(data, dict) else None
        if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
            session_id = uuid.uuid4().hex
        if self.session_persistence:
            joined = sio.enter_room(sid, session_id, namespace=self.namespace)
            if inspect.isawaitable(joined):  # a coroutine since python-socketio 5.10
                await joined
        await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

    async def _user_uttered(
        self, sid: str, data: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Any:
        """One visitor message: rate-limited, made safe for NLU, and never left without a reply.

        Returns the acknowledgement's data: ``"duplicate"`` for a message id already received."""
        sio = self.sio
        assert sio is not None
        data = data if isinstance(data, dict) else {}
        session_id = data.get("session_id")
        if self.session_persistence and isinstance(session_id, str) and SESSION_ID.fullmatch(session_id):
            sender_id = session_id
        else:
            sender_id = sid  # no usable session: answer this connection rather than drop the message
        if self._seen(sender_id, data.get("message_id")):
            return "duplicate"
        text = data.get("message")
        text = safe_text(text) if isinstance(text, str) else ""
        output = _CountingOutput(sio, self.bot_message_evt)
        refusal = await check_rate(sender_id, self._address(sid))
        if refusal:
            await output.send_text_message(sender_id, refusal)
            return
        user_message = UserMessage(
            text, output, sender_id, input_channel=self.name(), metadata=_metadata(data.get(self.metadata_key))
        )
        with TurnWatch() as watch:
            try:
                await on_new_message(user_message)
            except Exception:  # noqa: BLE001 - the visitor gets an apology; the text is not logged (personal data)
                logger.exception("The turn of a socket.io message failed.")
                watch.failed_actions.append("turn")
        sorry = await turn_apology(watch.failed_actions, output.sent, self._agent(sid), sender_id)
        if sorry:
            await output.send_text_message(sender_id, sorry)
        return "ok"

    def _seen(self, sender_id: str, message_id: Any) -> bool:
        """Whether this message id was already received from this sender (and remember it)."""
        if not isinstance(message_id, str) or not MESSAGE_ID.fullmatch(message_id):
            return False  # a client without ids (Rasa's own widget): every message is new
        key = (sender_id, message_id)
        if key in self._recent_ids:
            return True
        self._recent_ids[key] = None
        if len(self._recent_ids) > RECENT_MESSAGES:
            self._recent_ids.popitem(last=False)
        return False

    def _agent(self, sid: str) -> Any:
        """The Rasa agent of the server that holds ``sid`` (from its handshake's Sanic request)."""
        environ = self.sio.get_environ(sid, namespace=self.namespace) or {}  # type: ignore[union-attr]
        return rasa_agent(environ.get("sanic.request"))

    def _address(self, sid: str) -> Optional[str]:
        """The public address of the browser behind ``sid``, from its Engine.IO handshake."""
        environ = self.sio.get_environ(sid, namespace=self.namespace) or {}  # type: ignore[union-attr]
        # Engine.IO's Sanic driver writes REMOTE_ADDR as 127.0.0.1 whatever the peer: ask Sanic.
        peer = getattr(environ.get("sanic.request"), "ip", None)
        return counted_address(client_address(peer, environ.get("HTTP_X_FORWARDED_FOR", ""), self._trusted))


class _CountingOutput(SocketIOOutput):
    """Rasa's socket.io output that remembers whether anything was sent in this turn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent = False

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.sent = True
        await super()._send_message(socket_id, response)


def _metadata(value: Any) -> Dict[str, Any]:
    """The message's metadata as a dict (a JSON string is read; anything else is dropped)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}
