"""The live queue on the leads database: who waits for a person of the team, who took which conversation.

Every function takes a session and never commits: the caller owns the transaction, e.g.
``with factory.begin() as session: queue.take(session, sender_id, user, now)``. State changes are
conditional UPDATEs, so two dashboards (or two servers) racing for one conversation cannot both
win. On SQLite, call ``take`` first in its transaction: a read before it would hold a shared lock
that a concurrent writer cannot upgrade past.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, fields

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.leads.lead_data import conversation_key
from bot.leads.models import (
    AUTHOR_MAX,
    CODE_MAX,
    LIVE_CLOSED,
    LIVE_MISSED,
    LIVE_TAKEN,
    LIVE_WAITING,
    LiveConversation,
)
from bot.leads.store import utc
from bot.leads.text import plain

HISTORY_TAKES = 20  # the estimate is the median wait of the last takes...
HISTORY_PERIOD = dt.timedelta(weeks=4)  # ...taken recently: older habits of the team say little
MISSED_SHOWN = dt.timedelta(hours=1)  # ongoing() still lists a missed request this long
TAKEABLE = (LIVE_WAITING, LIVE_MISSED)  # a missed visitor may still be there: the team may answer late
ACTIVE = (LIVE_WAITING, LIVE_TAKEN)


@dataclass(frozen=True)
class LiveEntry:
    """A copy of one ``live_conversations`` row (ORM objects never leave this module)."""

    sender_id: str
    channel: str
    status: str
    requested_at: dt.datetime
    deadline_at: dt.datetime
    taken_by: str | None
    taken_at: dt.datetime | None
    closed_at: dt.datetime | None
    updated_at: dt.datetime


def _entry(row: LiveConversation) -> LiveEntry:
    return LiveEntry(**{field.name: getattr(row, field.name) for field in fields(LiveEntry)})


def _key(sender_id: str) -> str:
    key = conversation_key(sender_id)
    if not key:
        raise ValueError("empty sender id")
    return key


def _account(user: str) -> str:
    return plain(user, AUTHOR_MAX) or "?"


def request(session: Session, sender_id: str, channel: str, now: dt.datetime, wait_s: int) -> LiveEntry:
    """Put the conversation in the queue, waiting until ``now + wait_s``.

    A conversation already waiting or taken is left as it is (a visitor asking twice keeps their
    place); a missed or closed one waits again, from ``now``.
    """
    key, now = _key(sender_id), utc(now)
    values = dict(
        channel=plain(channel, CODE_MAX) or "?",
        status=LIVE_WAITING,
        requested_at=now,
        deadline_at=now + dt.timedelta(seconds=wait_s),
        taken_by=None,
        taken_at=None,
        closed_at=None,
        updated_at=now,
    )
    session.execute(
        update(LiveConversation)
        .where(LiveConversation.sender_id == key, LiveConversation.status.notin_(ACTIVE))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if session.get(LiveConversation, key, populate_existing=True) is None:
        try:
            with session.begin_nested():  # another server may insert the same conversation meanwhile
                session.add(LiveConversation(sender_id=key, **values))
        except IntegrityError:
            pass  # it did: its row stands, as if this request came second
    row = session.get(LiveConversation, key, populate_existing=True)
    assert row is not None  # inserted above, by this session or another
    return _entry(row)


def get(session: Session, sender_id: str) -> LiveEntry | None:
    """The conversation's queue row, if it ever asked for a person."""
    row = session.get(LiveConversation, _key(sender_id), populate_existing=True)
    return None if row is None else _entry(row)


def position(session: Session, sender_id: str) -> int:
    """The 1-based place among waiting conversations, oldest request first; 0 when not waiting."""
    own = get(session, sender_id)
    if own is None or own.status != LIVE_WAITING:
        return 0
    ahead = select(func.count()).select_from(LiveConversation).where(
        LiveConversation.status == LIVE_WAITING,
        or_(
            LiveConversation.requested_at < own.requested_at,
            and_(LiveConversation.requested_at == own.requested_at, LiveConversation.sender_id < own.sender_id),
        ),
    )
    return int(session.execute(ahead).scalar_one()) + 1


