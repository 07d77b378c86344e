"""The leads database is unreachable while a lead is saved, end to end: the visitor is told,
the lead waits in the spool, and the dispatcher stores it when the database is back."""

from __future__ import annotations

import subprocess
import sys
import uuid

from sqlalchemy import select

from bot.leads.db import make_engine, make_session_factory
from bot.leads.models import Lead
from tests import servers
from tests.e2e.test_rest import say, texts
from tests.faults.stack import FaultStack


def test_a_lead_typed_while_the_database_is_down_is_stored_when_it_returns(fault_stack: FaultStack) -> None:
    url, sender = fault_stack.rasa_url, f"dbdown-{uuid.uuid4().hex}"
    email = f"{sender}@exemple.fr"
    good_database = f"sqlite:///{fault_stack.workdir / 'leads.db'}"
    unreachable = f"postgresql://postgres@127.0.0.1:{servers.free_port()}/test?connect_timeout=2"
    fault_stack.start_actions(DATABASE_URL=unreachable)
    try:
        say(url, "je voudrais être rappelé", sender)
        say(url, "je suis candidat", sender)
        say(url, "oui", sender)
        say(url, "Inès Moreau", sender)
        say(url, email, sender)
        say(url, "75011", sender)
        told = texts(say(url, "Rappelez-moi le soir.", sender))
    finally:
        fault_stack.start_actions()
    assert "incident technique" in told and "rien à refaire" in told
    spooled = list((fault_stack.workdir / "spool").glob("*.json"))
    assert spooled, "the lead must wait in the spool"

    env = servers.server_env(fault_stack.action_port, fault_stack.workdir / "tracker.db", extra=fault_stack.env)
    run = subprocess.run([sys.executable, "-m", "bot.leads", "dispatch", "--once"], cwd=servers.ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    engine = make_engine(good_database)
    with make_session_factory(engine).begin() as session:
        lead = session.execute(select(Lead).where(Lead.email == email)).scalar_one()
        assert lead.name == "Inès Moreau" and lead.postal_code == "75011" and lead.conversation_id == sender
    engine.dispose()
    assert not list((fault_stack.workdir / "spool").glob("*.json"))
