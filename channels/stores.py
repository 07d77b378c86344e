"""Tracker and lock stores configured from the environment (see README, « Settings »).

Rasa expands ``${VAR}`` in endpoints.yml and fails on an unset variable, so defaults could
not live there: these classes read the shared variables themselves and fall back to the
single-machine setup (SQLite tracker, in-memory lock).
"""

from __future__ import annotations

import itertools
import json
import os
from typing import Any, Optional
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Restarted, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from bot.privacy import ERASE_ACTION
from bot.privacy.redaction import redact_event

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
    """The SQL tracker store (SQLite by default, PostgreSQL in production) set by TRACKER_*.

    Same table and same rows as Rasa's, read and written with two plain statements per message:
    Rasa's ORM queries (built, cache-keyed and compiled each time, one object per event) and a new
    SQLite connection per query were a fifth of the Rasa server's CPU under load.
    """

    def __init__(self, domain: Any = None, event_broker: Any = None, **_: Any) -> None:
        settings = tracker_settings()
        if settings["dialect"] == "sqlite":
            os.makedirs(os.path.dirname(os.path.abspath(settings["db"])), exist_ok=True)
        super().__init__(domain=domain, event_broker=event_broker, **settings)
        if self.engine.dialect.name == "sqlite":
            # SQLAlchemy 1.4 opens a file database anew for every session; one pooled connection
            # is reused instead (the event loop's thread is the only user).
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, poolclass=QueuePool, pool_size=1, max_overflow=4,
                                           connect_args={"check_same_thread": False})
            self.sessionmaker = sessionmaker(bind=self.engine)
        table = self.SQLEvent.__table__
        # The events of the latest session, as Rasa's _event_query selects them.
        latest_session = (
            f"FROM {table.name} WHERE sender_id = :sender_id AND ("
            f"(SELECT MAX(timestamp) FROM {table.name}"
            f" WHERE sender_id = :sender_id AND type_name = :session_started) IS NULL"
            f" OR timestamp >= (SELECT MAX(timestamp) FROM {table.name}"
            f" WHERE sender_id = :sender_id AND type_name = :session_started))")
        self._latest_session = sa.text(f"SELECT data {latest_session} ORDER BY id")
        self._latest_session_count = sa.text(f"SELECT COUNT(*) {latest_session}")
        self._insert = table.insert()
        self._delete_conversation = sa.text(f"DELETE FROM {table.name} WHERE sender_id = :sender_id")

    def _session_params(self, sender_id: str) -> dict[str, Any]:
        return {"sender_id": sender_id, "session_started": SessionStarted.type_name}

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """The tracker of the sender's latest conversation session, or None."""
        with self.engine.connect() as connection:
            rows = connection.execute(self._latest_session, self._session_params(sender_id)).all()
        if not self.domain or not rows:
            return None
        return DialogueStateTracker.from_dict(sender_id, [json.loads(data) for (data,) in rows], self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the tracker's events that are not stored yet, in one transaction, with the
        visitor's contact details redacted (the lead form's answers after consent excepted).

        After « supprimer mes données » (the erase action, then a restart), the conversation's
        stored events are deleted and only those from the restart on are stored.
        """
        await self.stream_events(tracker)
        consented = bool(tracker.get_slot("consent"))
        params = self._session_params(tracker.sender_id)
        with self.engine.begin() as connection:
            stored = connection.execute(self._latest_session_count, params).scalar()
            new_events = list(itertools.islice(tracker.events, stored, None))
            restart = _restart_after_erasure(new_events)
            if restart is not None:
                connection.execute(self._delete_conversation, params)
                new_events = new_events[restart:]
            rows = []
            for event in new_events:
                data = redact_event(event.as_dict(), consented=consented)
                rows.append({
                    "sender_id": tracker.sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                })
            if rows:
                connection.execute(self._insert, rows)


def _restart_after_erasure(events: list[Any]) -> Optional[int]:
    """The index of the restart that follows the erase action among ``events``, if any (the last).

    Rasa saves a tracker once per message: the erase action's run is always among the new events.
    """
    erased = False
    found = None
    for index, event in enumerate(events):
        if isinstance(event, ActionExecuted) and event.action_name == ERASE_ACTION:
            erased = True
        elif erased and isinstance(event, Restarted):
            found, erased = index, False
    return found


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
