"""The right to erasure (RGPD art. 17) in one place, for the chat, the command line and the dashboard.

Everything that can hold a person's data goes: their leads (stored or spooled) with deliveries
and follow-ups, the log of their conversations, and what Redis keeps about those
conversations. One audit line per erased lead stays, with no personal data (action, lead id,
author, time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy.orm import sessionmaker

from bot.leads import models, service
from bot.leads.models import AuditEntry
from bot.leads.store import LeadStore
from bot.leads.text import plain
from bot.leads.validation import normalize_email, normalize_phone
from bot.privacy import memory
from bot.privacy.conversations import ConversationLog, log_from_env

VISITOR = "visiteur"  # the audit line's author when the visitor erases from the chat
ERASE = "erase"


@dataclass(frozen=True)
class ErasureReport:
    """What was erased."""

    leads: int = 0
    delivered: int = 0  # of which a porteur had already received a copy
    conversations: int = 0
    events: int = 0
    memory_keys: int = 0


def erase(
    *,
    author: str,
    now: dt.datetime,
    lead_id: Optional[int] = None,
    email: Optional[str] = None,
    phone: Optional[str] = None,
    conversation_id: Optional[str] = None,
    search_conversations: bool = True,
    leads_factory: Optional[sessionmaker] = None,
    log: Optional[ConversationLog] = None,
    redis: Optional[Any] = None,
) -> ErasureReport:
    """Erase the leads matching the criteria and every conversation of theirs.

    ``search_conversations`` also erases the conversations that mention the leads' e-mail or phone
    (an operator's erasure, after checking who asks). The chat erases its own conversation only:
    typing someone's address must not erase their conversations.

    Raises:
        SQLAlchemyError, redis.RedisError: a store failed; what came before it is erased.
    """
    factory = leads_factory or service.session_factory()
    with factory.begin() as session:
        stored = LeadStore(session, channels=[]).erase_leads(
            lead_id=lead_id, email=email, phone=phone, conversation_id=conversation_id)
        # One line per erased lead; a request that found no lead (the chat's, the command line's)
        # is recorded too, without a lead id.
        for erased_id in stored.ids or ((None,) if lead_id is None else ()):
            session.add(AuditEntry(action=ERASE, lead_id=erased_id, author=plain(author, models.AUTHOR_MAX) or "?",
                                   created_at=now))
    spooled = service.erase_spooled(conversation_id=conversation_id, email=email, phone=phone)
    senders = set(stored.conversation_ids | spooled.conversation_ids)
    if conversation_id:
        senders.add(conversation_id)
    log = log or log_from_env()
    if search_conversations:
        contacts = set(stored.contacts | spooled.contacts)
        contacts.update(value for value in (normalize_email(email), normalize_phone(phone)) if value)
        if email and email.strip():
            contacts.add(email.strip())
        senders |= log.senders_mentioning(contacts)
    events = log.erase(senders)
    keys = memory.forget(senders, redis)
    return ErasureReport(
        leads=stored.count + spooled.count,
        delivered=stored.delivered,
        conversations=len(senders),
        events=events,
        memory_keys=keys,
    )
