"""Alembic environment: the leads models, at the URL given to ``migrate`` (else ``DATABASE_URL``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from bot.leads.config import settings
from bot.leads.db import VERSION_TABLE, make_engine
from bot.leads.models import Base


def _url() -> str:
    config = context.config
    return config.attributes.get("url") or config.get_main_option("sqlalchemy.url") or settings().database_url


def _include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Leave SQLite's own bookkeeping table out of autogenerate."""
    return not (type_ == "table" and name == "sqlite_sequence")


def _configure(**options: object) -> None:
    context.configure(
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        compare_type=True,
        include_name=_include_name,
        **options,
    )


def _run(connection: Connection) -> None:
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()
