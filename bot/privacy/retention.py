"""Retention: leads are deleted after LEADS_RETENTION_MONTHS without update, conversations
CONVERSATIONS_RETENTION_DAYS after their last message, except those of a lead still kept (a
lead's transcript follows the lead's retention)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from bot.leads import service
from bot.leads.models import Lead
from bot.leads.store import LeadStore
from bot.privacy.conversations import ConversationLog, log_from_env


@dataclass(frozen=True)
class PurgeReport:
    """What one purge deleted."""

    leads: int
    conversations: int
    events: int


def purge(
    now: dt.datetime,
    *,
    lead_months: int,
    conversation_days: int,
    leads_factory: Optional[sessionmaker] = None,
    log: Optional[ConversationLog] = None,
) -> PurgeReport:
    """Delete the leads and the conversations past their retention on ``now``."""
    if conversation_days < 1:
        raise ValueError("conversation_days must be at least 1")
    factory = leads_factory or service.session_factory()
    with factory.begin() as session:
        leads = LeadStore(session, channels=[]).purge_older_than(lead_months, now)
    with factory() as session:
        kept = set(session.execute(select(Lead.conversation_id).where(Lead.conversation_id.is_not(None))).scalars())
    conversations, events = (log or log_from_env()).purge(now - dt.timedelta(days=conversation_days), keep=kept)
    return PurgeReport(leads, conversations, events)
