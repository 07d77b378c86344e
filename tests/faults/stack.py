"""A Rasa server of its own for the fault tests, with its own action server that the tests stop
and start again on the same port, the HTTP API on behind a token, and a small rate limit."""

from __future__ import annotations

import secrets
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

from tests import servers

RATE_LIMIT = 20  # messages per sender per hour on this server: the longest test conversation is shorter


@dataclass
class FaultStack:
    workdir: Path
    action_port: int
    rasa_url: str
    token: str
    env: dict[str, str]
    _actions: ExitStack = field(default_factory=ExitStack)

    def start_actions(self, **extra_env: str) -> None:
        """(Re)start the action server on the same port, with ``extra_env`` over the defaults."""
        self.stop_actions()
        self._actions.enter_context(
            servers.action_server(self.action_port, self.workdir, extra_env={**self.env, **extra_env})
        )

    def stop_actions(self) -> None:
        self._actions.close()
        self._actions = ExitStack()


@pytest.fixture(scope="session")
def fault_stack(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultStack]:
    workdir = tmp_path_factory.mktemp("faults")
    token = secrets.token_hex(24)  # never starts with « - », which argparse would read as an option
    env = {"VAE_RATE_LIMIT_MESSAGES": str(RATE_LIMIT), "VAE_RATE_LIMIT_WINDOW_S": "3600"}
    action_port, rasa_port = servers.free_port(), servers.free_port()
    stack = FaultStack(workdir, action_port, f"http://127.0.0.1:{rasa_port}", token, env)
    stack.start_actions()
    try:
        with servers.rasa_server(rasa_port, action_port, workdir, extra_env=env,
                                 extra_args=["--enable-api", "--auth-token", token]):
            yield stack
    finally:
        stack.stop_actions()
