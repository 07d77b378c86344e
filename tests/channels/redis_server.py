"""The machine's Redis (127.0.0.1:6379) for the tests that share state through it."""

from __future__ import annotations

import os
from typing import Any

import pytest


def redis_client(db: int) -> Any:
    """A client on database ``db``; skipped without Redis, failed under CI=true."""
    import redis

    client = redis.Redis.from_url(f"redis://127.0.0.1:6379/{db}", socket_timeout=5, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis must run on 127.0.0.1:6379 under CI")
        pytest.skip("no Redis on 127.0.0.1:6379")
    return client
