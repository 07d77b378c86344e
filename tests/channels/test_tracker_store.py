"""Our tracker store's plain statements store and read exactly what Rasa's SQLTrackerStore does,
on SQLite and on PostgreSQL, across conversation sessions."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActiveLoop, BotUttered, Event, Restarted, SessionStarted, SlotSet, UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from channels.stores import EnvSQLTrackerStore, tracker_settings
from tests.leads.conftest import postgres_url  # noqa: F401  (fixture)

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, check_candidate_eligibility]
slots:
  age:
    type: float
    influence_conversation: false
    mappings: [{type: custom}]
  consent:
    type: any
    influence_conversation: false
    mappings: [{type: custom}]
  email:
    type: any
    influence_conversation: false
    mappings: [{type: custom}]
""")


def turns() -> list[list[Event]]:
    """The events each turn adds to the tracker the server read; the third starts a new session."""
    return [
        [ActionExecuted("action_session_start", timestamp=1000.0), SessionStarted(timestamp=1001.0),
         ActionExecuted("action_listen", timestamp=1002.0),
         UserUttered("Bonjour", {"name": "greet", "confidence": 0.9}, timestamp=1003.0)],
        [BotUttered("Bonjour ! Que puis-je pour vous ?", timestamp=1004.0),
         ActionExecuted("action_listen", timestamp=1005.0),
         UserUttered("J’ai 30 ans, suis-je éligible ?", {"name": "check_candidate_eligibility", "confidence": 0.8},
                     timestamp=1006.0),
         ActiveLoop("candidate_eligibility_form", timestamp=1007.0), SlotSet("age", 30, timestamp=1008.0)],
        [ActionExecuted("action_session_start", timestamp=9000.0), SessionStarted(timestamp=9001.0),
         SlotSet("age", 30, timestamp=9002.0), ActionExecuted("action_listen", timestamp=9003.0)],
        [UserUttered("Merci", {"name": "greet", "confidence": 0.7}, timestamp=9004.0)],
    ]


def stored_rows(store: SQLTrackerStore, sender: str) -> list[tuple]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(
            "SELECT type_name, timestamp, intent_name, action_name, data FROM events "
            "WHERE sender_id = :sender ORDER BY id"), {"sender": sender})]


def run_conversation(store: SQLTrackerStore, sender: str) -> list[tuple]:
    """Turn after turn as the server does (read, add, save); what is read back after each."""
    read_back = []
    for new_events in turns():
        tracker = asyncio.run(store.retrieve(sender)) or DialogueStateTracker(sender, DOMAIN.slots)
        for event in new_events:
            tracker.update(event)
        asyncio.run(store.save(tracker))
        retrieved = asyncio.run(store.retrieve(sender))
        read_back.append(([event.as_dict() for event in retrieved.events], retrieved.current_slot_values()))
    return read_back


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_env(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """TRACKER_* for a new SQLite file or a new PostgreSQL database (dropped afterwards)."""
    if request.param == "sqlite":
        monkeypatch.delenv("TRACKER_DIALECT", raising=False)
        monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
        yield "sqlite"
        return
    url = make_url(request.getfixturevalue("postgres_url"))
    name = f"vae_tracker_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    for key, value in {"TRACKER_DIALECT": "postgresql", "TRACKER_DB": name, "TRACKER_HOST": url.host or "127.0.0.1",
                       "TRACKER_PORT": str(url.port or 5432), "TRACKER_USER": url.username or "",
                       "TRACKER_PASSWORD": url.password or ""}.items():
        monkeypatch.setenv(key, value)
    try:
        yield "postgresql"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_ours_stores_and_reads_what_rasa_stores_and_reads(tracker_env: str) -> None:
    ours = EnvSQLTrackerStore(domain=DOMAIN)
    rasa = SQLTrackerStore(DOMAIN, **tracker_settings())
    try:
        assert ours.engine.dialect.name == tracker_env
        assert run_conversation(ours, "ours") == run_conversation(rasa, "rasa")
        rows_ours, rows_rasa = stored_rows(ours, "ours"), stored_rows(rasa, "rasa")
        assert rows_ours == rows_rasa
        assert len(rows_ours) == sum(len(events) for events in turns())  # every event once, none twice
        # Each store reads the other's conversation the same way (same table, same rows).
        assert ([event.as_dict() for event in asyncio.run(ours.retrieve("rasa")).events]
                == [event.as_dict() for event in asyncio.run(rasa.retrieve("rasa")).events])
        latest = asyncio.run(ours.retrieve("ours"))
        # The latest session only, from its SessionStarted (Rasa's choice: timestamps from there on).
        assert [type(event).__name__ for event in latest.events] == [
            "SessionStarted", "SlotSet", "ActionExecuted", "UserUttered"]
        assert latest.latest_message.text == "Merci"
        assert asyncio.run(ours.retrieve("nobody")) is None
    finally:
        ours.engine.dispose()
        rasa.engine.dispose()


