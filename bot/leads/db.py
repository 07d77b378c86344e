"""Engine, sessions and schema migrations, built from a URL when asked (never at import)."""

from __future__ import annotations

import fcntl
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, create_engine, make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "leads_alembic_version"  # not Alembic's default name: the database may be shared


def make_engine(url: str, **options: Any) -> Engine:
    """A 2.0-style engine; a SQLite file's folder is created and its foreign keys enforced.

    SQL parameters are hidden from error messages, so that no personal data reaches a log.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    else:
        options.setdefault("pool_pre_ping", True)
    options.setdefault("hide_parameters", True)  # errors and logs never show a lead's values
    engine = create_engine(url, future=True, **options)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


def _sqlite_foreign_keys(connection: sqlite3.Connection, _record: object) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker:
    """Sessions for ``with factory.begin() as session:``; objects stay readable after the commit."""
    return sessionmaker(engine, class_=Session, future=True, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    """Alembic's configuration for ``url``, without an ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["url"] = url  # not a main option: configparser would read '%' in the URL
    return config


# Any fixed 64-bit key: PostgreSQL's advisory locks are named by numbers.
MIGRATION_LOCK_KEY = 0x7661655F6C656164  # "vae_lead"


def migrate(url: str) -> None:
    """Bring the schema at ``url`` to the latest revision (``alembic upgrade head``).

    ``make run`` starts the leads' migrations and the dashboard (which migrates too) at once: on a
    new database two upgrades would race (« duplicate column name »), so they take turns.
    """
    with _migration_lock(url):
        command.upgrade(alembic_config(url), "head")


@contextmanager
def _migration_lock(url: str) -> Iterator[None]:
    """One migrating process at a time: a file lock beside a SQLite file, an advisory lock on PostgreSQL."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:" or database.startswith("file:"):
            yield  # private to this process: nobody to race with
            return
        lock_path = Path(f"{database}.migrate.lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with lock_path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed, even on a crash
            yield
        return
    if backend != "postgresql":
        yield
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
    finally:
        engine.dispose()
