"""The stores read the shared TRACKER_* and LOCK_STORE_URL variables, with single-machine defaults."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

from channels.stores import EnvLockStore, EnvSQLTrackerStore, redis_lock_settings, tracker_settings


def test_sqlite_is_the_default_with_no_host() -> None:
    assert tracker_settings({}) == {"dialect": "sqlite", "db": "var/tracker.db"}


def test_postgresql_settings_come_from_the_environment() -> None:
    env = {"TRACKER_DIALECT": "postgresql", "TRACKER_DB": "rasa", "TRACKER_HOST": "db.internal",
           "TRACKER_PORT": "5433", "TRACKER_USER": "rasa", "TRACKER_PASSWORD": "from-a-secret"}
    assert tracker_settings(env) == {"dialect": "postgresql", "db": "rasa", "host": "db.internal", "port": 5433,
                                     "username": "rasa", "password": "from-a-secret"}


def test_sqlite_tracker_store_writes_where_tracker_db_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "sub" / "tracker.db"
    monkeypatch.setenv("TRACKER_DB", str(database))
    monkeypatch.delenv("TRACKER_DIALECT", raising=False)
    store = EnvSQLTrackerStore(domain=None, host=None)
    assert store.engine.url.database == str(database)
    assert database.exists()
    store.engine.dispose()


def test_redis_url_is_read_with_its_database_number_and_password() -> None:
    assert redis_lock_settings("redis://:s3cr%21t@cache:6380/3") == {
        "host": "cache", "port": 6380, "db": 3, "username": None, "password": "s3cr!t", "use_ssl": False}
    assert redis_lock_settings("rediss://cache")["use_ssl"] is True
    with pytest.raises(ValueError):
        redis_lock_settings("http://cache:6379")


def test_lock_store_is_in_memory_without_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    assert isinstance(EnvLockStore(endpoint_config=None), InMemoryLockStore)


def test_lock_store_is_redis_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    import redis

    monkeypatch.setenv("LOCK_STORE_URL", "redis://127.0.0.1:6379/5")
    store = EnvLockStore(endpoint_config=None)
    assert isinstance(store, RedisLockStore)
    try:
        store.red.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis must run on 127.0.0.1:6379 under CI")
        pytest.skip("no Redis on 127.0.0.1:6379")
    conversation = f"lock-{uuid.uuid4().hex}"
    lock = store.create_lock(conversation)
    store.save_lock(lock)
    assert store.get_lock(conversation) is not None  # really stored in Redis
    store.delete_lock(conversation)
    assert store.get_lock(conversation) is None
