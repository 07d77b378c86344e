"""A per-sender sliding-window rate limit: past the limit the visitor gets a polite French
answer at once instead of queueing behind the lock of their conversation without end.

Counts are kept in Redis when LOCK_STORE_URL is set (several servers then share one count per
sender), in memory otherwise. If Redis fails, the message goes through: the limit protects the
service, it must not become a way to break it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections import deque
from typing import Any, Callable, Deque, Dict, Optional

from bot.formatting import format_number
from bot.privacy.memory import RATE_PREFIX
from channels.messages import message
from channels.shared import redis_from_env

DEFAULT_MESSAGES = 30
DEFAULT_WINDOW_S = 60.0
_PRUNE_EVERY = 1000  # senders tracked before idle ones are forgotten
logger = logging.getLogger(__name__)


def _env_number(name: str, default: float) -> float:
    """A positive number from the environment, ``default`` when unset or not a positive number."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


class RateLimiter:
    """At most ``limit`` accepted messages per sender in any ``window_s`` seconds."""

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._seen: Dict[str, Deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, sender_id: str) -> bool:
        """Record the message and say whether it may go on; refused ones are not counted."""
        now = self._clock()
        with self._lock:
            times = self._seen.setdefault(sender_id, deque())
            while times and times[0] <= now - self.window_s:
                times.popleft()
            if len(times) >= self.limit:
                return False
            times.append(now)
            if len(self._seen) > _PRUNE_EVERY:
                self._prune(now)
            return True

    def _prune(self, now: float) -> None:
        idle = [sender for sender, times in self._seen.items() if not times or times[-1] <= now - self.window_s]
        for sender in idle:
            del self._seen[sender]

    def refusal(self) -> str:
        """The polite French answer, with the configured figures."""
        seconds = self.window_s if not float(self.window_s).is_integer() else int(self.window_s)
        return message("rate_limited", messages=format_number(self.limit), seconds=format_number(seconds))


# Atomic on the Redis server: drop what left the window, count, admit if under the limit.
_SLIDING_WINDOW = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) * 1000))
return 1
"""


class RedisRateLimiter(RateLimiter):
    """The same window, counted in Redis and so shared by every server."""

    def __init__(self, client: Any, limit: int, window_s: float, clock: Callable[[], float] = time.time) -> None:
        super().__init__(limit, window_s, clock)
        self._client = client
        self._script = client.register_script(_SLIDING_WINDOW)

    def allow(self, sender_id: str) -> bool:
        now = self._clock()
        try:
            admitted = self._script(keys=[RATE_PREFIX + sender_id],
                                    args=[now, self.window_s, self.limit, f"{now}:{uuid.uuid4().hex}"])
        except Exception as error:  # noqa: BLE001 - any Redis failure: let the message through
            logger.warning("rate limit not applied, Redis failed: %s", type(error).__name__)
            return True
        return bool(admitted)


_limiter: Optional[RateLimiter] = None


def limiter() -> RateLimiter:
    """The server's limiter, set by VAE_RATE_LIMIT_MESSAGES per VAE_RATE_LIMIT_WINDOW_S."""
    global _limiter
    if _limiter is None:
        limit = int(_env_number("VAE_RATE_LIMIT_MESSAGES", DEFAULT_MESSAGES))
        window_s = _env_number("VAE_RATE_LIMIT_WINDOW_S", DEFAULT_WINDOW_S)
        client = redis_from_env()
        _limiter = RedisRateLimiter(client, limit, window_s) if client is not None else RateLimiter(limit, window_s)
    return _limiter


def check_rate(sender_id: str) -> Optional[str]:
    """``None`` when the message may be processed, else the French answer to send instead.

    Every input channel (REST, socket.io, Messenger) calls this before handing a message to Rasa.
    """
    current = limiter()
    return None if current.allow(sender_id) else current.refusal()
