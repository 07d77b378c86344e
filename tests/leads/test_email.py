"""The e-mail channel against a local aiosmtpd server, on both databases."""

from __future__ import annotations

import datetime as dt
import email
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any, Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from bot.leads.config import settings
from bot.leads.handoff import EmailChannel, channels_from_settings
from bot.leads.handoff.dispatcher import dispatch_pending, retry_delay
from bot.leads.models import DELIVERED, PENDING, Delivery
from bot.leads.routing import PorteurDirectory, load_porteurs
from bot.leads.store import LeadStore
from tests.leads.conftest import NOW, free_port, lead_data

USER, PASSWORD = "bot", "mot-de-passe"


class Inbox:
    """aiosmtpd handler keeping every message received."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd)
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(envelope.content, policy=default) for envelope in self.envelopes]


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()  # returns once the server answers
    yield inbox, port
    controller.stop()


@pytest.fixture
def smtp_with_auth() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port,
        authenticator=_authenticator, auth_required=True, auth_require_tls=False,
    )
    controller.start()
    yield inbox, port
    controller.stop()


def channel(port: int, **options: Any) -> dict[str, EmailChannel]:
    values: dict[str, Any] = dict(host="127.0.0.1", port=port, mail_from="assistant@exemple.fr", starttls=False)
    values.update(options)
    return {"email": EmailChannel(**values)}


def submit(factory: sessionmaker, porteurs: PorteurDirectory, **fields: Any):
    with factory.begin() as session:
        return LeadStore(session, channels=["email"], porteurs=porteurs).submit(lead_data(**fields), NOW)


def test_the_porteur_receives_a_plain_text_french_email(
    factory: sessionmaker, porteurs: PorteurDirectory, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    lead = submit(
        factory, porteurs, postal_code="69003", phone="06 98 76 54 32",
        message="<b>Bonjour</b>\nJe suis soudeuse 👩‍🔧",
    )
    report = dispatch_pending(factory, NOW, channel(port), porteurs=porteurs)
    assert report.delivered == 1
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["aura@porteur.example"] and envelope.mail_from == "assistant@exemple.fr"
    [message] = inbox.messages()
    assert lead.reference in message["Subject"] and "Candidat" in message["Subject"]
    assert message["To"] == "aura@porteur.example" and message["Reply-To"] == "marie.curie@exemple.fr"
    assert message.get_content_type() == "text/plain"
    body = message.get_content().replace("\r\n", "\n")
    for expected in (
        f"Référence : {lead.reference}",
        "Nom : Marie Curie",
        "Téléphone : 06 98 76 54 32",  # stored in E.164, shown as dialled
        "Région : Auvergne-Rhône-Alpes",
        "<b>Bonjour</b>\nJe suis soudeuse 👩‍🔧",
        "verdict : eligible",
        "Consentement à la transmission recueilli le 02/03/2026",
    ):
        assert expected in body
    with factory() as session:
        assert session.execute(select(Delivery.status)).scalar_one() == DELIVERED


@pytest.fixture
def no_address(tmp_path: Path) -> PorteurDirectory:
    """Only the default porteur, without an address."""
    path = tmp_path / "default-only.yaml"
    path.write_text("porteurs:\n  - {code: default, name: Porteur de projet, email: ''}\n", encoding="utf-8")
    return load_porteurs(path, default_email="")


def test_without_a_porteur_address_the_mail_goes_to_lead_mail_to(
    factory: sessionmaker, porteurs: PorteurDirectory, no_address: PorteurDirectory, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    lead = submit(factory, porteurs, postal_code="29200")  # Bretagne: the default porteur
    dispatch_pending(factory, NOW, channel(port, mail_to="leads@exemple.fr"), porteurs=no_address)
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["leads@exemple.fr"]
    assert lead.reference in inbox.messages()[0].get_content()


def test_no_recipient_at_all_is_an_error_retried_later(
    factory: sessionmaker, porteurs: PorteurDirectory, no_address: PorteurDirectory, smtp: tuple[Inbox, int]
) -> None:
    _, port = smtp
    submit(factory, porteurs, postal_code="29200")
    assert dispatch_pending(factory, NOW, channel(port), porteurs=no_address).retried == 1
    with factory() as session:
        assert "no recipient" in session.execute(select(Delivery.last_error)).scalar_one()


def test_smtp_down_then_up_delivers_once(
    factory: sessionmaker, porteurs: PorteurDirectory, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    lead = submit(factory, porteurs)
    down = dispatch_pending(factory, NOW, channel(free_port()), porteurs=porteurs)
    assert down.retried == 1
    with factory() as session:
        assert session.execute(select(Delivery.status)).scalar_one() == PENDING
    later = NOW + retry_delay(1)
    assert dispatch_pending(factory, later, channel(port), porteurs=porteurs).delivered == 1
    again = dispatch_pending(factory, later + dt.timedelta(hours=1), channel(port), porteurs=porteurs)
    assert again.attempted == 0
    assert [lead.reference in message["Subject"] for message in inbox.messages()] == [True]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_login(
    factory: sessionmaker, porteurs: PorteurDirectory, smtp_with_auth: tuple[Inbox, int]
) -> None:
    inbox, port = smtp_with_auth
    submit(factory, porteurs)
    wrong = dispatch_pending(factory, NOW, channel(port, user=USER, password="faux"), porteurs=porteurs)
    assert wrong.retried == 1
    with factory() as session:
        assert session.execute(select(Delivery.last_error)).scalar_one() == "SMTP server answered 535"
    later = NOW + retry_delay(1)
    right = dispatch_pending(factory, later, channel(port, user=USER, password=PASSWORD), porteurs=porteurs)
    assert right.delivered == 1
    assert len(inbox.envelopes) == 1


def test_channels_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_HOST", "smtp.exemple.fr")
    monkeypatch.setenv("SMTP_STARTTLS", "non")
    monkeypatch.setenv("LEAD_MAIL_TO", "leads@exemple.fr")
    channels = channels_from_settings(settings())
    assert list(channels) == ["email"]
    assert channels["email"] == EmailChannel(
        host="smtp.exemple.fr", port=587, mail_from="assistant-vae-inversee@localhost",
        mail_to="leads@exemple.fr", starttls=False,
    )