def save_turn(store: EnvSQLTrackerStore, sender: str, *new_events: Event) -> DialogueStateTracker:
    """One message as the server handles it: read, add the turn's events, save."""
    tracker = asyncio.run(store.retrieve(sender)) or DialogueStateTracker(sender, DOMAIN.slots)
    for event in new_events:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    return tracker


def test_contact_details_are_stored_as_placeholders_except_the_lead_forms_after_consent(tracker_env: str) -> None:
    store = EnvSQLTrackerStore(domain=DOMAIN)
    try:
        save_turn(store, "visitor", UserUttered("non merci, mais voici julie@exemple.fr et 06 12 34 56 78",
                                                {"name": "deny", "confidence": 0.9}, timestamp=1.0),
                  SlotSet("email", "julie@exemple.fr", timestamp=2.0),  # no consent: not kept
                  BotUttered("Je note julie@exemple.fr.", timestamp=3.0))
        save_turn(store, "visitor", SlotSet("consent", "2026-12-01T10:00:00+00:00", timestamp=4.0),
                  UserUttered("julie@exemple.fr", {"name": "inform", "confidence": 0.9}, timestamp=5.0),
                  SlotSet("email", "julie@exemple.fr", timestamp=6.0))
        data = [json.loads(row[-1]) for row in stored_rows(store, "visitor")]
        assert data[0]["text"] == data[0]["parse_data"]["text"] == "non merci, mais voici [e-mail] et [téléphone]"
        assert data[1]["value"] == "[e-mail]" and data[2]["text"] == "Je note [e-mail]."
        assert data[4]["text"] == "[e-mail]"  # the message itself is always masked
        assert data[5] == {**data[5], "name": "email", "value": "julie@exemple.fr"}  # the lead is built from it
        assert "06 12" not in str(stored_rows(store, "visitor"))
    finally:
        store.engine.dispose()


def test_after_the_erase_action_nothing_from_before_the_restart_is_kept(tracker_env: str) -> None:
    store = EnvSQLTrackerStore(domain=DOMAIN)
    try:
        save_turn(store, "visitor", UserUttered("j'ai 30 ans", {"name": "inform", "confidence": 0.9}, timestamp=1.0),
                  SlotSet("age", 30, timestamp=2.0))
        save_turn(store, "other", UserUttered("bonjour", {"name": "greet", "confidence": 0.9}, timestamp=1.0))
        save_turn(store, "visitor",
                  UserUttered("supprimer mes données", {"name": "erase_data", "confidence": 0.9}, timestamp=3.0),
                  ActionExecuted("action_erase_my_data", timestamp=4.0), BotUttered("C'est fait", timestamp=5.0),
                  Restarted(timestamp=6.0), ActionExecuted("action_listen", timestamp=7.0))
        assert [row[0] for row in stored_rows(store, "visitor")] == ["restart", "action"]
        tracker = save_turn(store, "visitor", UserUttered("bonjour", {"name": "greet", "confidence": 0.9},
                                                          timestamp=8.0))
        assert tracker.get_slot("age") is None and tracker.latest_message.text == "bonjour"
        assert [row[0] for row in stored_rows(store, "visitor")] == ["restart", "action", "user"]
        assert len(stored_rows(store, "other")) == 1
    finally:
        store.engine.dispose()
