"""A per-sender sliding-window rate limit: past the limit the visitor gets a polite French
answer at once instead of queueing behind the lock of their conversation without end.

Counts are kept in memory, per server: behind a load balancer that alternates servers a sender
may get up to ``servers × limit`` messages through, which is enough to stop a flood.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from typing import Callable, Deque, Dict, Optional

from bot.formatting import format_number
from channels.messages import message

DEFAULT_MESSAGES = 30
DEFAULT_WINDOW_S = 60.0
_PRUNE_EVERY = 1000  # senders tracked before idle ones are forgotten


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


_limiter: Optional[RateLimiter] = None


def limiter() -> RateLimiter:
    """The server's limiter, set by VAE_RATE_LIMIT_MESSAGES per VAE_RATE_LIMIT_WINDOW_S."""
    global _limiter
    if _limiter is None:
        _limiter = RateLimiter(
            int(_env_number("VAE_RATE_LIMIT_MESSAGES", DEFAULT_MESSAGES)),
            _env_number("VAE_RATE_LIMIT_WINDOW_S", DEFAULT_WINDOW_S),
        )
    return _limiter


def check_rate(sender_id: str) -> Optional[str]:
    """``None`` when the message may be processed, else the French answer to send instead.

    Every input channel (REST, socket.io, Messenger) calls this before handing a message to Rasa.
    """
    current = limiter()
    return None if current.allow(sender_id) else current.refusal()
