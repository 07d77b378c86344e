"""Erasure and retention on real databases (SQLite and PostgreSQL) and the machine's Redis:
after an erasure no row and no key holds the person's e-mail, phone or name; the purge removes
what is past its retention on a fixed day and keeps the rest."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.leads.models import AuditEntry, Delivery, FollowUp, Lead
from bot.leads.routing import PorteurDirectory
from bot.leads.store import LeadStore
from bot.privacy.conversations import ConversationLog, events, metadata
from bot.privacy.erasure import VISITOR, erase
from bot.privacy.memory import MESSENGER_CHOICES_PREFIX, RATE_PREFIX
from bot.privacy.retention import purge
from tests.channels.redis_server import redis_client
from tests.leads.conftest import NOW, lead_data

EMAIL, PHONE, NAME = "julie.martin@exemple.fr", "+33612345678", "Julie Martin"
REDIS_DB = 11


@pytest.fixture
def log(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[ConversationLog]:
    """Rasa's events table in the test's database; the spool in the test's folder."""
    monkeypatch.setenv("LEADS_SPOOL_DIR", str(tmp_path / "spool"))
    metadata.create_all(engine)
    yield ConversationLog(engine)
    metadata.drop_all(engine)


@pytest.fixture
def redis() -> Iterator[Any]:
    client = redis_client(REDIS_DB)
    client.flushdb()
    yield client
    client.flushdb()


def add_events(engine: Engine, sender: str, at: dt.datetime, *payloads: dict[str, Any]) -> None:
    with engine.begin() as connection:
        for offset, payload in enumerate(payloads):
            data = {"timestamp": at.timestamp() + offset, **payload}
            connection.execute(insert(events).values(
                sender_id=sender, type_name=payload["event"], timestamp=data["timestamp"], data=json.dumps(data)))


def conversation(engine: Engine, sender: str, at: dt.datetime = NOW) -> None:
    """A conversation that left a lead: the lead form's slots, kept after consent."""
    add_events(engine, sender, at,
               {"event": "user", "text": "je veux être rappelée", "parse_data": {"intent": {"name": "request_human"}}},
               {"event": "slot", "name": "contact_name", "value": NAME},
               {"event": "slot", "name": "email", "value": EMAIL},
               {"event": "slot", "name": "phone", "value": PHONE},
               {"event": "bot", "text": f"Merci {NAME}."})


def every_row(engine: Engine) -> str:
    """Every table of the database, as one text (what an inspector would grep)."""
    with engine.connect() as connection:
        tables = ["leads", "lead_deliveries", "lead_followups", "lead_audit", "events"]
        return "\n".join(str(tuple(row)) for table in tables
                         for row in connection.execute(text(f"SELECT * FROM {table}")))


def submit(factory: sessionmaker, porteurs: PorteurDirectory, sender: str, at: dt.datetime = NOW) -> int:
    with factory.begin() as session:
        lead = LeadStore(session, channels=["webhook"], porteurs=porteurs).submit(
            lead_data(email=EMAIL, phone=PHONE, name=NAME, conversation_id=sender), at)
        session.add(FollowUp(lead_id=lead.id, status="contacte", note=f"appeler {NAME}", author="porteur",
                             created_at=at))
        return lead.id


def test_an_operator_erasure_leaves_no_trace_of_the_person(
    factory: sessionmaker, porteurs: PorteurDirectory, engine: Engine, log: ConversationLog, redis: Any
) -> None:
    submit(factory, porteurs, "web-1")
    conversation(engine, "web-1")
    conversation(engine, "messenger-2", NOW + dt.timedelta(days=3))  # came back on Messenger, no lead
    add_events(engine, "someone-else", NOW, {"event": "user", "text": "bonjour"})
    redis.set(MESSENGER_CHOICES_PREFIX + "messenger-2", "[]")
    redis.set(RATE_PREFIX + "web-1", "1")
    redis.set(RATE_PREFIX + "someone-else", "1")
    assert EMAIL in every_row(engine) and NAME in every_row(engine)

    report = erase(author="Camille", now=NOW, email=EMAIL.upper(), leads_factory=factory, log=log, redis=redis)

    assert (report.leads, report.conversations, report.memory_keys) == (1, 2, 2)
    rows = every_row(engine)
    for value in (EMAIL, PHONE, NAME, "0612345678"):
        assert value.lower() not in rows.lower()
    assert not [key for key in redis.scan_iter() if b"web-1" in key or b"messenger-2" in key]
    assert redis.exists(RATE_PREFIX + "someone-else")  # another visitor's keys stay
    with factory() as session:
        assert session.execute(select(func.count()).select_from(Delivery)).scalar_one() == 0
        audit = session.execute(select(AuditEntry)).scalars().one()
        assert (audit.action, audit.author, audit.lead_id is not None) == ("erase", "Camille", True)
    assert log.senders_mentioning(["bonjour"]) == {"someone-else"}


