"""A whole conversation over REST leaves a consented, qualified lead, delivered once to the porteur."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from bot.leads.config import settings
from bot.leads.db import make_engine, make_session_factory, migrate
from bot.leads.handoff import channels_from_settings
from bot.leads.handoff.dispatcher import dispatch_pending
from bot.leads.models import Lead
from tests.e2e.test_checks import Conversation
from tests.servers import WEBHOOK_SECRET


def test_candidate_lead_is_stored_with_consent_and_qualification_then_delivered_once(
    rasa_url: str, leads_database_url: str, webhook_receiver, monkeypatch
) -> None:
    chat = Conversation(rasa_url)
    chat.say("j'ai 30 ans, je suis demandeur d'emploi et j'ai un CAP : suis-je éligible ?")
    chat.say("un titre professionnel")
    verdict = chat.say("dès que possible")
    assert "Être mis en relation" not in verdict  # buttons are not in the text…
    assert "Souhaitez-vous être mis en relation" in verdict
    assert "Vous êtes" in chat.say("je veux être mis en relation avec un porteur de projet")
    consent_question = chat.say("je suis candidat")
    assert "conservés 12\u00a0mois au plus" in consent_question and "supprimer mes données" in consent_question
    assert "nom" in chat.say("oui")
    assert "e-mail" in chat.say("je m'appelle Julie Martin")
    assert "Je n'ai reconnu ni e-mail" in chat.say("julie.martin@")
    assert "code postal" in chat.say("julie.martin@exemple.fr")
    assert "message" in chat.say("mon code postal est 33000")
    confirmation = chat.say("Je suis disponible le matin.")
    assert "référence VAE-" in confirmation

    engine = make_engine(leads_database_url)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        lead = session.execute(select(Lead).where(Lead.email == "julie.martin@exemple.fr")).scalar_one()
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

    assert "effacées" in chat.say("supprimez mes données s'il vous plaît")
    with factory.begin() as session:
        assert session.execute(select(Lead).where(Lead.reference == reference)).first() is None
    engine.dispose()


def test_refusing_consent_stores_nothing(rasa_url: str, leads_database_url: str) -> None:
    chat = Conversation(rasa_url)
    chat.say("je voudrais être rappelé")
    chat.say("je suis employeur")
    assert "aucune donnée personnelle" in chat.say("non merci")
    migrate(leads_database_url)  # the table may not exist yet if no lead was ever stored
    engine = make_engine(leads_database_url)
    with make_session_factory(engine).begin() as session:
        assert session.execute(select(Lead).where(Lead.conversation_id == chat.sender)).first() is None
    engine.dispose()
    assert "Bonjour" in chat.say("bonjour")
