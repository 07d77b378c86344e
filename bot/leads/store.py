"""``LeadStore``: write leads with their outbox rows, merge duplicates, erase, purge, export.

The store takes a session and never commits: the caller owns the transaction, e.g.
``with factory.begin() as session: LeadStore(session).submit(data, now)``. The lead and its
pending deliveries are therefore committed together or not at all (transactional outbox).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from typing import Any, Sequence

from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import ColumnElement

from bot.leads.config import settings
from bot.leads.handoff.base import porteur_view
from bot.leads.lead_data import LeadData, clean, conversation_key
from bot.leads.models import CHANNELS, DELIVERED, LEAD_NEW, PENDING, Delivery, FollowUp, Lead
from bot.leads.routing import PorteurDirectory, load_porteurs
from bot.leads.validation import make_reference, normalize_email, normalize_phone

logger = logging.getLogger(__name__)
DUPLICATE_WINDOW = dt.timedelta(days=1)
EXPORT_COLUMNS = (
    "reference", "created_at", "updated_at", "status", "profile", "name", "email", "phone", "company",
    "siret", "postal_code", "region", "porteur_code", "message", "summary", "qualification",
    "consent_at", "consent_text_version", "conversation_id", "deliveries",
)


@dataclass(frozen=True)
class ErasedLeads:
    """What an erasure deleted, and what it needs to find the same person elsewhere."""

    ids: tuple[int, ...] = ()  # stored leads
    spooled: int = 0  # leads still waiting in the spool for the database
    delivered: int = 0  # leads a porteur had already received: they hold a copy
    conversation_ids: frozenset[str] = frozenset()
    contacts: frozenset[str] = frozenset()  # their e-mails and phones, as stored

    @property
    def count(self) -> int:
        return len(self.ids) + self.spooled


def utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC; a naive datetime is refused, as its zone is unknown."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one, e.g. datetime.now(timezone.utc)")
    return moment.astimezone(dt.timezone.utc)


class LeadStore:
    """Leads in one session.

    ``channels`` default to the configured ones, ``porteurs`` to the ``PORTEURS_FILE`` directory.
    """

    def __init__(
        self,
        session: Session,
        *,
        channels: Sequence[str] | None = None,
        porteurs: PorteurDirectory | None = None,
    ) -> None:
        self.session = session
        self.channels = list(settings().channel_names if channels is None else channels)
        unknown = set(self.channels) - set(CHANNELS)
        if unknown:
            raise ValueError(f"unknown channels: {sorted(unknown)}")
        self._porteurs = porteurs

    def submit(self, data: LeadData, now: dt.datetime) -> Lead:
        """Store a lead and queue one pending delivery per channel, in the caller's transaction.

        The same profile with the same e-mail (any case) or phone within a day of the first
        submission is the same lead, whatever the conversation: it is updated (non-empty fields
        win) and keeps its reference. Only a change of what the porteur receives
        (:data:`~bot.leads.handoff.base.PORTEUR_FIELDS`) queues a delivery, on each channel with
        none pending (a pending one sends the lead as it is then): ``lead.updated`` for a porteur
        who already received the lead. A resubmission changing nothing, such as a visitor's retry
        after a lost reply, queues nothing, except on a channel that never delivered the lead.

        Raises:
            InvalidLead: see :func:`bot.leads.lead_data.clean`.
        """
        now = utc(now)
        values = clean(data)
        lead = self._duplicate_of(values, now)
        porteurs = self._porteurs or load_porteurs()
        if lead is None:
            lead = Lead(**values, created_at=now, updated_at=now, status=LEAD_NEW)
            lead.porteur_code = porteurs.route(lead.region, data.sector or lead.message).code
            self.session.add(lead)
            self.session.flush()  # the id gives the reference
            lead.reference = make_reference(lead.id, now.year)
            action, news = "stored", True
        else:
            before = porteur_view(lead)
            changed = False
            for name, value in values.items():
                if value not in (None, "", {}) and getattr(lead, name) != value:
                    setattr(lead, name, value)
                    changed = True
            porteur_code = porteurs.route(lead.region, data.sector or lead.message).code
            changed |= porteur_code != lead.porteur_code
            lead.porteur_code = porteur_code
            news = porteur_view(lead) != before
            if changed:
                lead.updated_at = now
            action = "updated" if news else "resubmitted unchanged for the porteur"
        queued = self._queue(lead, now, news)
        self.session.flush()
        logger.info("lead %s %s (id %s, %d deliveries queued)", lead.reference, action, lead.id, queued)
        return lead

    def by_reference(self, reference: str) -> Lead | None:
        """The lead with this reference, if any."""
        return self.session.execute(select(Lead).where(Lead.reference == reference)).scalar_one_or_none()

    def erase_conversation(self, conversation_id: str) -> int:
        """Delete the leads of one conversation (sender id) and their deliveries; return how many leads."""
        return self.erase_leads(conversation_id=conversation_id).count

    def erase_lead(self, lead_id: int) -> int:
        """Delete one lead, its deliveries and its follow-ups; return how many leads (0 or 1)."""
        return self.erase_leads(lead_id=lead_id).count

    def erase_contact(self, email: str | None = None, phone: str | None = None) -> int:
        """Delete every lead with this e-mail (any case) or this phone, and their deliveries.

        Raises:
            ValueError: if neither is given.
        """
        if not ((email and email.strip()) or (phone and phone.strip())):
            raise ValueError("erase_contact needs an e-mail or a phone")
        return self.erase_leads(email=email, phone=phone).count

    def erase_leads(
        self,
        *,
        lead_id: int | None = None,
        email: str | None = None,
        phone: str | None = None,
        conversation_id: str | None = None,
    ) -> ErasedLeads:
        """Delete the leads matching any of the criteria, with their deliveries and follow-ups."""
        conditions: list[ColumnElement] = []
        if lead_id is not None:
            conditions.append(Lead.id == lead_id)
        if email and email.strip():
            address = normalize_email(email) or email.strip()
            conditions.append(func.lower(Lead.email) == address.lower())
        if phone and phone.strip():
            conditions.append(Lead.phone == (normalize_phone(phone) or phone.strip()))
        key = conversation_key(conversation_id)
        if key:
            conditions.append(Lead.conversation_id == key)
        if not conditions:
            return ErasedLeads()
        condition = or_(*conditions)
        rows = self.session.execute(select(Lead.id, Lead.conversation_id, Lead.email, Lead.phone).where(condition)).all()
        if not rows:
            return ErasedLeads()
        ids = tuple(row.id for row in rows)
        delivered = self.session.execute(
            select(func.count(func.distinct(Delivery.lead_id))).where(Delivery.lead_id.in_(ids), Delivery.status == DELIVERED)
        ).scalar_one()
        self._delete(Lead.id.in_(ids))
        return ErasedLeads(
            ids=ids,
            delivered=int(delivered),
            conversation_ids=frozenset(row.conversation_id for row in rows if row.conversation_id),
            contacts=frozenset(value for row in rows for value in (row.email, row.phone) if value),
        )

    def purge_older_than(self, months: int, now: dt.datetime) -> int:
        """Delete the leads not updated for ``months`` calendar months before ``now``; return how many."""
        if months < 1:
            raise ValueError("months must be at least 1")
        return self._delete(Lead.updated_at < utc(now) - relativedelta(months=months))

    def export(self, since: dt.date | dt.datetime | None = None) -> list[dict[str, Any]]:
        """Every lead created on or after ``since`` (a date is midnight UTC), oldest first, as plain rows."""
        statement = select(Lead).options(selectinload(Lead.deliveries)).order_by(Lead.created_at, Lead.id)
        if since is not None:
            start = since if isinstance(since, dt.datetime) else dt.datetime.combine(since, dt.time())
            start = start if start.tzinfo else start.replace(tzinfo=dt.timezone.utc)
            statement = statement.where(Lead.created_at >= start)
        return [_row(lead) for lead in self.session.execute(statement).scalars()]

    def _duplicate_of(self, values: dict[str, Any], now: dt.datetime) -> Lead | None:
        same_contact = []
        if values["email"]:
            same_contact.append(func.lower(Lead.email) == values["email"].lower())
        if values["phone"]:
            same_contact.append(Lead.phone == values["phone"])
        statement = (
            select(Lead)
            .where(
                Lead.profile == values["profile"],
                Lead.created_at >= now - DUPLICATE_WINDOW,
                or_(*same_contact),
            )
            .order_by(Lead.created_at.desc(), Lead.id.desc())
            .limit(1)
        )
        return self.session.execute(statement).scalar_one_or_none()

    def _queue(self, lead: Lead, now: dt.datetime, news: bool) -> int:
        """Queue a delivery on each channel with none pending, unless the porteur has this already."""
        queued = 0
        for channel in self.channels:
            pending = (
                select(Delivery.id)
                .where(Delivery.lead_id == lead.id, Delivery.channel == channel, Delivery.status == PENDING)
                .with_for_update()  # waits for a dispatcher sending it: once sent, a new one is queued
            )
            if self.session.execute(pending).first() is not None:
                continue  # it will send the lead as it is when sent
            delivered = select(Delivery.id).where(
                Delivery.lead_id == lead.id, Delivery.channel == channel, Delivery.status == DELIVERED
            )
            if news or self.session.execute(delivered).first() is None:
                self.session.add(
                    Delivery(
                        lead=lead,
                        channel=channel,
                        idempotency_key=uuid.uuid4().hex,
                        status=PENDING,
                        attempts=0,
                        next_attempt_at=now,
                    )
                )
                queued += 1
        return queued

    def _delete(self, condition: ColumnElement) -> int:
        leads = select(Lead.id).where(condition)
        for child in (Delivery, FollowUp):  # explicit: not every database enforces the cascade
            self.session.execute(
                delete(child).where(child.lead_id.in_(leads)).execution_options(synchronize_session="fetch")
            )
        result = self.session.execute(
            delete(Lead).where(condition).execution_options(synchronize_session="fetch")
        )
        count = result.rowcount
        logger.info("%d leads deleted", count)
        return count


def _row(lead: Lead) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in EXPORT_COLUMNS:
        if column == "deliveries":
            row[column] = "; ".join(f"{item.channel}:{item.status}" for item in lead.deliveries)
        elif column == "qualification":
            row[column] = lead.qualification
        else:
            value = getattr(lead, column)
            row[column] = value.isoformat() if isinstance(value, dt.datetime) else value
    return row
