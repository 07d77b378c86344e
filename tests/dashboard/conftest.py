"""A seeded dashboard on a real server (SQLite, and PostgreSQL in a schema of its own).

The server runs in a thread on a free port with a fixed clock, so the activity period is known.
For live takeover (issue 17), a small real aiohttp server stands in for the Rasa server's live channel.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import pytest
import requests
from aiohttp import web
from sqlalchemy import insert
from sqlalchemy.engine import Engine

from bot.dashboard import users
from bot.dashboard.app import FACTORY, create_app
from bot.dashboard.config import DashboardSettings
from bot.dashboard.tracker import events, metadata as tracker_metadata
from bot.leads.db import make_engine, make_session_factory
from bot.leads.routing import PorteurDirectory
from bot.leads.store import LeadStore
from bot.live import queue
from bot.rules.parameters import ParameterSet
from tests.leads.conftest import clean_environment, database_url, lead_data, porteurs, postgres_url  # noqa: F401
from tests.servers import free_port

USER, PASSWORD = "porteur", "mot de passe de test"
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.timezone.utc)


def at(text: str) -> dt.datetime:
    """``"2026-03-09 10:00"`` as an aware UTC datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


# (when, profile, overrides): the leads of the seeded data set.
LEADS: list[tuple[str, dict[str, Any]]] = [
    ("2026-03-09 10:05", dict(profile="candidat", name="Marie Curie", email="marie.curie@exemple.fr",
                              postal_code="75005", sector="Industrie", conversation_id="conv-a")),
    ("2026-03-02 15:00", dict(profile="employeur", name="Paul Durand", email=None, phone="06 12 34 56 78",
                              company="Durand BTP", postal_code="69001", sector="Bâtiment", qualification=None,
                              conversation_id="conv-b")),
    ("2026-02-20 08:30", dict(profile="recruteur", name="Émilie Diallo", email="emilie.diallo@exemple.fr",
                              postal_code="35000", sector="Services à la personne", qualification=None,
                              conversation_id="conv-d")),
    ("2026-01-05 09:00", dict(profile="candidat", name="=HYPERLINK(\"http://x\")", email="zoe@exemple.fr",
                              postal_code="75011", sector="Industrie", conversation_id="conv-c")),
]

# (sender, when, type, intent or action, text): the tracker store's events.
EVENTS: list[tuple[str, str, str, str | None, str | None]] = [
    ("conv-a", "2026-03-09 10:00", "user", "greet", "Bonjour"),
    ("conv-a", "2026-03-09 10:00", "bot", None, "Bonjour ! Que puis-je pour vous ?"),
    ("conv-a", "2026-03-09 10:01", "user", "ask_financing", "Qui paie la formation ?"),
    ("conv-a", "2026-03-09 10:02", "user", "check_candidate_eligibility", "Suis-je éligible ?"),
    ("conv-a", "2026-03-09 10:03", "action", "action_give_candidate_verdict", None),
    ("conv-a", "2026-03-09 10:03", "bot", None, "Vous êtes éligible."),
    ("conv-b", "2026-03-10 09:00", "user", "ask_financing", "Combien ça coûte ?"),
    ("conv-b", "2026-03-10 09:01", "user", "nlu_fallback", "gloubiboulga"),
    ("conv-b", "2026-03-10 09:02", "user", "out_of_scope", "Quel temps fait-il à Lyon ?"),
    ("conv-c", "2026-01-01 09:00", "user", "ask_steps", "Quelles sont les étapes ?"),
    ("conv-c", "2026-01-01 09:01", "user", "nlu_fallback", "vieux message incompris"),
]


def seed(leads_url: str, tracker_engine: Engine, directory: PorteurDirectory) -> dict[str, int]:
    """Store :data:`LEADS` through the real write path and :data:`EVENTS` as Rasa would; return ids by name."""
    factory = make_session_factory(make_engine(leads_url))
    ids = {}
    for when, overrides in LEADS:
        with factory.begin() as session:
            lead = LeadStore(session, channels=[], porteurs=directory).submit(lead_data(**overrides), at(when))
            ids[lead.name] = lead.id
    factory.kw["bind"].dispose()
    tracker_metadata.create_all(tracker_engine)
    rows = []
    for sender, when, kind, name, text in EVENTS:
        data = {"event": kind, "timestamp": at(when).timestamp()}
        if text is not None:
            data["text"] = text
        rows.append(
            dict(
                sender_id=sender,
                type_name=kind,
                timestamp=at(when).timestamp(),
                intent_name=name if kind == "user" else None,
                action_name=name if kind == "action" else None,
                data=json.dumps(data, ensure_ascii=False),
            )
        )
    with tracker_engine.begin() as connection:
        connection.execute(insert(events), rows)
    return ids


@dataclass
class Dashboard:
    """A running dashboard: its URL, the seeded leads' ids, and its application (for the sessions)."""

    url: str
    ids: dict[str, int]
    app: web.Application
    leads_url: str

    def login(self, password: str = PASSWORD, user: str = USER) -> requests.Session:
        http = requests.Session()
        response = http.post(f"{self.url}/connexion", data={"utilisateur": user, "mot_de_passe": password})
        assert response.status_code == 200 and response.url.endswith("/prospects"), response.text[:500]
        return http


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def settings_for(leads_url: str, tracker_url: str, password: str = PASSWORD) -> DashboardSettings:
    """``USER`` becomes the first admin with ``password`` (DASHBOARD_PASSWORD) on an empty accounts table."""
    return DashboardSettings(
        user=USER, password=password, session_hours=8.0, leads_url=leads_url, tracker_url=tracker_url
    )


