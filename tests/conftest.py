"""Shared fixtures: the real servers are started once per test session, only when needed."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tests import servers
from tests.channels.send_api import SendApi
from tests.leads.receiver import Receiver, start


@pytest.fixture(scope="session")
def model_path() -> Path:
    if not servers.MODEL.exists():
        pytest.fail(f"{servers.MODEL} is missing: run the tests with `make test`, which trains it.")
    return servers.MODEL


@pytest.fixture(scope="session")
def server_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="session")
def webhook_receiver() -> Iterator[Receiver]:
    """A porteur's endpoint on 127.0.0.1 that checks the signature; ``.url`` is where it listens."""
    receiver = Receiver(secret=servers.WEBHOOK_SECRET)
    server, _ = start(receiver)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/leads"
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def action_server_port(server_workdir: Path, webhook_receiver: Receiver) -> Iterator[int]:
    port = servers.free_port()
    with servers.action_server(port, server_workdir, webhook_receiver.url):
        yield port


@pytest.fixture(scope="session")
def web_port() -> int:
    """Port of the landing page; chosen before the Rasa server starts so its origin is allowed."""
    return servers.free_port()


@pytest.fixture(scope="session")
def send_api() -> Iterator[SendApi]:
    """Facebook's Send API, faked on 127.0.0.1: nothing leaves the machine."""
    api = SendApi().start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def rasa_url(
    model_path: Path, action_server_port: int, server_workdir: Path, web_port: int, send_api: SendApi
) -> Iterator[str]:
    extra_env = servers.channel_env(web_port, send_api.url)
    with servers.rasa_server(servers.free_port(), action_server_port, server_workdir, extra_env) as url:
        yield url


@pytest.fixture(scope="session")
def tracker_db(server_workdir: Path) -> Path:
    return server_workdir / "tracker.db"


@pytest.fixture(scope="session")
def leads_database_url(server_workdir: Path) -> str:
    return f"sqlite:///{server_workdir / 'leads.db'}"


# The fault and security tests share one extra Rasa server (API on behind a token, small rate limit).
from tests.faults.stack import fault_stack  # noqa: E402,F401
