"""Processes that migrate the same new database at once take turns (make run starts two)."""

from __future__ import annotations

import multiprocessing

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from bot.leads.db import VERSION_TABLE, alembic_config, make_engine, migrate

PROCESSES = 4


def _migrate_when_all_are_ready(url: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    barrier.wait()
    migrate(url)


def test_concurrent_migrations_all_succeed_and_reach_head(database_url: str) -> None:
    command.downgrade(alembic_config(database_url), "base")  # a new, empty schema again
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    workers = [
        context.Process(target=_migrate_when_all_are_ready, args=(database_url, barrier))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES

    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
            columns = {column["name"] for column in inspect(connection).get_columns("leads")}
    finally:
        engine.dispose()
    assert versions == [head]
    assert "sector" in columns
