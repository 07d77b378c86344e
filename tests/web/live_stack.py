"""Everything a live takeover crosses, started for real: action and Rasa servers (one, or two on
PostgreSQL and Redis), the dashboard, the landing page with the widget, and Facebook's Send API
faked on 127.0.0.1."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ContextManager, Iterator, List


from tests import servers
from tests.channels.send_api import SendApi
from tests.web.site import serving_site

TOKEN_BYTES = 24
AGENT, AGENT_PASSWORD = "marie.dupont", "mot de passe de Marie"
OTHER, OTHER_PASSWORD = "paul.martin", "mot de passe de Paul"
REDIS_URL = "redis://127.0.0.1:6379/{db}"
REDIS_DB = 11  # tests/scale uses 9: each module its own database, flushed at the start

ALWAYS_OPEN = """\
valid_from: 2026-01-01
timezone: Europe/Paris
wait_seconds: {wait}
public_holidays: none
closed_days: []
week:
{days}
"""
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def hours_text(open_: bool, wait_seconds: int = 600) -> str:
    """An hours file open all day every day, or never open."""
    slot = '[["00:00", "23:59"]]' if open_ else "[]"
    return ALWAYS_OPEN.format(wait=wait_seconds, days="\n".join(f"  {day}: {slot}" for day in DAYS))


@dataclass
class LiveStack:
    visitor_rasa: str  # the Rasa server the widget and Messenger reach
    site: str  # the landing page, its widget on visitor_rasa
    dashboard: str  # the dashboard, which reaches dashboard_rasa
    dashboard_rasa: str
    hours_file: Path
    database_url: str
    send_api: SendApi
    servers: int

    def set_hours(self, open_: bool, wait_seconds: int = 600) -> None:
        """Rewrite the hours file: the action server reads it again when it changes."""
        self.hours_file.write_text(hours_text(open_, wait_seconds), encoding="utf-8")
        stat = self.hours_file.stat()
        os.utime(self.hours_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a new mtime, surely


def redis_url() -> str:
    import redis

    url = REDIS_URL.format(db=REDIS_DB)
    try:
        redis.Redis.from_url(url, socket_timeout=5).flushdb()
    except redis.RedisError as error:
        servers.unavailable("Redis on 127.0.0.1:6379", error)
    return url


def add_account(env: dict[str, str], name: str, password: str) -> None:
    subprocess.run([sys.executable, "-m", "bot.dashboard", "users", "add", name, "--role", "conseiller"],
                   input=password + "\n", text=True, env=env, cwd=servers.ROOT, check=True, capture_output=True)


@contextmanager
def dashboard(workdir: Path, env: dict[str, str], rasa_url: str, name: str = "dashboard") -> Iterator[str]:
    port = servers.free_port()
    env = {**env, "LIVE_RASA_URL": rasa_url, "DASHBOARD_PASSWORD": "", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "bot.dashboard", "--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with servers.running(command, f"{url}/static/dashboard.css", workdir / f"{name}.log", env, 60):
        yield url


@contextmanager
def live_stack(kind: str, workdir: Path, web_port: int) -> Iterator[LiveStack]:
    """``kind`` "one": one action and one Rasa server on SQLite; "two": two of each on PostgreSQL
    and Redis, the widget on the first and the dashboard on the second."""
    token = secrets.token_hex(TOKEN_BYTES)
    hours_file = workdir / "hours.yaml"
    hours_file.write_text(hours_text(True), encoding="utf-8")
    with ExitStack() as stack:
        api = stack.enter_context(_send_api())
        env = {"LIVE_API_TOKEN": token, "LIVE_HOURS_FILE": str(hours_file), **servers.channel_env(web_port, api.url)}
        if kind == "two":
            database = stack.enter_context(servers.postgres_database("vae_live"))
            env.update({
                "TRACKER_DIALECT": "postgresql", "TRACKER_DB": database, "TRACKER_HOST": "127.0.0.1",
                "TRACKER_PORT": "5432", "TRACKER_USER": "postgres", "TRACKER_PASSWORD": "",
                "LOCK_STORE_URL": redis_url(), "DATABASE_URL": servers.POSTGRES_URL.format(database=database),
            })
        count = 2 if kind == "two" else 1
        managers: List[ContextManager[Any]] = []
        for index in range(count):
            port = servers.free_port()
            managers.append(servers.action_server(port, workdir, extra_env=env, log_name=f"actions-{index}.log"))
            managers.append(servers.rasa_server(servers.free_port(), port, workdir, extra_env=env,
                                                log_name=f"rasa-{index}.log"))
        urls = stack.enter_context(servers.concurrently(managers))
        rasa_urls = urls[1::2]
        full_env = servers.server_env(0, workdir / "tracker.db", extra=env)
        add_account(full_env, AGENT, AGENT_PASSWORD)
        add_account(full_env, OTHER, OTHER_PASSWORD)
        board = stack.enter_context(dashboard(workdir, full_env, rasa_urls[-1]))
        site = stack.enter_context(serving_site(web_port, rasa_urls[0]))
        yield LiveStack(rasa_urls[0], f"{site}/", board, rasa_urls[-1], hours_file,
                        full_env["DATABASE_URL"], api, count)


@contextmanager
def _send_api() -> Iterator[SendApi]:
    api = SendApi().start()
    try:
        yield api
    finally:
        api.stop()
