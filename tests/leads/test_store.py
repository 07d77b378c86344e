"""LeadStore on real SQLite and PostgreSQL: outbox, duplicates, erasure, purge, plain text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from bot.leads.db import VERSION_TABLE, make_engine, migrate
from bot.leads.lead_data import InvalidLead
from bot.leads.models import DELIVERED, NAME_MAX, PENDING, Base, Delivery, Lead
from bot.leads.routing import PorteurDirectory
from bot.leads.store import LeadStore
from tests.leads.conftest import NOW, lead_data

HOUR = dt.timedelta(hours=1)
BOTH = ["webhook", "email"]


def submit(
    factory: sessionmaker, porteurs: PorteurDirectory, now: dt.datetime = NOW, channels=BOTH, **fields
) -> Lead:
    with factory.begin() as session:
        return LeadStore(session, channels=channels, porteurs=porteurs).submit(lead_data(**fields), now)


def count(factory: sessionmaker, model, *conditions) -> int:
    with factory() as session:
        return session.execute(select(func.count()).select_from(model).where(*conditions)).scalar_one()


def test_the_migration_creates_exactly_the_models(database_url: str) -> None:
    migrate(database_url)  # a second run is a no-op
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "include_name": lambda name, type_, _: name != "sqlite_sequence",
                    "compare_type": True,
                    "version_table": VERSION_TABLE,
                },
            )
            assert compare_metadata(context, Base.metadata) == []
            assert connection.execute(select(func.count()).select_from(Lead.__table__)).scalar() == 0
            assert VERSION_TABLE in engine.dialect.get_table_names(connection)
    finally:
        engine.dispose()


def test_submit_writes_the_lead_and_its_pending_deliveries_in_one_transaction(
    factory: sessionmaker, porteurs: PorteurDirectory
) -> None:
    with factory.begin() as session:
        lead = LeadStore(session, channels=BOTH, porteurs=porteurs).submit(lead_data(), NOW)
        with factory() as other:  # another connection sees nothing before the commit
            assert other.execute(select(func.count()).select_from(Lead)).scalar_one() == 0
            assert other.execute(select(func.count()).select_from(Delivery)).scalar_one() == 0
    assert re.fullmatch(r"VAE-2026-\d{6}", lead.reference)
    with factory() as session:
        stored = session.execute(select(Lead)).scalar_one()
        assert (stored.reference, stored.status, stored.region) == (lead.reference, "nouveau", "Île-de-France")
        assert stored.created_at == NOW and stored.consent_at == NOW
        assert stored.qualification == lead_data().qualification
        deliveries = session.execute(select(Delivery).order_by(Delivery.channel)).scalars().all()
        assert [(d.channel, d.status, d.attempts, d.next_attempt_at) for d in deliveries] == [
            ("email", PENDING, 0, NOW), ("webhook", PENDING, 0, NOW)
        ]
        assert len({d.idempotency_key for d in deliveries}) == 2


def test_a_failure_in_the_transaction_keeps_neither_lead_nor_delivery(
    factory: sessionmaker, porteurs: PorteurDirectory
) -> None:
    with pytest.raises(RuntimeError), factory.begin() as session:
        LeadStore(session, channels=BOTH, porteurs=porteurs).submit(lead_data(), NOW)
        raise RuntimeError("the action crashed before its commit")
    assert count(factory, Lead) == 0 and count(factory, Delivery) == 0


def test_without_a_channel_the_lead_waits_in_the_database(
    factory: sessionmaker, porteurs: PorteurDirectory
) -> None:
    lead = submit(factory, porteurs, channels=[])
    assert count(factory, Lead) == 1 and count(factory, Delivery) == 0
    with factory() as session:
        assert LeadStore(session, channels=[]).export()[0]["reference"] == lead.reference


def test_a_duplicate_within_24_hours_updates_the_lead(
    factory: sessionmaker, porteurs: PorteurDirectory
) -> None:
    first = submit(factory, porteurs, name="Marie Curie", phone=None, message="Premier message")
    second = submit(
        factory, porteurs, NOW + 23 * HOUR, email="MARIE.CURIE@Exemple.FR", name="", phone="06 98 76 54 32",
        message="Second message", conversation_id="conversation-2",
    )
    assert second.id == first.id and second.reference == first.reference
    with factory() as session:
        lead = session.execute(select(Lead)).scalar_one()
        assert (lead.name, lead.phone, lead.message) == ("Marie Curie", "+33698765432", "Second message")
        assert lead.created_at == NOW and lead.updated_at == NOW + 23 * HOUR
    assert count(factory, Delivery) == 2  # one per channel, still pending: no new one


def test_a_duplicate_by_phone_updates_the_lead(factory: sessionmaker, porteurs: PorteurDirectory) -> None:
    first = submit(factory, porteurs, email=None, phone="+33 6 98 76 54 32")
    second = submit(factory, porteurs, NOW + HOUR, email="autre@exemple.fr", phone="0698765432")
    assert second.id == first.id
    with factory() as session:
        assert session.execute(select(Lead.email)).scalar_one() == "autre@exemple.fr"


def test_a_duplicate_after_delivery_queues_a_new_delivery(
    factory: sessionmaker, porteurs: PorteurDirectory
) -> None:
    submit(factory, porteurs, channels=["webhook"])
    with factory.begin() as session:
        session.execute(select(Delivery)).scalar_one().status = DELIVERED
    submit(factory, porteurs, NOW + HOUR, channels=["webhook"], message="Une précision")
    assert count(factory, Lead) == 1
    assert count(factory, Delivery, Delivery.status == PENDING) == 1 and count(factory, Delivery) == 2


@pytest.mark.parametrize(
    ("later", "changes"),
    [
        (dt.timedelta(hours=24, seconds=1), {}),
        (HOUR, {"profile": "employeur"}),
        (HOUR, {"email": "quelquun.autre@exemple.fr"}),
    ],
    ids=["after-24h", "other-profile", "other-email"],
)
def test_not_a_duplicate_creates_a_new_lead(
    factory: sessionmaker, porteurs: PorteurDirectory, later: dt.timedelta, changes: dict
) -> None:
    first = submit(factory, porteurs)
    second = submit(factory, porteurs, NOW + later, **changes)
    assert second.reference != first.reference
    assert count(factory, Lead) == 2 and count(factory, Delivery) == 4


def test_routing_picks_the_porteur(factory: sessionmaker, porteurs: PorteurDirectory) -> None:
    assert submit(factory, porteurs, postal_code="69003").porteur_code == "aura"
    assert submit(factory, porteurs, email="b@exemple.fr", sector="Bâtiment").porteur_code == "btp"
    assert submit(factory, porteurs, email="c@exemple.fr", postal_code="29200").porteur_code == "default"


def test_erase_a_conversation(factory: sessionmaker, porteurs: PorteurDirectory) -> None:
    submit(factory, porteurs, email="a@exemple.fr", conversation_id="A")
    submit(factory, porteurs, email="b@exemple.fr", profile="employeur", conversation_id="A")
    kept = submit(factory, porteurs, email="c@exemple.fr", conversation_id="B")
    with factory.begin() as session:
        assert LeadStore(session, channels=[]).erase_conversation("A") == 2
    with factory() as session:
        assert session.execute(select(Lead.reference)).scalars().all() == [kept.reference]
        assert set(session.execute(select(Delivery.lead_id)).scalars()) == {kept.id}
    with factory.begin() as session:
        assert LeadStore(session, channels=[]).erase_conversation("unknown") == 0


@pytest.mark.parametrize(
    ("who", "erased"),
    [
        ({"email": " MARIE.CURIE@exemple.FR "}, 2),
        ({"phone": "06.98.76.54.32"}, 1),
        ({"phone": "+33698765432", "email": "personne@exemple.fr"}, 1),
        ({"email": "personne@exemple.fr"}, 0),
    ],
)
def test_erase_a_contact(factory: sessionmaker, porteurs: PorteurDirectory, who: dict, erased: int) -> None:
    submit(factory, porteurs)
    submit(factory, porteurs, profile="recruteur", phone="06 98 76 54 32")
    submit(factory, porteurs, email="autre@exemple.fr")
    with factory.begin() as session:
        assert LeadStore(session, channels=[]).erase_contact(**who) == erased
    assert count(factory, Lead) == 3 - erased
    assert count(factory, Delivery) == 2 * (3 - erased)


def test_erase_a_contact_needs_an_email_or_a_phone(factory: sessionmaker) -> None:
    with factory.begin() as session, pytest.raises(ValueError):
        LeadStore(session, channels=[]).erase_contact()


def test_purge_deletes_the_leads_not_updated_for_n_months(
    factory: sessionmaker, porteurs: PorteurDirectory
) -> None:
    old = dt.datetime(2025, 3, 1, 12, tzinfo=dt.timezone.utc)
    recent = dt.datetime(2025, 3, 3, 12, tzinfo=dt.timezone.utc)
    submit(factory, porteurs, old, email="old@exemple.fr")
    kept = submit(factory, porteurs, recent, email="recent@exemple.fr")
    with factory.begin() as session:
        assert LeadStore(session, channels=[]).purge_older_than(12, NOW) == 1
    with factory() as session:
        assert session.execute(select(Lead.reference)).scalars().all() == [kept.reference]
    assert count(factory, Delivery) == 2


def test_a_reference_is_never_reused_after_an_erasure(
    factory: sessionmaker, porteurs: PorteurDirectory
) -> None:
    first = submit(factory, porteurs, email="a@exemple.fr")
    erased = submit(factory, porteurs, email="b@exemple.fr", conversation_id="gone")
    with factory.begin() as session:
        LeadStore(session, channels=[]).erase_conversation("gone")
    third = submit(factory, porteurs, email="c@exemple.fr")
    assert len({first.reference, erased.reference, third.reference}) == 3


HOSTILE = {
    "html": "<script>alert('x')</script><b>gras</b> &amp;",
    "sql": "Robert'); DROP TABLE leads;-- \" OR 1=1",
    "emoji": "Marie 👩‍🔧 Curie 🇫🇷",
    "long": "é" * 5000,
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_text_is_stored_as_plain_text_and_read_back(
    factory: sessionmaker, porteurs: PorteurDirectory, kind: str
) -> None:
    value = HOSTILE[kind]
    lead = submit(factory, porteurs, name=value, company=value, message=value, summary=value)
    with factory() as session:
        stored = session.execute(select(Lead).where(Lead.reference == lead.reference)).scalar_one()
        assert stored.message == value and stored.summary == value
        assert stored.name == value[:NAME_MAX] and stored.company == value[:NAME_MAX]
    assert count(factory, Lead) == 1


def test_control_characters_and_line_breaks_never_break_a_write(
    factory: sessionmaker, porteurs: PorteurDirectory
) -> None:
    lead = submit(factory, porteurs, name="Marie\x00\r\nCurie\ud800", message="ligne 1\r\nligne 2\x00")
    with factory() as session:
        stored = session.execute(select(Lead).where(Lead.id == lead.id)).scalar_one()
        assert (stored.name, stored.message) == ("Marie Curie\ufffd", "ligne 1\nligne 2")


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"consent_at": None}, ["consent_at"]),
        ({"consent_at": dt.datetime(2026, 3, 2, 9, 30)}, ["consent_at"]),
        ({"email": "pas-un-mail"}, ["email"]),
        ({"email": None, "phone": None}, ["email_or_phone"]),
        ({"phone": "08 00 00 00 00"}, ["phone"]),
        ({"siret": "12345678901234", "postal_code": "1234"}, ["siret", "postal_code"]),
        ({"profile": "curieux"}, ["profile"]),
    ],
)
def test_an_invalid_lead_is_refused_by_field_name(
    factory: sessionmaker, porteurs, changes: dict, fields: list
) -> None:
    with factory.begin() as session, pytest.raises(InvalidLead) as raised:
        LeadStore(session, channels=BOTH, porteurs=porteurs).submit(lead_data(**changes), NOW)
    assert raised.value.fields == fields
    assert "marie" not in str(raised.value).lower()
    assert count(factory, Lead) == 0


def test_consent_as_iso_text_from_a_slot(factory: sessionmaker, porteurs: PorteurDirectory) -> None:
    lead = submit(factory, porteurs, consent_at="2026-03-02T10:30:00+01:00")
    assert lead.consent_at == NOW


def test_a_naive_now_is_refused(factory: sessionmaker, porteurs: PorteurDirectory) -> None:
    with factory.begin() as session, pytest.raises(ValueError):
        LeadStore(session, channels=[], porteurs=porteurs).submit(lead_data(), NOW.replace(tzinfo=None))
