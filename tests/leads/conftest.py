"""Real databases for the leads tests: a SQLite file, and PostgreSQL in a schema of its own.

PostgreSQL comes from ``TEST_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/test``).
When it is unreachable its cases are skipped, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from bot.leads.db import make_engine, make_session_factory, migrate
from bot.leads.lead_data import LeadData
from bot.leads.routing import PorteurDirectory, load_porteurs

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)
LEAD_VARIABLES = (
    "DATABASE_URL", "LEADS_RETENTION_MONTHS", "LEAD_WEBHOOK_URL", "LEAD_WEBHOOK_SECRET",
    "LEAD_WEBHOOK_TIMEOUT_S", "SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_STARTTLS",
    "LEAD_MAIL_FROM", "LEAD_MAIL_TO", "PORTEURS_FILE",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own settings never leak into a test."""
    for name in LEAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    engine = create_engine(url, future=True, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        message = f"PostgreSQL unreachable at {make_url(url).host}: {type(error).__name__}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: PostgreSQL cases must run)")
        pytest.skip(message)
    finally:
        engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database: a new SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'leads.db'}"
        migrate(url)
        yield url
        return
    base = request.getfixturevalue("postgres_url")
    schema = f"leads_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        rendered = url.render_as_string(hide_password=False)
        migrate(rendered)
        yield rendered
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def backend(database_url: str) -> str:
    """``sqlite`` or ``postgresql``."""
    return make_url(database_url).get_backend_name()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker:
    return make_session_factory(engine)


@pytest.fixture
def porteurs(tmp_path: Path) -> PorteurDirectory:
    """Two regional/sector porteurs and the default one (its address from the test)."""
    path = tmp_path / "porteurs.yaml"
    path.write_text(
        "porteurs:\n"
        "  - {code: aura, name: Porteur AURA, email: aura@porteur.example, regions: [Auvergne-Rhône-Alpes]}\n"
        "  - {code: btp, name: Porteur BTP, email: btp@porteur.example, keywords: [btp, batiment]}\n"
        "  - {code: default, name: Porteur de projet, email: ''}\n",
        encoding="utf-8",
    )
    return load_porteurs(path, default_email="contact@porteur.example")


def lead_data(**overrides: Any) -> LeadData:
    """A valid candidate's lead; ``overrides`` change any field."""
    values: dict[str, Any] = dict(
        profile="candidat",
        consent_at=NOW,
        consent_text_version="v1",
        name="Marie Curie",
        email="marie.curie@exemple.fr",
        phone=None,
        postal_code="75005",
        message="Je souhaite devenir soudeuse.",
        qualification={"verdict": "eligible", "amounts": {"total": 9000.0}, "reasons": ["min_age_met"]},
        summary="Sujets abordés : définition.",
        conversation_id="conversation-1",
    )
    values.update(overrides)
    return LeadData(**values)


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
