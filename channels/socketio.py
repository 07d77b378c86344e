"""Rasa's socket.io channel, restricted to the configured browser origins, with working sessions.

Rasa's stock channel creates its Socket.IO server with ``cors_allowed_origins=[]``, which turns
Engine.IO's origin check off: any website could then drive the assistant from its visitors'
browsers. This channel turns the check back on with ``CORS_ORIGINS``.

It also fixes session persistence: Rasa 3.6 calls ``sio.enter_room()`` without ``await``; since
python-socketio 5.10 that is a coroutine, so the browser never joined its session's room and
never received an answer.
"""

from __future__ import annotations

import inspect
import re
import uuid
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from channels.origins import allowed_origins

# The session id becomes the conversation's sender id: a random token, nothing else.
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


class SocketIOChannel(SocketIOInput):
    """``SocketIOInput`` whose Engine.IO server refuses connections from other origins."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's blueprint, with the origin check applied to polling and WebSocket handshakes."""
        blueprint = super().blueprint(on_new_message)
        engine = self.sio.eio  # type: ignore[union-attr]
        origins = allowed_origins()
        engine.cors_allowed_origins = "*" if "*" in origins else origins
        # Sanic-CORS (rasa run --cors) already writes the CORS headers; Engine.IO adding its own
        # would duplicate Access-Control-Allow-Origin and browsers then reject the response.
        engine._cors_headers = lambda environ: []  # noqa: SLF001
        self.sio.on("session_request", self._session_request, namespace=self.namespace)  # type: ignore[union-attr]
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
