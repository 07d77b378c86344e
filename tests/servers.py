"""Start the real action and Rasa servers for tests, and stop them afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, ContextManager, Iterator, List

import requests

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "vae-inversee.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


WEBHOOK_SECRET = "test-secret"


def server_env(
    action_port: int, tracker_db: Path, webhook_url: str = "", extra: dict[str, str] | None = None
) -> dict[str, str]:
    """The servers' environment: stores in the test's folder, leads handed to ``webhook_url``;
    ``extra`` overrides (e.g. TRACKER_DIALECT, LOCK_STORE_URL, DATABASE_URL)."""
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
        TRACKER_DB=str(tracker_db),
        DATABASE_URL=f"sqlite:///{tracker_db.parent / 'leads.db'}",
        LEADS_SPOOL_DIR=str(tracker_db.parent / "spool"),
        LEAD_WEBHOOK_URL=webhook_url,
        LEAD_WEBHOOK_SECRET=WEBHOOK_SECRET,
    )
    env.update(extra or {})
    return env


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    """Poll ``url`` until it answers; fail with the log's tail if the process dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


@contextmanager
def running(command: list[str], url: str, log: Path, env: dict[str, str], timeout: float) -> Iterator[subprocess.Popen]:
    with log.open("w") as stream:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stream, stderr=subprocess.STDOUT)
    try:
        wait_until_up(url, process, log, timeout)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def action_server(
    port: int, workdir: Path, webhook_url: str = "", extra_env: dict[str, str] | None = None, log_name: str = "actions.log"
) -> Iterator[str]:
    env = server_env(port, workdir / "tracker.db", webhook_url, extra_env)
    command = [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/health", workdir / log_name, env, 60):
        yield f"http://127.0.0.1:{port}/webhook"


FACEBOOK_VERIFY_TOKEN = "test-verify-token"
FACEBOOK_APP_SECRET = "test-app-secret"
FACEBOOK_PAGE_ACCESS_TOKEN = "test-page-token"


def channel_env(web_port: int, graph_url: str) -> dict[str, str]:
    """Browser origins of the landing page on ``web_port``; Messenger sending to ``graph_url``."""
    from channels.origins import default_origins

    return {
        "CORS_ORIGINS": " ".join(default_origins(web_port)),
        "FACEBOOK_VERIFY_TOKEN": FACEBOOK_VERIFY_TOKEN,
        "FACEBOOK_APP_SECRET": FACEBOOK_APP_SECRET,
        "FACEBOOK_PAGE_ACCESS_TOKEN": FACEBOOK_PAGE_ACCESS_TOKEN,
        "FACEBOOK_GRAPH_URL": graph_url,
    }


@contextmanager
def rasa_server(
    port: int,
    action_port: int,
    workdir: Path,
    extra_env: dict[str, str] | None = None,
    extra_args: list[str] | None = None,
    log_name: str = "rasa.log",
) -> Iterator[str]:
    """``extra_env`` adds settings such as ``channel_env()`` (CORS_ORIGINS → --cors);
    ``extra_args`` e.g. ``["--enable-api", "--auth-token", token]``."""
    env = server_env(action_port, workdir / "tracker.db", extra=extra_env)
    command = [
        sys.executable, "-m", "rasa", "run", "--model", str(MODEL),
        "--interface", "127.0.0.1", "--port", str(port),
        "--endpoints", "endpoints.yml", "--credentials", "credentials.yml", *(extra_args or []),
    ]
    if env.get("CORS_ORIGINS"):
        command += ["--cors", *env["CORS_ORIGINS"].split()]
    with running(command, f"http://127.0.0.1:{port}/", workdir / log_name, env, 300):
        yield f"http://127.0.0.1:{port}"


POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/{database}"


def unavailable(what: str, error: Exception) -> None:
    """Skip for lack of a local service, except under CI=true, where the test fails."""
    import pytest

    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required under CI: {error}")
    pytest.skip(f"{what} unavailable: {error}")


@contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """A fresh PostgreSQL database on 127.0.0.1:5432 named ``<prefix>_<random>``, dropped afterwards."""
    import uuid

    import psycopg2

    try:
        admin = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="test", connect_timeout=5)
    except psycopg2.OperationalError as error:
        unavailable("PostgreSQL on 127.0.0.1:5432", error)
    admin.autocommit = True
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@contextmanager
def concurrently(managers: List[ContextManager[Any]]) -> Iterator[List[Any]]:
    """Enter the context managers at the same time (the Rasa servers load for a minute each)."""
    with ExitStack() as stack, ThreadPoolExecutor(len(managers)) as pool:
        futures = [pool.submit(manager.__enter__) for manager in managers]
        values, errors = [], []
        for manager, future in zip(managers, futures):
            try:
                values.append(future.result())
                stack.push(manager.__exit__)
            except Exception as error:  # noqa: BLE001 - the others are stopped, then it is raised
                errors.append(error)
        if errors:
            raise errors[0]
        yield values
