"""Two Rasa servers and two action servers share PostgreSQL (tracker and leads) and a Redis lock
store; one conversation's messages alternate between them. The replies turn by turn, the final
slots and the stored lead must be those of the same conversation on one server."""

from __future__ import annotations

import re
import secrets
import sqlite3
import uuid
from pathlib import Path
from typing import Any, ContextManager, Iterator, List

import pytest
import requests
from sqlalchemy import select

from bot.leads.db import make_engine, make_session_factory
from bot.leads.models import Lead
from tests import servers
from tests.e2e.test_rest import say, texts

POSTGRES = "postgresql://postgres@127.0.0.1:5432/{database}"
REDIS_URL = "redis://127.0.0.1:6379/{db}"
CONVERSATION = [
    "j'ai 30 ans, je suis demandeur d'emploi et j'ai un CAP : suis-je éligible ?",
    "un titre professionnel",
    "dès que possible",
    "je veux être mis en relation avec un porteur de projet",
    "je suis candidat",
    "oui",
    "je m'appelle Julie Martin",
    "julie.martin@exemple.fr",
    "mon code postal est 33000",
    "Je suis disponible le matin.",
]
REFERENCE = re.compile(r"VAE-[\w-]+")
VARYING_SLOTS = {"consent"}  # a timestamp: compared as set / not set
LEAD_FIELDS = ("profile", "name", "email", "phone", "company", "siret", "postal_code", "region", "message",
               "qualification", "summary", "consent_text_version", "porteur_code")


_unavailable = servers.unavailable


@pytest.fixture(scope="module")
def scale_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test, dropped afterwards."""
    with servers.postgres_database("vae_scale") as name:
        yield name


@pytest.fixture(scope="module")
def redis_db() -> int:
    import redis

    db = 9
    try:
        redis.Redis.from_url(REDIS_URL.format(db=db), socket_timeout=5).ping()
    except redis.RedisError as error:
        _unavailable("Redis on 127.0.0.1:6379", error)
    return db


@pytest.fixture(scope="module")
def two_servers(model_path: Path, scale_database: str, redis_db: int,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[str], str, str]]:
    workdir = tmp_path_factory.mktemp("scale")
    token = secrets.token_hex(24)
    database_url = POSTGRES.format(database=scale_database)
    env = {
        "TRACKER_DIALECT": "postgresql", "TRACKER_DB": scale_database, "TRACKER_HOST": "127.0.0.1",
        "TRACKER_PORT": "5432", "TRACKER_USER": "postgres", "TRACKER_PASSWORD": "",
        "LOCK_STORE_URL": REDIS_URL.format(db=redis_db), "DATABASE_URL": database_url,
    }
    action_ports = [servers.free_port(), servers.free_port()]
    managers: List[ContextManager[Any]] = []
    for index, port in enumerate(action_ports):
        managers.append(servers.action_server(port, workdir, extra_env=env, log_name=f"actions-{index}.log"))
        managers.append(servers.rasa_server(servers.free_port(), port, workdir, extra_env=env, log_name=f"rasa-{index}.log",
                                            extra_args=["--enable-api", "--auth-token", token]))
    with servers.concurrently(managers) as urls:
        yield [urls[1], urls[3]], token, database_url


def slots_of_sqlite_conversation(tracker_db: Path, sender: str) -> dict[str, Any]:
    """The conversation's final slots, replayed from the single server's SQLite tracker store."""
    import json

    slots: dict[str, Any] = {}
    with sqlite3.connect(tracker_db) as connection:
        for (data,) in connection.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'slot' ORDER BY id", (sender,)):
            event = json.loads(data)
            slots[event["name"]] = event["value"]
    return slots


def comparable(slots: dict[str, Any]) -> dict[str, Any]:
    return {name: (bool(value) if name in VARYING_SLOTS else value) for name, value in slots.items()}


def stored_lead(database_url: str, sender: str) -> dict[str, Any]:
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine).begin() as session:
            lead = session.execute(select(Lead).where(Lead.conversation_id == sender)).scalar_one()
            return {field: getattr(lead, field) for field in LEAD_FIELDS}
    finally:
        engine.dispose()


def test_a_conversation_alternating_between_two_servers_is_the_same_as_on_one(
    two_servers: tuple[list[str], str, str], rasa_url: str, tracker_db: Path, leads_database_url: str
) -> None:
    urls, token, database_url = two_servers
    alternating, single = f"scale-{uuid.uuid4().hex}", f"scale-single-{uuid.uuid4().hex}"
    for turn, text in enumerate(CONVERSATION):
        on_two = REFERENCE.sub("VAE-…", texts(say(urls[turn % 2], text, alternating)))
        on_one = REFERENCE.sub("VAE-…", texts(say(rasa_url, text, single)))
        assert on_two == on_one, f"turn {turn + 1} ({text!r}) differs"
    assert "référence VAE-" in on_two

    trackers = [requests.get(f"{url}/conversations/{alternating}/tracker", params={"token": token}, timeout=30)
                for url in urls]
    assert [tracker.status_code for tracker in trackers] == [200, 200]
    first, second = (tracker.json() for tracker in trackers)
    assert first["slots"] == second["slots"] and first["active_loop"] == second["active_loop"]
    expected = comparable(slots_of_sqlite_conversation(tracker_db, single))
    assert {name: value for name, value in comparable(first["slots"]).items() if name in expected} == expected
    assert first["slots"]["email"] == "julie.martin@exemple.fr" and first["slots"]["postal_code"] == "33000"

    assert stored_lead(database_url, alternating) == stored_lead(leads_database_url, single)


def test_erasure_on_postgresql_and_redis_leaves_no_trace(two_servers: tuple[list[str], str, str], redis_db: int) -> None:
    """A lead left through one server, « supprimer mes données » through the other."""
    import redis

    from tests.e2e.test_leads import assert_no_trace

    urls, _, database_url = two_servers
    sender = f"scale-erase-{uuid.uuid4().hex}"
    conversation = [{"je m'appelle Julie Martin": "je m'appelle Léa Durand",
                     "julie.martin@exemple.fr": "lea.durand@exemple.fr ou 07 12 13 14 15"}.get(text, text)
                    for text in CONVERSATION]
    for turn, text in enumerate(conversation):
        reply = texts(say(urls[turn % 2], text, sender))
    assert "référence VAE-" in reply
    client = redis.Redis.from_url(REDIS_URL.format(db=redis_db))
    assert any(sender.encode() in key for key in client.scan_iter())  # the rate limit's window, say

    erased = texts(say(urls[1], "supprimer mes données", sender))

    assert "C'est fait" in erased and "1\u00a0demande de contact supprimée" in erased
    assert_no_trace(database_url, database_url, sender,
                    ["lea.durand", "Léa Durand", "L\\u00e9a Durand", "+33712131415", "07 12 13 14 15"])
    assert not [key for key in client.scan_iter() if sender.encode() in key]
    for key in client.scan_iter():
        value = client.dump(key) or b""
        assert b"lea.durand" not in key + value and "Léa".encode() not in value
    assert "Bonjour" in texts(say(urls[0], "bonjour", sender))
