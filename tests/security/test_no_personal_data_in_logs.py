"""After an end-to-end lead conversation, the name, e-mail and phone typed appear in no log file
of the servers (Rasa, actions, dispatcher)."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

from tests import servers
from tests.e2e.test_rest import say, texts


def test_typed_personal_data_is_in_no_server_log(rasa_url: str, server_workdir: Path, action_server_port: int) -> None:
    sender = f"pii-{uuid.uuid4().hex}"
    marker = uuid.uuid4().hex[:8]
    name, email, phone = f"Zoé Quenard{marker}", f"zoe.{marker}@exemple.fr", "06 71 23 45 89"
    say(rasa_url, "je voudrais être rappelé", sender)
    say(rasa_url, "je suis candidat", sender)
    say(rasa_url, "oui", sender)
    say(rasa_url, f"je m'appelle {name}", sender)
    say(rasa_url, f"{email} ou {phone}", sender)
    say(rasa_url, "13001", sender)
    assert "référence VAE-" in texts(say(rasa_url, f"Appelez-moi au {phone} s'il vous plaît", sender))

    # The dispatcher hands the lead over and logs what it does, in the same folder.
    env = servers.server_env(action_server_port, server_workdir / "tracker.db")
    with (server_workdir / "dispatcher.log").open("w") as log:
        subprocess.run([sys.executable, "-m", "bot.leads", "dispatch", "--once"], cwd=servers.ROOT, env=env,
                       stdout=log, stderr=subprocess.STDOUT, timeout=120, check=True)

    logs = sorted(server_workdir.glob("*.log"))
    assert {log.name for log in logs} >= {"rasa.log", "actions.log", "dispatcher.log"}
    typed = [marker, email, "0671234589", phone, "71 23 45 89", "+33671234589"]
    for log in logs:
        content = log.read_text(encoding="utf-8", errors="replace")
        assert not [value for value in typed if value in content], f"personal data in {log.name}"
