"""A conversation survives a Rasa server restart: the SQLite tracker store keeps its state."""

from __future__ import annotations

import uuid
from pathlib import Path

from tests import servers
from tests.e2e.test_rest import say, texts


def test_a_form_resumes_after_the_server_restarts(
    model_path: Path, action_server_port: int, tmp_path: Path
) -> None:
    sender = f"restart-{uuid.uuid4().hex}"
    workdir = tmp_path  # a tracker store of its own, shared by both servers
    with servers.rasa_server(servers.free_port(), action_server_port, workdir) as url:
        first = texts(say(url, "quel salaire minimum pour un apprenti de 19 ans en contrat pro ?", sender))
        assert "diplôme" in first
    with servers.rasa_server(servers.free_port(), action_server_port, workdir) as url:
        # Same conversation, new process: the form goes on where it was, the age kept.
        assert "à 19\u00a0ans" in texts(say(url, "CAP", sender))
