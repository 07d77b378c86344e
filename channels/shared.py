"""What a channel must remember across webhook calls, shared by every server.

Behind a load balancer, Facebook's redelivery of a message, or the « 3 » that picks the third
choice, may reach another server than the first. So these live in Redis when LOCK_STORE_URL is
set (the Redis that holds Rasa's locks and the rate limit), in the process otherwise. If Redis
fails, the process's own memory takes over: a message is never lost for it.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from typing import Any, Optional

from bot.privacy.memory import MESSENGER_CHOICES_PREFIX, MESSENGER_PREFIX, redis_from_env

logger = logging.getLogger(__name__)

REMEMBERED_S = 24 * 3600  # Facebook stops redelivering long before
REMEMBERED_LOCALLY = 10_000  # ids, and users' choices, kept in the process
__all__ = ["ChannelMemory", "redis_from_env"]


class _Recent(OrderedDict):
    """A dict that forgets its oldest entries beyond REMEMBERED_LOCALLY."""

    def put(self, key: str, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > REMEMBERED_LOCALLY:
            self.popitem(last=False)


class ChannelMemory:
    """Message ids already taken and the choices last shown to each user."""

    def __init__(self, client: Optional[Any] = None) -> None:
        self._client = client
        self._mids = _Recent()
        self._choices = _Recent()

    @classmethod
    def from_env(cls) -> "ChannelMemory":
        return cls(redis_from_env())

    def first_delivery(self, mid: Optional[str]) -> bool:
        """True the first time ``mid`` is seen by any server; an event without id always is."""
        if mid is None:
            return True
        if self._client is not None:
            try:
                return bool(self._client.set(f"{MESSENGER_PREFIX}mid:{mid}", 1, nx=True, ex=REMEMBERED_S))
            except Exception as error:  # noqa: BLE001 - any Redis failure: this process decides
                logger.warning("Messenger ids kept in this process only, Redis failed: %s", type(error).__name__)
        if mid in self._mids:
            return False
        self._mids.put(mid, None)
        return True

    def remember_choices(self, user: str, choices: list[dict[str, Any]]) -> None:
        self._choices.put(user, list(choices))
        if self._client is not None:
            try:
                self._client.set(f"{MESSENGER_CHOICES_PREFIX}{user}", json.dumps(choices), ex=REMEMBERED_S)
            except Exception as error:  # noqa: BLE001
                logger.warning("Messenger choices kept in this process only, Redis failed: %s",
                               type(error).__name__)

    def choices(self, user: str) -> list[dict[str, Any]]:
        """The buttons last shown to ``user`` (by any server), or []."""
        if self._client is not None:
            try:
                stored = self._client.get(f"{MESSENGER_CHOICES_PREFIX}{user}")
                return json.loads(stored) if stored else []
            except Exception as error:  # noqa: BLE001
                logger.warning("Messenger choices read from this process, Redis failed: %s", type(error).__name__)
        return list(self._choices.get(user, []))
