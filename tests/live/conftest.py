"""Real databases for the live queue: a migrated SQLite file, and a throwaway PostgreSQL database.

PostgreSQL is ``postgres@127.0.0.1:5432``; when it is unreachable its cases are skipped, except
under ``CI=true``, where they fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from bot.leads.db import make_engine, migrate
from tests import servers
from tests.leads.conftest import engine, factory  # noqa: F401 - on this folder's database_url

LIVE_VARIABLES = ("LIVE_API_TOKEN", "LIVE_RASA_URL", "LIVE_HOURS_FILE", "LIVE_WAIT_SECONDS", "DATABASE_URL")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own settings never leak into a test."""
    for name in LIVE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for these tests, dropped afterwards."""
    with servers.postgres_database("vae_live") as name:
        url = servers.POSTGRES_URL.format(database=name)
        migrate(url)
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated database: a new SQLite file, or the PostgreSQL one emptied of live rows."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'leads.db'}"
        migrate(url)
        return url
    url = request.getfixturevalue("postgres_database")
    cleaner = make_engine(url)
    try:
        with cleaner.begin() as connection:
            connection.exec_driver_sql("DELETE FROM live_conversations")
    finally:
        cleaner.dispose()
    return url