def test_the_chat_erases_its_own_conversation_only(
    factory: sessionmaker, porteurs: PorteurDirectory, engine: Engine, log: ConversationLog
) -> None:
    submit(factory, porteurs, "web-1")
    conversation(engine, "web-1")
    conversation(engine, "other-visit")  # someone typed the same address elsewhere: not erased from here

    report = erase(author=VISITOR, now=NOW, conversation_id="web-1", search_conversations=False,
                   leads_factory=factory, log=log)

    assert (report.leads, report.conversations) == (1, 1) and report.events == 5
    assert log.senders_mentioning([EMAIL]) == {"other-visit"}
    with factory() as session:
        assert session.execute(select(func.count()).select_from(Lead)).scalar_one() == 0
        assert session.execute(select(AuditEntry.author)).scalars().all() == [VISITOR]


def test_a_chat_erasure_without_lead_is_audited_without_personal_data(
    factory: sessionmaker, engine: Engine, log: ConversationLog
) -> None:
    conversation(engine, "web-3")
    report = erase(author=VISITOR, now=NOW, conversation_id="web-3", search_conversations=False,
                   leads_factory=factory, log=log)
    assert (report.leads, report.events) == (0, 5)
    with factory() as session:
        audit = session.execute(select(AuditEntry)).scalars().one()
    assert (audit.action, audit.lead_id, audit.author) == ("erase", None, VISITOR)


def test_the_purge_keeps_what_is_within_its_retention_on_a_fixed_day(
    factory: sessionmaker, porteurs: PorteurDirectory, engine: Engine, log: ConversationLog
) -> None:
    today = dt.datetime(2026, 12, 1, 12, tzinfo=dt.timezone.utc)
    add_events(engine, "idle-91-days", today - dt.timedelta(days=91), {"event": "user", "text": "bonjour"})
    add_events(engine, "idle-89-days", today - dt.timedelta(days=89), {"event": "user", "text": "bonjour"})
    add_events(engine, "came-back", today - dt.timedelta(days=200), {"event": "user", "text": "bonjour"})
    add_events(engine, "came-back", today - dt.timedelta(days=2), {"event": "user", "text": "re-bonjour"})
    submit(factory, porteurs, "lead-4-months", today - dt.timedelta(days=120))
    conversation(engine, "lead-4-months", today - dt.timedelta(days=120))  # follows its lead's retention
    with factory.begin() as session:  # another person's lead, not updated for 13 months
        LeadStore(session, channels=[], porteurs=porteurs).submit(
            lead_data(email="ancien@exemple.fr", conversation_id="lead-13-months"), today - dt.timedelta(days=400))
    add_events(engine, "lead-13-months", today - dt.timedelta(days=400), {"event": "user", "text": "bonjour"})

    report = purge(today, lead_months=12, conversation_days=90, leads_factory=factory, log=log)

    assert (report.leads, report.conversations) == (1, 2)
    with engine.connect() as connection:
        left = set(connection.execute(select(events.c.sender_id).distinct()).scalars())
    assert left == {"idle-89-days", "came-back", "lead-4-months"}
    with factory() as session:
        assert session.execute(select(Lead.conversation_id)).scalars().all() == ["lead-4-months"]


def test_the_dispatcher_runs_the_retention_purge_when_it_starts_not_at_every_run(factory: sessionmaker) -> None:
    import threading

    from bot.leads.handoff.dispatcher import run_forever

    stop, runs = threading.Event(), []

    def daily() -> None:
        runs.append(dt.datetime.now(dt.timezone.utc))
        if len(runs) == 1:
            raise RuntimeError("tracker store down")  # retried an hour later, the dispatch goes on

    dispatches = []
    run_forever(0.01, session_factory=factory, channels={}, stop=stop, daily=daily,
                before_run=lambda: dispatches.append(1) if len(dispatches) < 3 else stop.set())
    assert len(runs) == 1 and len(dispatches) == 3


def test_conversations_stored_before_redaction_are_redacted_once_keeping_what_was_consented(
    engine: Engine, log: ConversationLog
) -> None:
    add_events(engine, "old-lead", NOW,
               {"event": "user", "text": f"écrivez-moi à {EMAIL}", "parse_data": {"text": f"écrivez-moi à {EMAIL}"}},
               {"event": "slot", "name": "email", "value": EMAIL},  # before consent: masked
               {"event": "slot", "name": "consent", "value": "2026-03-02T09:30:00+00:00"},
               {"event": "user", "text": EMAIL},
               {"event": "slot", "name": "email", "value": EMAIL},  # the lead form's, after consent: kept
               {"event": "restart"},
               {"event": "slot", "name": "email", "value": EMAIL})  # after a restart: no consent any more
    add_events(engine, "clean", NOW, {"event": "user", "text": "bonjour"})

    assert log.redact_stored() == 4
    with engine.connect() as connection:
        stored = [json.loads(data) for data in connection.execute(
            select(events.c.data).where(events.c.sender_id == "old-lead").order_by(events.c.id)).scalars()]
    assert [event.get("text", event.get("value")) for event in stored] == [
        "écrivez-moi à [e-mail]", "[e-mail]", "2026-03-02T09:30:00+00:00", "[e-mail]", EMAIL, None, "[e-mail]"]
    assert stored[0]["parse_data"]["text"] == "écrivez-moi à [e-mail]"
    assert log.redact_stored() == 0  # already done: nothing rewritten