def serve_in_thread(app: web.Application, what: str) -> tuple[str, Callable[[], None]]:
    """Serve ``app`` on a free port from a thread of its own; its URL and how to stop it."""
    port = free_port()
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app, access_log=None)
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30), f"{what} did not start"

    def stop() -> None:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)

    return f"http://127.0.0.1:{port}", stop


@pytest.fixture
def serve() -> Iterator[Any]:
    """``serve(settings[, parameters, clock])`` starts a dashboard in a thread; returns its URL and app.

    ``serve.stop(url)`` stops one (a restart is a stop, then a new ``serve``); the rest stop afterwards.
    """
    stops: dict[str, Callable[[], None]] = {}

    def start(settings: DashboardSettings, parameters: ParameterSet | None = None,
              clock: Callable[[], dt.datetime] = lambda: NOW) -> tuple[str, web.Application]:
        app = create_app(settings, clock=clock, parameters=parameters)
        url, stop = serve_in_thread(app, "the dashboard")
        stops[url] = stop
        return url, app

    start.stop = lambda url: stops.pop(url)()  # type: ignore[attr-defined]
    yield start
    for stop in reversed(list(stops.values())):
        stop()


@pytest.fixture
def dashboard(database_url: str, porteurs: PorteurDirectory, serve: Any) -> Dashboard:  # noqa: F811
    """A seeded dashboard; the tracker's ``events`` table lives next to the leads (same database)."""
    tracker_engine = make_engine(database_url)
    ids = seed(database_url, tracker_engine, porteurs)
    tracker_engine.dispose()
    url, app = serve(settings_for(database_url, database_url))
    return Dashboard(url, ids, app, database_url)


# --- live takeover (issue 17) ---------------------------------------------------------------

TOKEN = "jeton-de-test-direct"
LIVE = "live-1"  # the conversation that asks for a person
MARIE, MARIE_PASSWORD = "marie.dupont", "mot de passe de Marie"
WAIT_S = 300
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'

# (type, intent or action, text or slot, extra data): the live conversation as Rasa stores it.
LIVE_EVENTS: list[tuple[str, str | None, Any, dict[str, Any]]] = [
    ("user", "check_candidate_eligibility", "Suis-je éligible ?", {}),
    ("slot", None, ("age", 30), {}),
    ("slot", None, ("situation", "jobseeker"), {}),
    ("slot", None, ("diploma_level", "unknown"), {}),
    ("action", "action_give_candidate_verdict", None, {}),
    ("bot", None, "Vous êtes éligible.", {}),
    ("bot", None, "Voulez-vous être mis en relation ?", {}),
    ("action", "action_listen", None, {}),
    ("user", "request_human", XSS, {}),
    ("bot", None, "Une personne de l’équipe arrive.", {}),
    ("bot", None, "Bonjour, je suis Paul.", {"metadata": {"agent": "Paul"}}),
]


@dataclass
class FakeRasa:
    """The Rasa server's live channel, as far as the dashboard calls it; ``failing`` answers 503."""

    tracker: Engine
    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    failing: bool = False

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append({"path": request.path, "authorization": request.headers.get("Authorization"),
                              "json": body})
        if self.failing:
            return web.json_response({"error": "indisponible"}, status=503)
        if request.match_info["action"] == "message":  # stored as Rasa's live channel does
            add_events(self.tracker, request.match_info["sender_id"],
                       [("bot", None, body["text"], {"metadata": {"agent": "Marie"}})])
        return web.json_response({"delivered": True, "channel": "socketio"})

    def actions(self) -> list[str]:
        return [entry["path"].rsplit("/", 1)[1] for entry in self.received]


@pytest.fixture
def fake_rasa(database_url: str) -> Iterator[FakeRasa]:
    tracker = make_engine(database_url)
    fake = FakeRasa(tracker)
    app = web.Application()
    app.router.add_post("/webhooks/live/conversations/{sender_id}/{action}", fake.handle)
    fake.url, stop = serve_in_thread(app, "the fake Rasa server")
    yield fake
    stop()
    tracker.dispose()


def add_events(engine: Engine, sender: str, rows: list[tuple[str, str | None, Any, dict[str, Any]]]) -> None:
    """Rows of the tracker's ``events`` table, as Rasa 3.6 writes them."""
    stored = []
    for kind, name, value, extra in rows:
        data: dict[str, Any] = {"event": kind, "timestamp": NOW.timestamp(), **extra}
        if kind == "slot":
            data["name"], data["value"] = value
        elif value is not None:
            data["text"] = value
        stored.append(dict(sender_id=sender, type_name=kind, timestamp=NOW.timestamp(),
                           intent_name=name if kind == "user" else None,
                           action_name=name if kind == "action" else None,
                           data=json.dumps(data, ensure_ascii=False)))
    with engine.begin() as connection:
        connection.execute(insert(events), stored)


@pytest.fixture
def live(database_url: str, porteurs: PorteurDirectory, serve: Any, fake_rasa: FakeRasa) -> Dashboard:  # noqa: F811
    """The seeded dashboard with live takeover on, a waiting conversation, and a second account (Marie)."""
    tracker = make_engine(database_url)
    ids = seed(database_url, tracker, porteurs)
    add_events(tracker, LIVE, LIVE_EVENTS)
    tracker.dispose()
    engine = make_engine(database_url)
    with make_session_factory(engine).begin() as session:
        queue.request(session, LIVE, "socketio", NOW - dt.timedelta(minutes=3), WAIT_S)
    engine.dispose()
    settings = dataclasses.replace(settings_for(database_url, database_url), live_rasa_url=fake_rasa.url,
                                   live_api_token=TOKEN)
    url, app = serve(settings)
    with app[FACTORY].begin() as session:
        users.add(session, MARIE, users.ADVISER, MARIE_PASSWORD, NOW)
    return Dashboard(url, ids, app, database_url)
