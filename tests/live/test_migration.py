"""Migration 0005: the live queue's table and the leads' author, up and down, and the author stored."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, select

from bot.leads.db import alembic_config, make_engine, make_session_factory, migrate
from bot.leads.models import AUTHOR_MAX, Lead
from bot.leads.routing import load_porteurs
from bot.leads.service import lead_data
from bot.leads.store import LeadStore

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.timezone.utc)


def schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'leads_alembic%'")
        return sorted(rows, key=str)


def test_migrate_creates_the_queue_and_the_author_and_downgrade_restores_0004(tmp_path: Path) -> None:
    path = tmp_path / "leads.db"
    url = f"sqlite:///{path}"
    command.upgrade(alembic_config(url), "0004")
    before = schema(path)
    migrate(url)
    engine = make_engine(url)
    try:
        inspector = inspect(engine)
        assert {column["name"] for column in inspector.get_columns("live_conversations")} == {
            "sender_id", "channel", "status", "requested_at", "deadline_at", "taken_by", "taken_at", "closed_at",
            "updated_at"}
        assert [index["column_names"] for index in inspector.get_indexes("live_conversations")] == [["status"]]
        author = next(column for column in inspector.get_columns("leads") if column["name"] == "author")
        assert author["nullable"] and author["type"].length == AUTHOR_MAX
    finally:
        engine.dispose()
    command.downgrade(alembic_config(url), "0004")
    assert schema(path) == before  # in place: the leads table keeps its AUTOINCREMENT and constraints
    migrate(url)


def test_migrate_and_downgrade_on_postgresql(postgres_database: str) -> None:
    command.downgrade(alembic_config(postgres_database), "0004")
    engine = make_engine(postgres_database)
    try:
        assert "live_conversations" not in inspect(engine).get_table_names()
        assert "author" not in {column["name"] for column in inspect(engine).get_columns("leads")}
    finally:
        engine.dispose()
    migrate(postgres_database)
    engine = make_engine(postgres_database)
    try:
        assert "live_conversations" in inspect(engine).get_table_names()
        assert "author" in {column["name"] for column in inspect(engine).get_columns("leads")}
    finally:
        engine.dispose()


def test_a_lead_keeps_the_account_of_who_took_the_conversation(database_url: str, tmp_path: Path) -> None:
    porteurs_file = tmp_path / "porteurs.yaml"
    porteurs_file.write_text("porteurs:\n  - {code: default, name: Porteur, email: ''}\n", encoding="utf-8")
    porteurs = load_porteurs(porteurs_file, default_email="contact@porteur.example")
    values = {"profile": "candidat", "consent_at": NOW.isoformat(), "email": "julie.martin@exemple.fr",
              "conversation_id": "visitor-1"}
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        with factory.begin() as session:
            store = LeadStore(session, channels=[], porteurs=porteurs)
            store.submit(lead_data({**values, "author": "marie.dupont"}), NOW)
            store.submit(lead_data({**values, "email": "paul@exemple.fr", "author": "x" * (AUTHOR_MAX + 5)}), NOW)
            store.submit(lead_data({**values, "email": "anne@exemple.fr"}), NOW)
        with factory.begin() as session:
            authors = session.execute(select(Lead.email, Lead.author).order_by(Lead.id)).all()
    finally:
        engine.dispose()
    assert authors == [("julie.martin@exemple.fr", "marie.dupont"), ("paul@exemple.fr", "x" * AUTHOR_MAX),
                       ("anne@exemple.fr", None)]
