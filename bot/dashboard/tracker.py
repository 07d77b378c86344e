"""Figures and transcripts read from Rasa's SQL tracker store (the ``events`` table), without Rasa.

The URL follows the project's TRACKER_* contract. Until Rasa has created the table (no
conversation yet), every figure is zero and every transcript empty.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, case, cast, distinct, func, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement

from bot.dashboard.topics import CHECK_ACTIONS, NOT_UNDERSTOOD_INTENTS, TOPIC_LABELS
from bot.privacy.conversations import DEFAULT_TRACKER_DB, events, metadata, tracker_url_from_env
from bot.privacy.redaction import redact_text

__all__ = ["DEFAULT_TRACKER_DB", "TrackerReader", "events", "metadata", "read_only_url", "tracker_url_from_env"]
DAY_S = 86_400
TRANSCRIPT_MAX_EVENTS = 1_000
SLOT_EVENTS = ("slot", "restart", "reset_slots")  # the events that set or forget slots


def read_only_url(url: str) -> str:
    """A SQLite file is opened read-only (its figures never write Rasa's store; erasure has its own engine)."""
    if url.startswith("sqlite:///") and ":memory:" not in url and "?" not in url:
        path = Path(url[len("sqlite:///"):]).resolve()
        return f"sqlite:///file:{path}?mode=ro&uri=true"
    return url


@dataclass(frozen=True)
class DayActivity:
    """One UTC day: conversations, visitor messages, and how many were not understood."""

    day: dt.date
    conversations: int
    messages: int
    not_understood: int


@dataclass(frozen=True)
class Message:
    """One line of a transcript or of the not-understood list."""

    at: dt.datetime
    author: str  # "user", "bot", or "agent" (a person of the porteur's team, issue 17)
    text: str
    intent: str | None = None
    sender_id: str | None = None
    agent: str | None = None  # the person's display name (« Marie ») when author is "agent"
    id: int | None = None  # the event's id: where the live page's polling resumes

    @property
    def who(self) -> str:
        """« Visiteur », « Assistant » or « Marie (équipe) »."""
        if self.author == "user":
            return "Visiteur"
        if self.author == "agent":
            return f"{self.agent} (équipe)"
        return "Assistant"


class TrackerReader:
    """Figures and transcripts from the ``events`` table."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def available(self) -> bool:
        """Whether the table exists (Rasa creates it on its first start); an unreachable store counts as absent."""
        if self.engine.dialect.name == "sqlite" and not _sqlite_file_exists(self.engine):
            return False
        with self.engine.connect() as connection:
            return inspect(connection).has_table("events")

    def days(self, start: dt.datetime, end: dt.datetime) -> list[DayActivity]:
        """Per UTC day with messages in [start, end): conversations, messages, not understood."""
        if not self.available():
            return []
        day = self._day_number(events.c.timestamp).label("day")
        missed = func.sum(case((events.c.intent_name.in_(NOT_UNDERSTOOD_INTENTS), 1), else_=0))
        statement = (
            select(day, func.count(distinct(events.c.sender_id)), func.count(), missed)
            .where(events.c.type_name == "user", *self._between(start, end))
            .group_by(day)
            .order_by(day)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(statement).all()
        return [
            DayActivity(_date_of(int(number)), int(talks), int(messages), int(missed or 0))
            for number, talks, messages, missed in rows
        ]

    def funnel(self, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
        """(conversations with a visitor message, conversations given a personalised check) in [start, end)."""
        if not self.available():
            return 0, 0
        talks = select(func.count(distinct(events.c.sender_id))).where(
            events.c.type_name == "user", *self._between(start, end)
        )
        checks = select(func.count(distinct(events.c.sender_id))).where(
            events.c.type_name == "action", events.c.action_name.in_(CHECK_ACTIONS), *self._between(start, end)
        )
        with self.engine.connect() as connection:
            return int(connection.execute(talks).scalar_one()), int(connection.execute(checks).scalar_one())

    def topics(self, start: dt.datetime, end: dt.datetime, limit: int = 10) -> list[tuple[str, int]]:
        """The most frequent question intents in [start, end), as (intent, messages)."""
        if not self.available():
            return []
        count = func.count().label("n")
        statement = (
            select(events.c.intent_name, count)
            .where(
                events.c.type_name == "user",
                events.c.intent_name.in_(list(TOPIC_LABELS)),
                *self._between(start, end),
            )
            .group_by(events.c.intent_name)
            .order_by(count.desc(), events.c.intent_name)
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [(intent, int(n)) for intent, n in connection.execute(statement).all()]

    def not_understood(self, limit: int = 50) -> list[Message]:
        """The latest visitor messages classified nlu_fallback or out_of_scope, newest first."""
        if not self.available():
            return []
        statement = (
            select(events.c.timestamp, events.c.sender_id, events.c.intent_name, events.c.data)
            .where(events.c.type_name == "user", events.c.intent_name.in_(NOT_UNDERSTOOD_INTENTS))
            .order_by(events.c.timestamp.desc(), events.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(statement).all()
        return [
            Message(_instant(stamp), "user", _text_of(data), intent=intent, sender_id=sender)
            for stamp, sender, intent, data in rows
        ]

    def transcript(self, sender_id: str) -> list[Message]:
        """The visitor's, the assistant's and the team's messages of one conversation, in order."""
        return self.events_after(sender_id, 0)

    def events_after(self, sender_id: str, after_id: int, limit: int = TRANSCRIPT_MAX_EVENTS) -> list[Message]:
        """The messages of one conversation whose event id is above ``after_id``, in order, with their ids."""
        if not sender_id or not self.available():
            return []
        statement = (
            select(events.c.id, events.c.timestamp, events.c.type_name, events.c.intent_name, events.c.data)
            .where(events.c.sender_id == sender_id, events.c.type_name.in_(("user", "bot")), events.c.id > after_id)
            .order_by(events.c.id)
            .limit(limit)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(statement).all()
        return [_message(event_id, stamp, kind, intent, data) for event_id, stamp, kind, intent, data in rows]

    def slots(self, sender_id: str) -> dict[str, Any]:
        """The conversation's latest slot values (``None`` values left out), as Rasa's events set them."""
        if not sender_id or not self.available():
            return {}
        statement = (
            select(events.c.type_name, events.c.data)
            .where(events.c.sender_id == sender_id, events.c.type_name.in_(SLOT_EVENTS))
            .order_by(events.c.id)
        )
        values: dict[str, Any] = {}
        with self.engine.connect() as connection:
            for kind, data in connection.execute(statement):
                if kind != "slot":  # a restart or a reset forgets every slot set before it
                    values.clear()
                    continue
                event = _json_of(data)
                if isinstance(event.get("name"), str):
                    values[event["name"]] = event.get("value")
        return {name: value for name, value in values.items() if value is not None}

    def last_check(self, sender_id: str) -> Message | None:
        """The assistant's answer to the latest personalised check (its messages joined), if any."""
        if not sender_id or not self.available():
            return None
        with self.engine.connect() as connection:
            check_id = connection.execute(
                select(func.max(events.c.id)).where(
                    events.c.sender_id == sender_id, events.c.type_name == "action",
                    events.c.action_name.in_(CHECK_ACTIONS),
                )
            ).scalar_one()
            if check_id is None:
                return None
            rows = connection.execute(
                select(events.c.id, events.c.timestamp, events.c.type_name, events.c.data)
                .where(events.c.sender_id == sender_id, events.c.id > check_id,
                       events.c.type_name.in_(("bot", "user", "action")))
                .order_by(events.c.id)
                .limit(TRANSCRIPT_MAX_EVENTS)
            ).all()
        said = []
        for event_id, stamp, kind, data in rows:
            if kind != "bot":  # the check's own messages end at the next action or visitor message
                break
            said.append(_message(event_id, stamp, kind, None, data))
        if not said:
            return None
        return Message(said[0].at, "bot", "\n".join(message.text for message in said), id=said[-1].id)

    def _between(self, start: dt.datetime, end: dt.datetime) -> list[ColumnElement]:
        return [events.c.timestamp >= start.timestamp(), events.c.timestamp < end.timestamp()]

    def _day_number(self, stamp: ColumnElement) -> ColumnElement:
        """Days since 1970-01-01 UTC; SQLite's cast truncates, PostgreSQL's rounds, hence floor there."""
        if self.engine.dialect.name == "sqlite":
            return cast(stamp / DAY_S, Integer)
        return cast(func.floor(stamp / DAY_S), Integer)


def _sqlite_file_exists(engine: Engine) -> bool:
    database = engine.url.database or ""
    if database.startswith("file:"):
        database = database[len("file:"):]
    return database in ("", ":memory:") or Path(database).exists()


def _date_of(day_number: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=day_number)


def _instant(stamp: float | None) -> dt.datetime:
    return dt.datetime.fromtimestamp(stamp or 0, tz=dt.timezone.utc)


def _message(event_id: int, stamp: float | None, kind: str, intent: str | None, data: str | None) -> Message:
    """A transcript line; a bot message with ``metadata.agent`` was typed by a person of the team."""
    agent = None
    if kind == "bot":
        metadata_ = _json_of(data).get("metadata")
        name = metadata_.get("agent") if isinstance(metadata_, dict) else None
        agent = name if isinstance(name, str) and name.strip() else None
    author = "agent" if agent else kind
    return Message(_instant(stamp), author, _text_of(data), intent=intent if kind == "user" else None,
                   agent=agent, id=event_id)


def _json_of(data: str | None) -> dict[str, Any]:
    """An event's JSON object; an unreadable event reads as empty, not as an error."""
    try:
        value: Any = json.loads(data or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _text_of(data: str | None) -> str:
    """The message text in an event's JSON; an unreadable event shows as empty, not as an error."""
    text = _json_of(data).get("text")
    # Stored messages are redacted already; those stored before redaction existed are masked here.
    return redact_text(text) if isinstance(text, str) else ""
