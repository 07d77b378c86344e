"""What the servers keep about a conversation in Redis, by key, and how to forget it.

Every key that names a conversation is listed here, so that an erasure cannot miss one; the
channels build their keys from these prefixes.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Iterable, Optional

logger = logging.getLogger(__name__)

REDIS_TIMEOUT_S = 2
MESSENGER_PREFIX = "vae:messenger:"
MESSENGER_CHOICES_PREFIX = MESSENGER_PREFIX + "choices:"  # the buttons last shown to a Messenger user
RATE_PREFIX = "vae:rate:"  # the times of a sender's latest messages (rate limit)
RASA_LOCK_PREFIX = "lock:"  # Rasa's lock store: a conversation's ticket lock while a message is handled
SENDER_KEY_PREFIXES = (MESSENGER_CHOICES_PREFIX, RATE_PREFIX, RASA_LOCK_PREFIX)


def redis_from_env() -> Optional[Any]:
    """A client for LOCK_STORE_URL's Redis, or None when unset (single server)."""
    url = os.environ.get("LOCK_STORE_URL", "").strip()
    if not url:
        return None
    import redis

    return redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_S, socket_connect_timeout=REDIS_TIMEOUT_S)


def sender_keys(sender_ids: Iterable[str]) -> list[str]:
    """Every Redis key that can name these conversations."""
    return [prefix + sender for sender in sorted(set(sender_ids)) if sender for prefix in SENDER_KEY_PREFIXES]


def forget(sender_ids: Iterable[str], client: Optional[Any] = None) -> int:
    """Delete these conversations' Redis keys; return how many existed.

    Raises:
        redis.RedisError: Redis is configured but failed (the erasure must not claim success).
    """
    client = client if client is not None else redis_from_env()
    keys = sender_keys(sender_ids)
    if client is None or not keys:
        return 0
    return int(client.delete(*keys))
