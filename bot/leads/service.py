"""The conversation's door to the leads database.

A lead is stored with its pending deliveries in one transaction. When the database cannot be
reached, the lead is written to a local spool instead and stored by the next dispatcher run:
the visitor is told, and nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from bot.leads.config import ROOT, settings
from bot.leads.db import make_engine, make_session_factory, migrate
from bot.leads.lead_data import LeadData, conversation_key
from bot.leads.store import ErasedLeads, LeadStore
from bot.leads.validation import normalize_email, normalize_phone

logger = logging.getLogger(__name__)

SPOOL_VARIABLE = "LEADS_SPOOL_DIR"
_factories: dict[str, sessionmaker] = {}


@dataclass(frozen=True)
class SubmitOutcome:
    """The stored lead's reference, or ``deferred`` when it waits in the spool."""

    reference: str | None
    deferred: bool


def spool_dir() -> Path:
    """Where leads wait while the database is down (``var/leads-spool`` by default)."""
    return Path(os.environ.get(SPOOL_VARIABLE) or ROOT / "var" / "leads-spool")


def session_factory(url: str | None = None) -> sessionmaker:
    """A session factory on the leads database, migrated on first use in this process."""
    url = url or settings().database_url
    if url not in _factories:
        migrate(url)
        _factories[url] = make_session_factory(make_engine(url))
    return _factories[url]


def lead_data(values: Mapping[str, Any]) -> LeadData:
    """A :class:`LeadData` from the conversation's values (consent as an ISO timestamp)."""
    consent = values.get("consent_at")
    if isinstance(consent, str):
        consent = dt.datetime.fromisoformat(consent)
    return LeadData.from_mapping({**values, "consent_at": consent})


def submit_lead(values: Mapping[str, Any], now: dt.datetime | None = None) -> SubmitOutcome:
    """Store a lead; if the database fails, spool it and say so."""
    now = now or dt.datetime.now(dt.timezone.utc)
    data = lead_data(values)  # invalid data raises here, before anything is spooled
    try:
        with session_factory().begin() as session:
            reference = LeadStore(session).submit(data, now).reference
        return SubmitOutcome(reference, deferred=False)
    except SQLAlchemyError as error:
        _factories.clear()  # reconnect and re-check the schema next time
        path = _spool(values)
        logger.warning("leads database unavailable (%s); lead spooled as %s", type(error).__name__, path.name)
        return SubmitOutcome(None, deferred=True)


def _spool(values: Mapping[str, Any]) -> Path:
    folder = spool_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex}.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(dict(values), ensure_ascii=False, default=str), encoding="utf-8")
    temporary.replace(path)  # a reader never sees half a file
    return path


def flush_spool(now: dt.datetime | None = None) -> int:
    """Store every spooled lead the database now accepts; return how many were stored."""
    stored = 0
    for path in sorted(spool_dir().glob("*.json")):
        values = json.loads(path.read_text(encoding="utf-8"))
        outcome_now = now or dt.datetime.now(dt.timezone.utc)
        try:
            with session_factory().begin() as session:
                LeadStore(session).submit(lead_data(values), outcome_now)
        except SQLAlchemyError:
            _factories.clear()
            break  # still down: try again on the next run
        path.unlink()
        stored += 1
    return stored


def erase_spooled(
    *, conversation_id: str | None = None, email: str | None = None, phone: str | None = None
) -> ErasedLeads:
    """Delete the spooled leads (waiting for the database) of this conversation, e-mail or phone."""
    key = conversation_key(conversation_id) if conversation_id else None
    address = (normalize_email(email) or email.strip()).lower() if email and email.strip() else None
    number = (normalize_phone(phone) or phone.strip()) if phone and phone.strip() else None
    erased, conversations, contacts = 0, set(), set()
    for path in spool_dir().glob("*.json"):
        values = json.loads(path.read_text(encoding="utf-8"))
        spooled_email = (normalize_email(values.get("email")) or "").lower()
        spooled_phone = normalize_phone(values.get("phone"))
        if (key and conversation_key(values.get("conversation_id") or "") == key) or (
                address and spooled_email == address) or (number and spooled_phone == number):
            path.unlink()
            erased += 1
            conversations.add(values.get("conversation_id") or "")
            contacts.update(value for value in (spooled_email, spooled_phone) if value)
    return ErasedLeads(spooled=erased, conversation_ids=frozenset(conversations - {""}),
                       contacts=frozenset(contacts))

