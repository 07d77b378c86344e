"""Exactly-once hand-off when a lead form is submitted again, on both databases.

The measured failure: the Rasa server died after the lead was stored and before the visitor saw the
reference; the visitor sent the same answer again and the porteur received the lead twice. Here the
real action stores the lead twice on a real database, the porteur's webhook and mailbox are real
local servers, and the dispatcher runs between and after the submissions.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any, Iterator

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from actions.leads import ActionSubmitLead
from bot.leads import service
from bot.leads.handoff import EmailChannel, WebhookChannel
from bot.leads.handoff.base import LEAD_CREATED, LEAD_UPDATED
from bot.leads.handoff.dispatcher import dispatch_pending
from bot.leads.models import DELIVERED, FAILED, PENDING, Delivery, Lead
from bot.leads.routing import PorteurDirectory
from bot.leads.store import LeadStore
from tests.leads import receiver as http_receiver
from tests.leads.conftest import NOW, lead_data
from tests.leads.test_email import Inbox, smtp  # noqa: F401 (fixture)
from tests.leads.test_webhook import receiver  # noqa: F401 (fixture)

SLOTS: dict[str, Any] = dict(
    lead_profile="candidat", consent="2026-03-02T09:30:00+00:00", contact_name="Marie Curie",
    email="marie.curie@exemple.fr", phone=None, company="", postal_code="75005",
    lead_message="Je suis disponible le matin.", qualification={"verdict": "eligible", "reasons": []},
)


@pytest.fixture
def porteur_side(
    database_url: str, receiver: http_receiver.Receiver, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Iterator[dict[str, Any]]:
    """The action server's settings on this database, with both channels configured."""
    inbox, port = smtp
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("LEAD_WEBHOOK_URL", receiver.url)  # type: ignore[attr-defined]
    monkeypatch.setenv("LEAD_WEBHOOK_SECRET", http_receiver.SECRET)
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv(service.SPOOL_VARIABLE, str(tmp_path / "spool"))
    service._factories.clear()
    yield {
        "webhook": WebhookChannel(receiver.url, http_receiver.SECRET, 5.0),  # type: ignore[attr-defined]
        "email": EmailChannel(host="127.0.0.1", port=port, mail_from="assistant@exemple.fr",
                              mail_to="leads@porteur.example", starttls=False),
    }
    service._factories.clear()


