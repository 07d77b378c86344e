"""A whole conversation over REST leaves a consented, qualified lead, delivered once to the porteur."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

from sqlalchemy import select, text

from bot.leads.config import settings
from bot.leads.db import make_engine, make_session_factory, migrate
from bot.leads.handoff import channels_from_settings
from bot.leads.handoff.dispatcher import dispatch_pending
from bot.leads.models import Lead
from tests.e2e.test_checks import Conversation
from tests.servers import WEBHOOK_SECRET


def test_candidate_lead_is_stored_with_consent_and_qualification_then_delivered_once_then_erased(
    rasa_url: str, leads_database_url: str, tracker_db: Path, webhook_receiver, monkeypatch
) -> None:
    chat = Conversation(rasa_url)
    # The window is closed: the verdict comes at once; the visitor then gives the target it asks.
    chat.say("j'ai 30 ans, je suis demandeur d'emploi et j'ai un CAP : suis-je éligible ?")
    refine = next(button for button in chat.buttons() if button["title"] == "La certification visée")
    assert "Quelle certification visez-vous" in chat.say(refine["payload"])
    verdict = chat.say("un titre professionnel")
    assert "certification visée titre professionnel" in verdict
    assert "Être mis en relation" not in verdict  # buttons are not in the text…
    assert "Souhaitez-vous être mis en relation" in verdict
    assert "Vous êtes" in chat.say("je veux être mis en relation avec un porteur de projet")
    consent_question = chat.say("je suis candidat")
    assert "conservés 12\u00a0mois au plus" in consent_question and "supprimer mes données" in consent_question
    assert "nom" in chat.say("oui")
    assert "e-mail" in chat.say("je m'appelle Salomé Verdier")
    assert "Je n'ai reconnu ni e-mail" in chat.say("salome.verdier@")
    assert "code postal" in chat.say("salome.verdier@exemple.fr ou le 06 47 58 69 70")
    assert "message" in chat.say("mon code postal est 33000")
    confirmation = chat.say("Je suis disponible le matin.")
    assert "référence VAE-" in confirmation

    engine = make_engine(leads_database_url)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        lead = session.execute(select(Lead).where(Lead.email == "salome.verdier@exemple.fr")).scalar_one()
        reference = lead.reference
        assert reference in confirmation
        assert lead.consent_at is not None and lead.profile == "candidat"
        assert lead.region == "Nouvelle-Aquitaine"
        assert lead.qualification["facts"]["age"] == 30
        assert lead.qualification["verdict"] in {"eligible", "not_eligible", "to_check"}
        assert "vérification d'éligibilité" in lead.summary

    monkeypatch.setenv("DATABASE_URL", leads_database_url)
    monkeypatch.setenv("LEAD_WEBHOOK_URL", webhook_receiver.url)
    monkeypatch.setenv("LEAD_WEBHOOK_SECRET", WEBHOOK_SECRET)
    channels = channels_from_settings(settings())
    now = dt.datetime.now(dt.timezone.utc)
    report = dispatch_pending(factory, now, channels)
    dispatch_pending(factory, now + dt.timedelta(hours=2), channels)  # nothing left to send
    mine = [key for key, lead in webhook_receiver.leads.items() if lead["lead"]["reference"] == reference]
    assert len(mine) == 1 and webhook_receiver.posts[mine[0]] == 1, report
    assert webhook_receiver.bad_signatures == 0  # the receiver checked the HMAC-SHA256 signature

    erased = chat.say("supprimez mes données s'il vous plaît")
    assert "C'est fait" in erased and "1\u00a0demande de contact supprimée" in erased
    assert "déjà été transmise" in erased  # the porteur received a copy: the visitor is told
    engine.dispose()
    assert_no_trace(leads_database_url, f"sqlite:///{tracker_db}", chat.sender,
                    ["salome.verdier", "Salomé Verdier", "Salom\\u00e9 Verdier", "+33647586970", "06 47 58 69 70"])
    assert "Bonjour" in chat.say("bonjour")  # the conversation goes on, from scratch


def assert_no_trace(leads_url: str, tracker_url: str, sender: str, values: list[str]) -> None:
    """No row of the leads' tables nor of the conversation log holds any of ``values``."""
    for url, tables in ((leads_url, ["leads", "lead_deliveries", "lead_followups", "lead_audit"]),
                        (tracker_url, ["events"])):
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                rows = "\n".join(str(tuple(row)) for table in tables
                                  for row in connection.execute(text(f"SELECT * FROM {table}")))
        finally:
            engine.dispose()
        for value in values:
            assert value.lower() not in rows.lower(), f"{value!r} is still in {tables}"
    engine = make_engine(tracker_url)
    try:
        with engine.connect() as connection:
            kinds = connection.execute(text("SELECT type_name FROM events WHERE sender_id = :sender ORDER BY id"),
                                       {"sender": sender}).scalars().all()
    finally:
        engine.dispose()
    assert kinds[:2] == ["restart", "action"]  # nothing from before the erasure


def test_refusing_consent_stores_nothing_not_even_an_address_typed_afterwards(
    rasa_url: str, leads_database_url: str, tracker_db: Path
) -> None:
    chat = Conversation(rasa_url)
    chat.say("je voudrais être rappelé")
    chat.say("je suis employeur")
    refusal = chat.say("non merci")
    assert "aucune donnée personnelle" in refusal and "effacée 90\u00a0jours après" in refusal
    chat.say("voici quand même mon mail lea.refus@exemple.fr et mon 06 11 22 33 44")
    with sqlite3.connect(tracker_db) as connection:
        stored = [data for (data,) in connection.execute(
            "SELECT data FROM events WHERE sender_id = ?", (chat.sender,))]
    assert any("[e-mail]" in data and "[t\\u00e9l\\u00e9phone]" in data for data in stored)
    assert not [data for data in stored if "lea.refus" in data or "06 11 22" in data or "0611223344" in data]
    migrate(leads_database_url)  # the table may not exist yet if no lead was ever stored
    engine = make_engine(leads_database_url)
    with make_session_factory(engine).begin() as session:
        assert session.execute(select(Lead).where(Lead.conversation_id == chat.sender)).first() is None
    engine.dispose()
    assert "Bonjour" in chat.say("bonjour")
