"""The leads as the dashboard reads and changes them: filters, pages, follow-up, export, erasure."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterator, Mapping
from urllib.parse import urlencode

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import ColumnElement

from bot.leads import models
from bot.leads.models import AuditEntry, FollowUp, Lead
from bot.leads.text import plain

PAGE_SIZE = 50
SEARCH_MAX = 100
FOLLOW_UP_LABELS = {
    "nouveau": "Nouveau",
    "contacte": "Contacté",
    "qualifie": "Qualifié",
    "en_parcours": "En parcours",
    "clos": "Clos",
}
PROFILE_LABELS = {"candidat": "Candidat", "employeur": "Employeur", "recruteur": "Recruteur"}
DELIVERY_LABELS = {"nouveau": "En attente d’envoi", "transmis": "Transmis"}
VERDICT_LABELS = {"eligible": "Éligible", "not_eligible": "Non éligible", "to_check": "À vérifier"}


@dataclass(frozen=True)
class LeadFilter:
    """The leads table's filters, as read from the query string (invalid values are ignored)."""

    profile: str = ""
    follow_up: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    region: str = ""
    sector: str = ""
    search: str = ""
    page: int = 1
    problems: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> "LeadFilter":
        """Read ``?profil=…&suivi=…&du=…&au=…&region=…&secteur=…&q=…&page=…``; say what was ignored."""
        problems: list[str] = []
        profile = query.get("profil", "")
        if profile and profile not in models.PROFILES:
            problems.append("Profil inconnu, filtre ignoré.")
            profile = ""
        follow_up = query.get("suivi", "")
        if follow_up and follow_up not in models.FOLLOW_UPS:
            problems.append("Statut de suivi inconnu, filtre ignoré.")
            follow_up = ""
        date_from = _date(query.get("du", ""), "Date de début illisible (attendu : AAAA-MM-JJ), filtre ignoré.", problems)
        date_to = _date(query.get("au", ""), "Date de fin illisible (attendu : AAAA-MM-JJ), filtre ignoré.", problems)
        page_text = query.get("page", "1")
        page = int(page_text) if page_text.isdigit() and 0 < int(page_text) < 1_000_000 else 1
        return cls(
            profile=profile,
            follow_up=follow_up,
            date_from=date_from,
            date_to=date_to,
            region=plain(query.get("region"), models.REGION_MAX) or "",
            sector=plain(query.get("secteur"), models.SECTOR_MAX) or "",
            search=plain(query.get("q"), SEARCH_MAX) or "",
            page=page,
            problems=tuple(problems),
        )

    def query_string(self, **changes: Any) -> str:
        """The filter as a query string (``page`` dropped unless > 1), with ``changes`` applied."""
        current = replace(self, **changes)
        pairs = {
            "profil": current.profile,
            "suivi": current.follow_up,
            "du": current.date_from.isoformat() if current.date_from else "",
            "au": current.date_to.isoformat() if current.date_to else "",
            "region": current.region,
            "secteur": current.sector,
            "q": current.search,
            "page": str(current.page) if current.page > 1 else "",
        }
        return urlencode({key: value for key, value in pairs.items() if value})

    def conditions(self) -> list[ColumnElement]:
        """The SQL conditions of this filter."""
        found: list[ColumnElement] = []
        if self.profile:
            found.append(Lead.profile == self.profile)
        if self.follow_up:
            found.append(Lead.follow_up_status == self.follow_up)
        if self.date_from:
            found.append(Lead.created_at >= _midnight(self.date_from))
        if self.date_to:
            found.append(Lead.created_at < _midnight(self.date_to + dt.timedelta(days=1)))
        if self.region:
            found.append(Lead.region == self.region)
        if self.sector:
            found.append(func.lower(Lead.sector).like(_contains(self.sector), escape="\\"))
        if self.search:
            pattern = _contains(self.search)
            found.append(
                or_(
                    func.lower(Lead.name).like(pattern, escape="\\"),
                    func.lower(Lead.email).like(pattern, escape="\\"),
                    func.lower(Lead.company).like(pattern, escape="\\"),
                    func.lower(Lead.reference).like(pattern, escape="\\"),
                    *([Lead.phone.like(f"%{digits}%")] if (digits := _phone_digits(self.search)) else []),
                )
            )
        return found


@dataclass(frozen=True)
class LeadPage:
    """One page of the leads table."""

    rows: list[Lead]
    total: int
    page: int
    pages: int