def submit_form(**changes: Any) -> str:
    """The contact form's last answer reaches ``action_submit_lead``; the reference it shows."""
    slots = {**SLOTS, **changes}
    tracker = Tracker("visitor-1", slots, {"text": slots["lead_message"]}, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionSubmitLead().run(dispatcher, tracker, {}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_lead_saved"
    return message["lead_reference"]


def dispatch(factory: sessionmaker, channels: dict[str, Any], minutes: int = 0) -> int:
    now = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=minutes)
    return dispatch_pending(factory, now, channels).delivered


@pytest.mark.parametrize("dispatched_between", [True, False], ids=["delivered-before-retry", "pending-at-retry"])
def test_the_same_form_submitted_again_after_a_lost_reply_gives_one_reference_and_one_delivery(
    factory: sessionmaker, porteur_side: dict[str, Any], receiver: http_receiver.Receiver,
    smtp: tuple[Inbox, int], dispatched_between: bool,
) -> None:
    inbox, _ = smtp
    first = submit_form()  # stored; the reply is lost: the visitor never saw it
    if dispatched_between:
        assert dispatch(factory, porteur_side) == 2
    assert submit_form() == first  # the visitor sends the same answer again
    dispatch(factory, porteur_side, minutes=1)
    assert dispatch(factory, porteur_side, minutes=120) == 0

    assert len(receiver.leads) == 1 and list(receiver.posts.values()) == [1]
    [payload] = receiver.leads.values()
    assert (payload["event"], payload["lead"]["reference"]) == (LEAD_CREATED, first)
    [mail] = inbox.messages()
    assert "nouveau contact" in mail["Subject"] and first in mail["Subject"]
    with factory() as session:
        assert session.execute(select(Lead.reference)).scalars().all() == [first]
        assert session.execute(select(Delivery.status)).scalars().all() == [DELIVERED, DELIVERED]


def test_a_changed_answer_is_delivered_once_as_an_update_of_the_same_reference(
    factory: sessionmaker, porteur_side: dict[str, Any], receiver: http_receiver.Receiver,
    smtp: tuple[Inbox, int],
) -> None:
    inbox, _ = smtp
    first = submit_form()
    assert dispatch(factory, porteur_side) == 2
    assert submit_form(lead_message="Plutôt l'après-midi, finalement.", phone="06 98 76 54 32") == first
    assert dispatch(factory, porteur_side, minutes=1) == 2
    assert submit_form(lead_message="Plutôt l'après-midi, finalement.", phone="06 98 76 54 32") == first
    assert dispatch(factory, porteur_side, minutes=120) == 0

    assert receiver.bad_signatures == 0 and all(count == 1 for count in receiver.posts.values())
    created, updated = sorted(receiver.leads.values(), key=lambda payload: payload["event"])
    assert (created["event"], updated["event"]) == (LEAD_CREATED, LEAD_UPDATED)
    assert created["lead"]["reference"] == updated["lead"]["reference"] == first
    assert updated["idempotency_key"] != created["idempotency_key"]
    assert (updated["lead"]["message"], updated["lead"]["phone"]) == ("Plutôt l'après-midi, finalement.", "+33698765432")
    assert updated["lead"]["created_at"] == created["lead"]["created_at"]

    new, update = inbox.messages()
    assert update["Subject"] == f"VAE inversée : mise à jour du contact {first} (Candidat)"
    assert "nouveau contact" in new["Subject"] and update["In-Reply-To"] == new["Message-ID"]
    assert update["X-VAE-Event"] == LEAD_UPDATED
    body = update.get_content()
    assert "a été mise à jour" in body and "Plutôt l'après-midi, finalement." in body
    with factory() as session:  # the dashboard shows one lead, as updated
        [lead] = session.execute(select(Lead)).scalars().all()
        assert (lead.reference, lead.message, lead.phone) == (first, "Plutôt l'après-midi, finalement.", "+33698765432")
        assert lead.updated_at > lead.created_at
        assert session.execute(select(func.count()).select_from(Delivery)).scalar_one() == 4


BOTH = ["webhook", "email"]
HOUR = dt.timedelta(hours=1)


def store_submit(factory: sessionmaker, porteurs: PorteurDirectory, now: dt.datetime = NOW, **fields: Any) -> Lead:
    with factory.begin() as session:
        return LeadStore(session, channels=BOTH, porteurs=porteurs).submit(lead_data(**fields), now)


def statuses(factory: sessionmaker) -> list[tuple[str, str]]:
    with factory() as session:
        return sorted(tuple(row) for row in session.execute(select(Delivery.channel, Delivery.status)))


def mark_all(factory: sessionmaker, status: str) -> None:
    with factory.begin() as session:
        for delivery in session.execute(select(Delivery)).scalars():
            delivery.status = status


@pytest.mark.parametrize(
    "changes",
    [{}, {"consent_at": NOW + HOUR}, {"conversation_id": "conversation-2"}, {"name": "", "phone": None}],
    ids=["identical", "consent-again", "other-conversation", "empty-fields"],
)
def test_a_resubmission_the_porteur_already_has_queues_nothing(
    factory: sessionmaker, porteurs: PorteurDirectory, changes: dict[str, Any]
) -> None:
    first = store_submit(factory, porteurs)
    mark_all(factory, DELIVERED)
    again = store_submit(factory, porteurs, NOW + HOUR, **changes)
    assert again.reference == first.reference
    assert statuses(factory) == [("email", DELIVERED), ("webhook", DELIVERED)]
    with factory() as session:
        lead = session.execute(select(Lead)).scalar_one()
        assert lead.conversation_id == changes.get("conversation_id", "conversation-1")  # erasable from there
        stored_change = changes.keys() & {"consent_at", "conversation_id"}  # kept, not sent
        assert lead.updated_at == (NOW + HOUR if stored_change else NOW)


def test_a_change_while_the_first_delivery_is_pending_is_sent_with_it(
    factory: sessionmaker, porteurs: PorteurDirectory
) -> None:
    store_submit(factory, porteurs)
    store_submit(factory, porteurs, NOW + HOUR, message="Autre message")
    assert statuses(factory) == [("email", PENDING), ("webhook", PENDING)]  # built when sent: the new message


def test_a_resubmission_gives_a_lead_never_delivered_another_chance(
    factory: sessionmaker, porteurs: PorteurDirectory
) -> None:
    store_submit(factory, porteurs)
    mark_all(factory, FAILED)  # given up after its attempts
    store_submit(factory, porteurs, NOW + HOUR)
    assert statuses(factory) == [("email", FAILED), ("email", PENDING), ("webhook", FAILED), ("webhook", PENDING)]
