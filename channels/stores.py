"""Tracker and lock stores configured from the environment (see README, « Settings »).

Rasa expands ``${VAR}`` in endpoints.yml and fails on an unset variable, so defaults could
not live there: these classes read the shared variables themselves and fall back to the
single-machine setup (SQLite tracker, in-memory lock).
"""

from __future__ import annotations

import os
from typing import Any, Optional
from urllib.parse import unquote, urlsplit

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore

DEFAULT_TRACKER_DB = "var/tracker.db"


def tracker_settings(env: Optional[dict[str, str]] = None) -> dict[str, Any]:
    """SQLTrackerStore's arguments from TRACKER_*; SQLite needs no host (Rasa builds ``sqlite:///db``)."""
    env = os.environ if env is None else env
    dialect = env.get("TRACKER_DIALECT") or "sqlite"
    settings: dict[str, Any] = {"dialect": dialect, "db": env.get("TRACKER_DB") or DEFAULT_TRACKER_DB}
    if dialect != "sqlite":
        settings.update(
            host=env.get("TRACKER_HOST") or "127.0.0.1",
            port=int(env["TRACKER_PORT"]) if env.get("TRACKER_PORT") else None,
            username=env.get("TRACKER_USER") or None,
            password=env.get("TRACKER_PASSWORD") or None,
        )
    return settings


class EnvSQLTrackerStore(SQLTrackerStore):
    """The SQL tracker store (SQLite by default, PostgreSQL in production) set by TRACKER_*."""

    def __init__(self, domain: Any = None, event_broker: Any = None, **_: Any) -> None:
        settings = tracker_settings()
        if settings["dialect"] == "sqlite":
            os.makedirs(os.path.dirname(os.path.abspath(settings["db"])), exist_ok=True)
        super().__init__(domain=domain, event_broker=event_broker, **settings)


def redis_lock_settings(url: str) -> dict[str, Any]:
    """``redis://[:password@]host[:port][/db]`` → RedisLockStore's arguments."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise ValueError(f"LOCK_STORE_URL must start with redis:// or rediss://, not {parts.scheme!r}")
    db = parts.path.strip("/")
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 6379,
        "db": int(db) if db else 1,
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "use_ssl": parts.scheme == "rediss",
    }


class EnvLockStore(LockStore):
    """Redis when LOCK_STORE_URL is set (needed once several Rasa servers share conversations),
    in memory otherwise.

    Rasa instantiates ``type:`` classes itself; ``__new__`` hands back the right store so
    that Rasa's own, tested implementations do the locking.
    """

    def __new__(cls, endpoint_config: Any = None) -> LockStore:  # type: ignore[misc]
        url = os.environ.get("LOCK_STORE_URL", "").strip()
        if not url:
            return InMemoryLockStore()
        return RedisLockStore(**redis_lock_settings(url))
