"""What a channel must remember across webhook calls, shared by every server, and the Redis that
Sanic's async handlers talk to.

Behind a load balancer, Facebook's redelivery of a message, or the « 3 » that picks the third
choice, may reach another server than the first. So these live in Redis when LOCK_STORE_URL is
set (the Redis that holds Rasa's locks and the rate limit), in the process otherwise. If Redis
fails, the process's own memory takes over: a message is never lost for it.

Redis is reached with ``redis.asyncio`` and every call is bounded by ``CALL_TIMEOUT_S``: a
synchronous client blocked the event loop, so a slow Redis stalled every conversation of the
server, not only the message that needed it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Optional, TypeVar

import redis.asyncio

from bot.privacy.memory import MESSENGER_CHOICES_PREFIX, MESSENGER_PREFIX

logger = logging.getLogger(__name__)

# Redis answers in about a millisecond on a LAN; 200 ms is two hundred times that, yet it is all
# a sick Redis can add to one message (a turn takes 30 ms at p50, 1 s under full load).
CALL_TIMEOUT_S = 0.2
# After a failure, Redis is left alone this long: a dead or slow Redis then costs nothing per
# message instead of CALL_TIMEOUT_S each, and the log says it once per outage.
RETRY_AFTER_S = 5.0
REMEMBERED_S = 24 * 3600  # Facebook stops redelivering long before
REMEMBERED_LOCALLY = 10_000  # ids, and users' choices, kept in the process
T = TypeVar("T")


class RedisUnavailable(Exception):
    """Redis failed, did not answer within the bound, or is being left alone after a failure."""


class SharedRedis:
    """LOCK_STORE_URL's Redis for async handlers: bounded calls that fail fast, logged once."""

    def __init__(self, url: str, timeout_s: float = CALL_TIMEOUT_S, retry_after_s: float = RETRY_AFTER_S) -> None:
        self.url = url
        self.timeout_s = timeout_s
        self.retry_after_s = retry_after_s
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._client: Optional[redis.asyncio.Redis] = None
        self._down_until = 0.0
        self._failing = False

    def client(self) -> "redis.asyncio.Redis":
        """The running loop's client: asyncio connections cannot move to another loop (tests run
        several loops; the server runs one)."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._loop = loop
            self._client = redis.asyncio.Redis.from_url(
                self.url, socket_timeout=self.timeout_s, socket_connect_timeout=self.timeout_s)
        return self._client

    async def call(self, what: str, command: Callable[["redis.asyncio.Redis"], Awaitable[T]]) -> T:
        """``command(client)``'s result within ``timeout_s``, else RedisUnavailable (``what`` names
        the caller in the log)."""
        if time.monotonic() < self._down_until:
            raise RedisUnavailable(what)
        try:
            # wait_for bounds the whole call (connection, retries, script loading); redis-py
            # closes a connection cancelled mid-reply, so no late answer is read by the next call.
            result = await asyncio.wait_for(command(self.client()), self.timeout_s)
        except Exception as error:  # noqa: BLE001 - timeout, refused, auth: all mean « do without »
            self._down_until = time.monotonic() + self.retry_after_s
            if not self._failing:
                self._failing = True
                logger.warning("Redis failed (%s) for %s: done without it, retried every %s s until it answers.",
                               type(error).__name__, what, self.retry_after_s)
            raise RedisUnavailable(what) from error
        if self._failing:
            self._failing = False
            logger.warning("Redis answers again.")
        return result

    async def close(self) -> None:
        """Close the running loop's connections (tests; a server's end closes them anyway)."""
        if self._client is not None and self._loop is asyncio.get_running_loop():
            await self._client.close(close_connection_pool=True)
        self._client = None


_shared: Optional[SharedRedis] = None


def shared_redis() -> Optional[SharedRedis]:
    """The server's SharedRedis for LOCK_STORE_URL, or None when unset (single server)."""
    global _shared
    url = os.environ.get("LOCK_STORE_URL", "").strip()
    if not url:
        return None
    if _shared is None or _shared.url != url:
        _shared = SharedRedis(url)
    return _shared


class _Recent(OrderedDict):
    """A dict that forgets its oldest entries beyond REMEMBERED_LOCALLY."""

    def put(self, key: str, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > REMEMBERED_LOCALLY:
            self.popitem(last=False)


class ChannelMemory:
    """Message ids already taken and the choices last shown to each user."""

    def __init__(self, shared: Optional[SharedRedis] = None) -> None:
        self._redis = shared
        self._mids = _Recent()
        self._choices = _Recent()

    @classmethod
    def from_env(cls) -> "ChannelMemory":
        return cls(shared_redis())

    async def first_delivery(self, mid: Optional[str]) -> bool:
        """True the first time ``mid`` is seen by any server; an event without id always is."""
        if mid is None:
            return True
        if self._redis is not None:
            key = f"{MESSENGER_PREFIX}mid:{mid}"
            try:
                return bool(await self._redis.call(
                    "Messenger ids", lambda client: client.set(key, 1, nx=True, ex=REMEMBERED_S)))
            except RedisUnavailable:
                pass  # this process decides
        if mid in self._mids:
            return False
        self._mids.put(mid, None)
        return True

    async def remember_choices(self, user: str, choices: list[dict[str, Any]]) -> None:
        self._choices.put(user, list(choices))
        if self._redis is not None:
            key, value = f"{MESSENGER_CHOICES_PREFIX}{user}", json.dumps(choices)
            try:
                await self._redis.call("Messenger choices", lambda client: client.set(key, value, ex=REMEMBERED_S))
            except RedisUnavailable:
                pass  # kept in this process only

    async def choices(self, user: str) -> list[dict[str, Any]]:
        """The buttons last shown to ``user`` (by any server), or []."""
        if self._redis is not None:
            key = f"{MESSENGER_CHOICES_PREFIX}{user}"
            try:
                stored = await self._redis.call("Messenger choices", lambda client: client.get(key))
                return json.loads(stored) if stored else []
            except RedisUnavailable:
                pass  # read from this process
        return list(self._choices.get(user, []))