def leads_page(session: Session, lead_filter: LeadFilter) -> LeadPage:
    """The filtered leads, newest first, ``PAGE_SIZE`` a page; the total counted in SQL."""
    conditions = lead_filter.conditions()
    total = session.execute(select(func.count(Lead.id)).where(*conditions)).scalar_one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(lead_filter.page, pages)
    statement = (
        select(Lead)
        .where(*conditions)
        .order_by(Lead.created_at.desc(), Lead.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return LeadPage(list(session.execute(statement).scalars()), total, page, pages)


def regions(session: Session) -> list[str]:
    """The régions that have leads, for the filter's list."""
    statement = select(Lead.region).where(Lead.region.is_not(None)).distinct().order_by(Lead.region)
    return [region for region in session.execute(statement).scalars()]


def lead_detail(session: Session, lead_id: int) -> Lead | None:
    """One lead with its deliveries and follow-up history."""
    statement = (
        select(Lead)
        .where(Lead.id == lead_id)
        .options(selectinload(Lead.deliveries), selectinload(Lead.follow_ups))
    )
    return session.execute(statement).scalar_one_or_none()


def change_follow_up(
    session: Session, lead_id: int, status: str, note: str | None, author: str, now: dt.datetime
) -> FollowUp | None:
    """Record a new follow-up status and/or note by ``author``; None if the lead no longer exists.

    Raises:
        ValueError: unknown status.
    """
    if status not in models.FOLLOW_UPS:
        raise ValueError(f"unknown follow-up status: {status!r}")
    lead = session.get(Lead, lead_id)
    if lead is None:
        return None
    lead.follow_up_status = status
    entry = FollowUp(
        lead=lead,
        status=status,
        note=plain(note, models.NOTE_MAX, multiline=True),
        author=plain(author, models.AUTHOR_MAX) or "?",
        created_at=now,
    )
    session.add(entry)
    session.flush()
    return entry


def audit(session: Session, action: str, author: str, now: dt.datetime, lead_id: int | None = None) -> None:
    """One audit line: what, on which lead id, by whom, when."""
    session.add(AuditEntry(action=action, lead_id=lead_id, author=plain(author, models.AUTHOR_MAX) or "?", created_at=now))


def leads_for_export(session: Session, lead_filter: LeadFilter) -> Iterator[Lead]:
    """Every lead of the filter (all pages), newest first, read in batches."""
    statement = (
        select(Lead)
        .where(*lead_filter.conditions())
        .order_by(Lead.created_at.desc(), Lead.id.desc())
        .execution_options(yield_per=1_000)
    )
    yield from session.execute(statement).scalars()


def counts_by_follow_up(session: Session) -> dict[str, int]:
    """How many leads per follow-up status."""
    statement = select(Lead.follow_up_status, func.count()).group_by(Lead.follow_up_status)
    return {status: int(n) for status, n in session.execute(statement).all()}


def leads_per_day_and_profile(session: Session, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.date, str, int]]:
    """(UTC day, profile, leads) created in [start, end), counted in SQL."""
    day = _day(session)
    statement = (
        select(day, Lead.profile, func.count())
        .where(Lead.created_at >= start, Lead.created_at < end)
        .group_by(day, Lead.profile)
    )
    rows = []
    for value, profile, n in session.execute(statement).all():
        rows.append((_as_date(value), profile, int(n)))
    return rows


def count_created(session: Session, start: dt.datetime, end: dt.datetime) -> int:
    """Leads created in [start, end)."""
    statement = select(func.count(Lead.id)).where(Lead.created_at >= start, Lead.created_at < end)
    return int(session.execute(statement).scalar_one())


def verdict_of(lead: Lead) -> str:
    """The qualification's verdict in French, or an empty string."""
    verdict = (lead.qualification or {}).get("verdict") if isinstance(lead.qualification, dict) else None
    return VERDICT_LABELS.get(verdict, verdict or "") if isinstance(verdict, str) else ""


def _day(session: Session) -> ColumnElement:
    """The UTC day of ``created_at`` (stored naive UTC): SQLite's date(), PostgreSQL's date cast."""
    if session.get_bind().dialect.name == "sqlite":
        return func.date(Lead.created_at)
    return func.date_trunc("day", Lead.created_at)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _phone_digits(text: str) -> str:
    """The digits of a phone query as stored (E.164): « 06 98 » → ``33698``; fewer than 2 → empty."""
    digits = re.sub(r"\D", "", text)
    if len(digits) < 2:
        return ""
    return "33" + digits[1:] if digits.startswith("0") else digits


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)


def _contains(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _date(text: str, problem: str, problems: list[str]) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(problem)
        return None


