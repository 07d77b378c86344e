"""The conversation log: Rasa's SQL tracker store (the ``events`` table), reached without Rasa.

Rasa Open Source can neither delete a conversation nor expire one (rasa#10719); this module does
both on the same table, on SQLite and PostgreSQL, for the erasure and the retention.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, func, inspect, select, update
from sqlalchemy.engine import URL, Engine

from bot.leads.db import make_engine
from bot.privacy.redaction import redact_event

DEFAULT_TRACKER_DB = "var/tracker.db"
DELETE_BATCH = 500  # sender ids per DELETE: well under SQLite's and PostgreSQL's parameter limits
REDACT_BATCH = 500  # events read per transaction by redact_stored

metadata = MetaData()
# Rasa 3.6's SQLTrackerStore table, as far as this project reads and deletes it.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def tracker_url_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The tracker store's SQLAlchemy URL from TRACKER_DIALECT, TRACKER_DB, TRACKER_HOST…"""
    env = os.environ if environ is None else environ
    dialect = env.get("TRACKER_DIALECT", "").strip() or "sqlite"
    database = env.get("TRACKER_DB", "").strip()
    if dialect == "sqlite":
        return f"sqlite:///{database or DEFAULT_TRACKER_DB}"
    port = env.get("TRACKER_PORT", "").strip()
    url = URL.create(
        dialect,
        username=env.get("TRACKER_USER") or None,
        password=env.get("TRACKER_PASSWORD") or None,
        host=env.get("TRACKER_HOST") or None,
        port=int(port) if port.isdigit() else None,
        database=database or None,
    )
    return url.render_as_string(hide_password=False)


@lru_cache(maxsize=4)
def log_from_url(url: str) -> "ConversationLog":
    """One log (and one connection pool) per URL and process."""
    return ConversationLog(make_engine(url))


def log_from_env() -> "ConversationLog":
    """The log of the tracker store configured by TRACKER_*."""
    return log_from_url(tracker_url_from_env())


class ConversationLog:
    """Delete conversations from the ``events`` table; a missing table is an empty log."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def available(self) -> bool:
        """Whether Rasa has created the table yet."""
        with self.engine.connect() as connection:
            return inspect(connection).has_table("events")

    def erase(self, sender_ids: Iterable[str]) -> int:
        """Delete every event of these conversations; return how many events."""
        senders = sorted({sender for sender in sender_ids if sender})
        if not senders or not self.available():
            return 0
        deleted = 0
        with self.engine.begin() as connection:
            for start in range(0, len(senders), DELETE_BATCH):
                batch = senders[start:start + DELETE_BATCH]
                deleted += connection.execute(delete(events).where(events.c.sender_id.in_(batch))).rowcount
        return deleted

    def senders_mentioning(self, values: Iterable[str]) -> set[str]:
        """The conversations whose stored events contain one of ``values`` (any case).

        Events are stored as JSON with non-ASCII characters escaped, so the values are searched
        the same way.
        """
        needles = sorted({json.dumps(value.strip().lower())[1:-1] for value in values if value and value.strip()})
        if not needles or not self.available():
            return set()
        found: set[str] = set()
        with self.engine.connect() as connection:
            for needle in needles:
                statement = select(events.c.sender_id).distinct().where(
                    func.lower(events.c.data).contains(needle, autoescape=True))
                found.update(connection.execute(statement).scalars())
        return found

    def purge(self, before: dt.datetime, keep: Collection[str] = ()) -> tuple[int, int]:
        """Delete the conversations whose last event is older than ``before``, except ``keep``
        (those of stored leads); return (conversations, events) deleted."""
        if not self.available():
            return 0, 0
        stale = (
            select(events.c.sender_id)
            .group_by(events.c.sender_id)
            .having(func.max(events.c.timestamp) < before.timestamp())
        )
        with self.engine.connect() as connection:
            senders = [sender for sender in connection.execute(stale).scalars() if sender not in keep]
        return len(senders), self.erase(senders)

    def redact_stored(self) -> int:
        """Redact the events stored unredacted (before redaction existed); return how many changed.

        Consent is replayed conversation by conversation, as the tracker store saw it: the lead
        form's slots set after a consent are kept. Rows already redacted are left untouched.
        """
        if not self.available():
            return 0
        consented: dict[str, bool] = {}
        changed, last_id = 0, 0
        while True:
            with self.engine.begin() as connection:
                rows = connection.execute(
                    select(events.c.id, events.c.sender_id, events.c.type_name, events.c.data)
                    .where(events.c.id > last_id).order_by(events.c.id).limit(REDACT_BATCH)).all()
                for row in rows:
                    last_id = row.id
                    try:
                        data = json.loads(row.data or "null")
                    except ValueError:
                        continue
                    if not isinstance(data, dict):
                        continue
                    if row.type_name == "restart":
                        consented[row.sender_id] = False
                    redacted = redact_event(data, consented=consented.get(row.sender_id, False))
                    if row.type_name == "slot" and data.get("name") == "consent":
                        consented[row.sender_id] = bool(data.get("value"))
                    if redacted != data:
                        connection.execute(update(events).where(events.c.id == row.id).values(data=json.dumps(redacted)))
                        changed += 1
            if len(rows) < REDACT_BATCH:
                return changed
