#!/usr/bin/env python
"""Time the dashboard's pages with 10 000 leads and 100 000 tracker events (a benchmark, not a test).

    .venv/bin/python scripts/bench_dashboard.py [--leads 10000] [--events 100000] [--postgres]

Seeds a fresh SQLite file under var/bench-dashboard/ (or, with --postgres, a throw-away schema in
TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test), starts
``python -m bot.dashboard`` on a free port, logs in, and prints each page's median and worst
load time over a few requests (server time + transfer, as ``requests`` sees it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.dashboard.topics import CHECK_ACTIONS, TOPIC_LABELS  # noqa: E402
from bot.dashboard.tracker import events, metadata as tracker_metadata  # noqa: E402
from bot.leads.db import make_engine, migrate  # noqa: E402
from bot.leads.models import FOLLOW_UPS, PROFILES, Lead  # noqa: E402

REGIONS = ["Île-de-France", "Auvergne-Rhône-Alpes", "Bretagne", "Occitanie", "Hauts-de-France", "Grand Est", None]
SECTORS = ["Industrie", "Bâtiment", "Services à la personne", "Commerce", "Transport", None]
INTENTS = list(TOPIC_LABELS) + ["greet", "thank", "inform", "nlu_fallback", "out_of_scope"]
PASSWORD = "bench-password"
NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def seed_leads(url: str, count: int, rng: random.Random) -> None:
    rows = []
    for number in range(1, count + 1):
        created = NOW - dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
        rows.append(
            dict(
                reference=f"BENCH-{number:06d}", created_at=created, updated_at=created,
                profile=rng.choice(PROFILES), name=f"Prénom Nom {number}", email=f"personne{number}@exemple.fr",
                phone=f"+336{number:08d}", company=f"Entreprise {number % 500}", postal_code="75005",
                region=rng.choice(REGIONS), sector=rng.choice(SECTORS), message="Je souhaite en savoir plus.",
                qualification={"verdict": rng.choice(["eligible", "not_eligible", "to_check"]), "reasons": []},
                consent_at=created, consent_text_version="consentement-v1", conversation_id=f"bench-{number % 8000}",
                porteur_code="default", status="nouveau", follow_up_status=rng.choice(FOLLOW_UPS),
            )
        )
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(insert(Lead), rows)
    engine.dispose()


def seed_events(url: str, count: int, rng: random.Random) -> None:
    engine = make_engine(url)
    tracker_metadata.create_all(engine)
    rows = []
    conversations = max(1, count // 12)
    for number in range(count):
        sender = f"bench-{rng.randrange(conversations)}"
        stamp = (NOW - dt.timedelta(seconds=rng.randrange(90 * 86_400))).timestamp()
        kind = rng.choices(["user", "bot", "action"], weights=[4, 5, 3])[0]
        intent = rng.choice(INTENTS) if kind == "user" else None
        action = rng.choice(list(CHECK_ACTIONS) + ["action_listen"] * 10) if kind == "action" else None
        data = {"event": kind, "timestamp": stamp, "text": f"message {number}" if kind != "action" else None}
        rows.append(dict(sender_id=sender, type_name=kind, timestamp=stamp, intent_name=intent,
                         action_name=action, data=json.dumps(data)))
    with engine.begin() as connection:
        for start in range(0, len(rows), 10_000):
            connection.execute(insert(events), rows[start:start + 10_000])
    engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(http: requests.Session, url: str, repeats: int) -> tuple[float, float, int]:
    timings = []
    size = 0
    for _ in range(repeats):
        started = time.perf_counter()
        response = http.get(url)
        timings.append(time.perf_counter() - started)
        response.raise_for_status()
        size = len(response.content)
    return statistics.median(timings), max(timings), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="seed a throw-away PostgreSQL schema instead")
    args = parser.parse_args()
    rng = random.Random(6)
    admin = schema = None
    if args.postgres:
        base = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
        schema = f"bench_dashboard_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base, future=True, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    else:
        folder = ROOT / "var" / "bench-dashboard"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        url = f"sqlite:///{folder / 'bench.db'}"
    process = None
    try:
        started = time.perf_counter()
        migrate(url)
        seed_leads(url, args.leads, rng)
        seed_events(url, args.events, rng)
        print(f"seeded {args.leads} leads and {args.events} events on {make_url(url).get_backend_name()} "
              f"in {time.perf_counter() - started:.1f} s")
        port = free_port()
        env = dict(os.environ, DATABASE_URL=url, DASHBOARD_PASSWORD=PASSWORD, SQLALCHEMY_SILENCE_UBER_WARNING="1")
        parsed = make_url(url)
        if args.postgres:  # the TRACKER_* contract has no schema: libpq's PGOPTIONS sets it for both stores
            env.update(TRACKER_DIALECT="postgresql", TRACKER_HOST=parsed.host or "", TRACKER_PORT=str(parsed.port or ""),
                       TRACKER_USER=parsed.username or "", TRACKER_PASSWORD=parsed.password or "",
                       TRACKER_DB=parsed.database or "", PGOPTIONS=f"-csearch_path={schema}")
        else:
            env["TRACKER_DB"] = str(parsed.database)
        process = subprocess.Popen([sys.executable, "-m", "bot.dashboard", "--port", str(port)], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{base_url}/connexion", timeout=2)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("the dashboard did not start")
                time.sleep(0.2)
        http = requests.Session()
        http.post(f"{base_url}/connexion", data={"utilisateur": "porteur", "mot_de_passe": PASSWORD}).raise_for_status()
        pages = [
            "/prospects",
            "/prospects?page=150",
            "/prospects?profil=candidat&region=Bretagne&secteur=indus&du=2025-01-01",
            "/prospects?q=personne42",
            "/prospects/4242",
            "/activite",
            "/activite?jours=364",
            "/prospects/export.csv",
        ]
        print(f"{'page':<75} {'median':>8} {'worst':>8} {'size':>10}")
        for page in pages:
            median, worst, size = measure(http, base_url + page, args.repeats)
            print(f"{page:<75} {median * 1000:>6.0f}ms {worst * 1000:>6.0f}ms {size:>9,}B")
    finally:
        if process is not None:
            process.terminate()
            process.wait(20)
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
