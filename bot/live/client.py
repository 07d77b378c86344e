"""The dashboard's client of the Rasa server's live channel (``/webhooks/live/conversations/<id>/...``)."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import aiohttp

TIMEOUT_S = 5.0
UNAVAILABLE = "L'assistant ne répond pas pour le moment\u00a0: réessayez dans un instant."


class LiveUnavailable(Exception):
    """The Rasa server could not be reached or refused the call; ``str()`` is French, for the page.

    ``status`` is the HTTP status (None when unreachable), ``detail`` the server's reason, for logs.
    """

    def __init__(self, status: int | None = None, detail: str = "") -> None:
        super().__init__(UNAVAILABLE)
        self.status = status
        self.detail = detail


class LiveClient:
    """Take, write to and release a conversation on the Rasa server at ``rasa_url``."""

    def __init__(self, rasa_url: str, token: str, *, timeout_s: float = TIMEOUT_S) -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s

    async def take(self, sender_id: str, agent: str) -> bool:
        """Pause the assistant and tell the visitor ``agent`` joined; True if the notice was pushed."""
        return await self._call(sender_id, "take", {"agent": agent})

    async def send(self, sender_id: str, agent: str, text: str) -> bool:
        """Send ``agent``'s message; True if pushed to the visitor (a REST conversation only stores it)."""
        return await self._call(sender_id, "message", {"agent": agent, "text": text})

    async def release(self, sender_id: str, agent: str, contact_form: bool = False) -> bool:
        """Hand the conversation back to the assistant, which opens the contact form if
        ``contact_form``; True if the visitor was told at once."""
        return await self._call(sender_id, "release", {"agent": agent, "form": contact_form})

    async def _call(self, sender_id: str, action: str, payload: dict[str, Any]) -> bool:
        url = f"{self.rasa_url}/webhooks/live/conversations/{quote(sender_id, safe='')}/{action}"
        headers = {"Authorization": f"Bearer {self.token}"}
        timeout = aiohttp.ClientTimeout(total=self.timeout_s)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.post(url, json=payload, headers=headers) as response:
                    if response.status // 100 != 2:  # any answer but a success
                        raise LiveUnavailable(response.status, (await response.text())[:200])
                    answer = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:  # ValueError: not JSON
            raise LiveUnavailable(None, type(error).__name__) from error
        return bool(answer.get("delivered")) if isinstance(answer, dict) else False