def estimated_wait_s(session: Session, now: dt.datetime, wait_s: int) -> int:
    """The rough wait to announce: the median wait of the team's recent takes, at most ``wait_s``.

    Without recent takes it is ``wait_s``: the visitor is promised no more than the delay after
    which the contact form is offered anyway.
    """
    recent = (
        select(LiveConversation.requested_at, LiveConversation.taken_at)
        .where(LiveConversation.taken_at.is_not(None), LiveConversation.taken_at >= utc(now) - HISTORY_PERIOD)
        .order_by(LiveConversation.taken_at.desc())
        .limit(HISTORY_TAKES)
    )
    waits = [max(0.0, (taken - asked).total_seconds()) for asked, taken in session.execute(recent)]
    if not waits:
        return wait_s
    return min(wait_s, int(round(statistics.median(waits))))


def take(session: Session, sender_id: str, user: str, now: dt.datetime) -> bool:
    """``user`` takes a waiting (or missed) conversation; False if someone else was first or none waits."""
    now = utc(now)
    result = session.execute(
        update(LiveConversation)
        .where(LiveConversation.sender_id == _key(sender_id), LiveConversation.status.in_(TAKEABLE))
        .values(status=LIVE_TAKEN, taken_by=_account(user), taken_at=now, closed_at=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def untake(session: Session, sender_id: str, user: str, now: dt.datetime) -> None:
    """Undo ``user``'s take after the Rasa server refused it: waiting again, or missed past its deadline."""
    now = utc(now)
    session.execute(
        update(LiveConversation)
        .where(
            LiveConversation.sender_id == _key(sender_id),
            LiveConversation.status == LIVE_TAKEN,
            LiveConversation.taken_by == _account(user),
        )
        .values(
            # Past the deadline the visitor was already offered the form: waiting again would never end.
            status=case((LiveConversation.deadline_at <= now, LIVE_MISSED), else_=LIVE_WAITING),
            taken_by=None,
            taken_at=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )


def release(session: Session, sender_id: str, user: str, now: dt.datetime) -> bool:
    """``user`` hands the conversation back to the assistant (taken → closed); False if not theirs."""
    now = utc(now)
    result = session.execute(
        update(LiveConversation)
        .where(
            LiveConversation.sender_id == _key(sender_id),
            LiveConversation.status == LIVE_TAKEN,
            LiveConversation.taken_by == _account(user),
        )
        .values(status=LIVE_CLOSED, closed_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def miss(session: Session, sender_id: str, now: dt.datetime) -> bool:
    """Nobody took the conversation in time (waiting → missed); False if it no longer waits."""
    now = utc(now)
    result = session.execute(
        update(LiveConversation)
        .where(LiveConversation.sender_id == _key(sender_id), LiveConversation.status == LIVE_WAITING)
        .values(status=LIVE_MISSED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def ongoing(session: Session, now: dt.datetime | None = None) -> list[LiveEntry]:
    """Waiting conversations (oldest first), then taken ones, then those missed within the last hour."""
    now = utc(now or dt.datetime.now(dt.timezone.utc))
    rank = case((LiveConversation.status == LIVE_WAITING, 0), (LiveConversation.status == LIVE_TAKEN, 1), else_=2)
    statement = (
        select(LiveConversation)
        .where(
            or_(
                LiveConversation.status.in_(ACTIVE),
                and_(LiveConversation.status == LIVE_MISSED, LiveConversation.updated_at >= now - MISSED_SHOWN),
            )
        )
        .order_by(rank, LiveConversation.requested_at, LiveConversation.sender_id)
        .execution_options(populate_existing=True)
    )
    return [_entry(row) for row in session.execute(statement).scalars()]
