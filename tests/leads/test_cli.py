"""``python -m bot.leads``: export (CSV safe against formulas, JSON), erase, purge, dispatch, migrate."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from bot.leads.__main__ import main
from bot.leads.export import safe_cell, to_csv
from bot.leads.models import Lead
from bot.leads.routing import PorteurDirectory
from bot.leads.store import EXPORT_COLUMNS, LeadStore
from tests.leads import receiver as http_receiver
from tests.leads.conftest import NOW, lead_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def environment(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))  # never the developer's var/
    monkeypatch.setenv("LEADS_SPOOL_DIR", str(tmp_path / "spool"))
    monkeypatch.delenv("TRACKER_DIALECT", raising=False)
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)


def submit(factory: sessionmaker, porteurs: PorteurDirectory, now: dt.datetime = NOW, **fields) -> str:
    with factory.begin() as session:
        store = LeadStore(session, channels=["webhook"], porteurs=porteurs)
        return store.submit(lead_data(**fields), now).reference


def run(*argv: str) -> str:
    out = io.StringIO()
    assert main(list(argv), out=out) == 0
    return out.getvalue()


def count(factory: sessionmaker) -> int:
    with factory() as session:
        return session.execute(select(func.count()).select_from(Lead)).scalar_one()


def test_export_csv_neutralises_formulas(
    environment, factory: sessionmaker, porteurs: PorteurDirectory
) -> None:
    reference = submit(
        factory, porteurs, name="=HYPERLINK(\"http://x\")", company="@SUM(A1)", message="-2+3\nsuite",
        summary="+cmd", phone="+33 6 98 76 54 32",
    )
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv"))))
    assert len(rows) == 1 and tuple(rows[0]) == EXPORT_COLUMNS
    row = rows[0]
    assert row["reference"] == reference
    assert (row["name"], row["company"], row["message"], row["summary"]) == (
        "'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "'-2+3\nsuite", "'+cmd"
    )
    assert row["phone"] == "'+33698765432"
    assert json.loads(row["qualification"])["verdict"] == "eligible"
    assert row["deliveries"] == "webhook:pending" and row["region"] == "Île-de-France"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("=1+1", "'=1+1"), ("+33", "'+33"), ("-x", "'-x"), ("@a", "'@a"), ("\tx", "'\tx"), ("a=b", "a=b"),
     ("", "")],
)
def test_safe_cell(text: str, expected: str) -> None:
    assert safe_cell(text) == expected


def test_export_json_since_a_date(environment, factory: sessionmaker, porteurs: PorteurDirectory) -> None:
    before = dt.datetime(2026, 2, 28, 23, 59, tzinfo=dt.timezone.utc)
    submit(factory, porteurs, before, email="avant@exemple.fr")
    recent = submit(factory, porteurs, NOW, email="apres@exemple.fr", name="Zoé 👩‍🔧 <b>")
    rows = json.loads(run("export", "--format", "json", "--since", "2026-03-01"))
    assert [row["reference"] for row in rows] == [recent]
    assert rows[0]["name"] == "Zoé 👩‍🔧 <b>" and rows[0]["created_at"] == NOW.isoformat()
    assert len(json.loads(run("export", "--format", "json"))) == 2


def test_export_of_an_empty_database_is_just_the_header() -> None:
    assert to_csv([]) == ",".join(EXPORT_COLUMNS) + "\n"


def test_erase(environment, factory: sessionmaker, porteurs: PorteurDirectory) -> None:
    submit(factory, porteurs, email="zoe@exemple.fr")
    submit(factory, porteurs, email="autre@exemple.fr", phone="06 98 76 54 32")
    assert run("erase", "--email", "ZOE@exemple.fr").splitlines() == [
        "1 lead(s) erased", "1 conversation(s) erased (0 events, 0 Redis keys)"]
    assert run("erase", "--phone", "+33 6 98 76 54 32").splitlines()[0] == "1 lead(s) erased"
    assert count(factory) == 0


def test_erase_needs_one_contact(environment) -> None:
    with pytest.raises(SystemExit):
        main(["erase"], out=io.StringIO())


def test_purge_with_the_configured_retention(
    environment, factory: sessionmaker, porteurs: PorteurDirectory, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    submit(factory, porteurs, now - dt.timedelta(days=100), email="vieux@exemple.fr")
    submit(factory, porteurs, now - dt.timedelta(days=10), email="recent@exemple.fr")
    assert run("purge").startswith("0 lead(s)")  # the default keeps a year
    monkeypatch.setenv("LEADS_RETENTION_MONTHS", "2")
    assert run("purge").splitlines() == [
        "1 lead(s) older than 2 months purged", "0 conversation(s) idle for more than 90 days purged (0 events)"]
    assert run("purge", "--months", "1").startswith("0 lead(s)")
    assert count(factory) == 1


def test_dispatch_once(
    environment, factory: sessionmaker, porteurs: PorteurDirectory, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit(factory, porteurs, dt.datetime.now(dt.timezone.utc))
    assert run("dispatch", "--once").strip() == "delivered 0, retried 0, failed 0"  # no channel configured
    receiver = http_receiver.Receiver()
    server, thread = http_receiver.start(receiver)
    try:
        monkeypatch.setenv("LEAD_WEBHOOK_URL", f"http://127.0.0.1:{server.server_address[1]}/leads")
        monkeypatch.setenv("LEAD_WEBHOOK_SECRET", http_receiver.SECRET)
        assert run("dispatch", "--once").strip() == "delivered 1, retried 0, failed 0"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert len(receiver.leads) == 1


def test_python_dash_m_migrates_a_new_database(tmp_path: Path) -> None:
    database = tmp_path / "nouveau" / "leads.db"
    env = {key: value for key, value in os.environ.items() if key != "PORTEURS_FILE"}
    env.update(DATABASE_URL=f"sqlite:///{database}", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "bot.leads", "migrate"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "schema up to date" and database.exists()
    exported = subprocess.run(
        [sys.executable, "-m", "bot.leads", "export", "--format", "json"], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=120,
    )
    assert exported.returncode == 0 and json.loads(exported.stdout) == []


def test_redact_history_masks_what_was_stored_before_redaction(environment) -> None:
    from sqlalchemy import insert

    from bot.leads.db import make_engine
    from bot.privacy.conversations import events, metadata, tracker_url_from_env

    engine = make_engine(tracker_url_from_env())
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(events).values(sender_id="old", type_name="user", timestamp=1.0,
                                                 data=json.dumps({"event": "user", "text": "06 12 34 56 78"})))
    assert run("redact-history").strip() == "1 stored event(s) redacted"
    with engine.connect() as connection:
        assert json.loads(connection.execute(select(events.c.data)).scalar_one())["text"] == "[téléphone]"
    engine.dispose()
    assert run("redact-history").strip() == "0 stored event(s) redacted"
