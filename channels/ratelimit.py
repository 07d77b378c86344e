"""Sliding-window rate limits: past one, the visitor gets a polite French answer at once instead of
queueing behind the lock of their conversation without end.

Two limits hold together: per conversation (``sender``), and per client address, since the
sender id is the client's choice and a flood with a new one for each message would otherwise
never be limited (the address: ``channels.addresses``, TRUSTED_PROXIES).

Counts are kept in Redis when LOCK_STORE_URL is set (several servers then share one count), in
memory otherwise. If Redis fails or is slow (``channels.shared.CALL_TIMEOUT_S``), the message
goes through: the limit protects the service, it must not become a way to break it.
"""

from __future__ import annotations

import os
import time
import uuid
from collections import deque
from typing import Callable, Deque, Dict, List, Optional, Tuple

from bot.formatting import format_number
from bot.privacy.memory import RATE_PREFIX
from channels.messages import message
from channels.shared import RedisUnavailable, SharedRedis, shared_redis

DEFAULT_MESSAGES = 30
DEFAULT_WINDOW_S = 60.0
# Per address, four conversations at full speed: a family or an office behind one address is not
# refused, a script changing its sender id each message is held to 2 messages per second.
DEFAULT_ADDRESS_MESSAGES = 120
_PRUNE_EVERY = 1000  # senders and addresses tracked before idle ones are forgotten

SENDER, ADDRESS = "sender", "address"
# Not under RATE_PREFIX: a sender id is the client's choice and must not name an address's count.
ADDRESS_PREFIX = "vae:rate-address:"
_PREFIXES = {SENDER: RATE_PREFIX, ADDRESS: ADDRESS_PREFIX}
_MESSAGE_KEYS = {SENDER: "rate_limited", ADDRESS: "rate_limited_address"}
Window = Tuple[str, str, int]  # (SENDER or ADDRESS, whom it counts, limit)


def _env_number(name: str, default: float) -> float:
    """A positive number from the environment, ``default`` when unset or not a positive number."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


class RateLimiter:
    """At most ``limit`` accepted messages per sender and ``address_limit`` per client address in
    any ``window_s`` seconds, counted in this process."""

    def __init__(self, limit: int, window_s: float, address_limit: int = DEFAULT_ADDRESS_MESSAGES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self.address_limit = address_limit
        self._clock = clock
        self._seen: Dict[Tuple[str, str], Deque[float]] = {}

    def _windows(self, sender_id: str, address: Optional[str]) -> List[Window]:
        windows = [(SENDER, sender_id, self.limit)]
        if address:
            windows.append((ADDRESS, address, self.address_limit))
        return windows

    async def refused(self, sender_id: str, address: Optional[str] = None) -> Optional[str]:
        """None, with the message counted, when every limit admits it; else the limit that
        refused it (SENDER or ADDRESS), nothing counted: waiting is not made longer by retrying."""
        # No await in here: the loop runs it whole, so no lock is needed.
        now = self._clock()
        admitted = []
        for kind, whom, limit in self._windows(sender_id, address):
            times = self._seen.setdefault((kind, whom), deque())
            while times and times[0] <= now - self.window_s:
                times.popleft()
            if len(times) >= limit:
                return kind
            admitted.append(times)
        for times in admitted:
            times.append(now)
        if len(self._seen) > _PRUNE_EVERY:
            self._prune(now)
        return None

    def _prune(self, now: float) -> None:
        idle = [key for key, times in self._seen.items() if not times or times[-1] <= now - self.window_s]
        for key in idle:
            del self._seen[key]

    def refusal(self, kind: str = SENDER) -> str:
        """The polite French answer for the limit ``kind``, with the configured figures."""
        seconds = self.window_s if not float(self.window_s).is_integer() else int(self.window_s)
        limit = self.address_limit if kind == ADDRESS else self.limit
        return message(_MESSAGE_KEYS[kind], messages=format_number(limit), seconds=format_number(seconds))


# Atomic on the Redis server: every window drops what left it and must admit the message, then
# it is counted in each. KEYS: the windows; ARGV: now, window, member, each window's limit.
# Returns 0 when admitted, else the 1-based index of the window that refused.
_SLIDING_WINDOWS = """
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= tonumber(ARGV[3 + i]) then return i end
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, math.ceil(window * 1000))
end
return 0
"""


class RedisRateLimiter(RateLimiter):
    """The same windows, counted in Redis and so shared by every server."""

    def __init__(self, shared: SharedRedis, limit: int, window_s: float,
                 address_limit: int = DEFAULT_ADDRESS_MESSAGES, clock: Callable[[], float] = time.time) -> None:
        super().__init__(limit, window_s, address_limit, clock)
        self._redis = shared

    async def refused(self, sender_id: str, address: Optional[str] = None) -> Optional[str]:
        windows = self._windows(sender_id, address)
        now = self._clock()
        keys = [_PREFIXES[kind] + whom for kind, whom, _ in windows]
        args = [now, self.window_s, f"{now}:{uuid.uuid4().hex}", *(limit for _, _, limit in windows)]
        try:
            refused = await self._redis.call(
                "the rate limit", lambda client: client.register_script(_SLIDING_WINDOWS)(keys=keys, args=args))
        except RedisUnavailable:
            return None  # fail open (SharedRedis logged it)
        return windows[int(refused) - 1][0] if refused else None


_limiter: Optional[RateLimiter] = None


def limiter() -> RateLimiter:
    """The server's limiter: VAE_RATE_LIMIT_MESSAGES per sender and VAE_RATE_LIMIT_ADDRESS_MESSAGES
    per address, in VAE_RATE_LIMIT_WINDOW_S."""
    global _limiter
    if _limiter is None:
        limit = int(_env_number("VAE_RATE_LIMIT_MESSAGES", DEFAULT_MESSAGES))
        address_limit = int(_env_number("VAE_RATE_LIMIT_ADDRESS_MESSAGES", DEFAULT_ADDRESS_MESSAGES))
        window_s = _env_number("VAE_RATE_LIMIT_WINDOW_S", DEFAULT_WINDOW_S)
        shared = shared_redis()
        _limiter = (RedisRateLimiter(shared, limit, window_s, address_limit) if shared is not None
                    else RateLimiter(limit, window_s, address_limit))
    return _limiter


async def check_rate(sender_id: str, address: Optional[str] = None) -> Optional[str]:
    """``None`` when the message may be processed, else the French answer to send instead.

    Every input channel calls this before handing a message to Rasa; ``address`` is the client's
    public address (``channels.addresses.counted_address``), None where there is none to count.
    """
    current = limiter()
    kind = await current.refused(sender_id, address)
    return None if kind is None else current.refusal(kind)
