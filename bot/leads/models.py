"""The leads and their outbox (``leads``, ``lead_deliveries``), their follow-up and audit, the dashboard's accounts.

Text is stored as typed (plain text, nothing escaped), cut to the documented maxima below by
``bot.leads.lead_data``. Times are UTC: stored without a zone, read back as aware datetimes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, declarative_base, relationship
from sqlalchemy.types import TypeDecorator

PROFILES = ("candidat", "employeur", "recruteur")
CHANNELS = ("webhook", "email")
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
LEAD_NEW, LEAD_SENT = "nouveau", "transmis"
# The porteur's follow-up of a lead (dashboard), distinct from ``status``, the hand-off state.
FOLLOW_UPS = ("nouveau", "contacte", "qualifie", "en_parcours", "clos")
FOLLOW_UP_NEW = FOLLOW_UPS[0]

# Documented maxima (characters); longer input is cut, never refused.
REFERENCE_MAX = 32
CODE_MAX = 20  # profile, channel, delivery status
NAME_MAX = 200
EMAIL_MAX = 254
PHONE_MAX = 20  # E.164: "+" and at most 15 digits
COMPANY_MAX = 200
SIRET_MAX = 14
POSTAL_CODE_MAX = 5
REGION_MAX = 64
MESSAGE_MAX = 10_000
SUMMARY_MAX = 10_000
CONSENT_VERSION_MAX = 64
CONVERSATION_ID_MAX = 255
PORTEUR_CODE_MAX = 64
STATUS_MAX = 32
SECTOR_MAX = 200
NOTE_MAX = 5_000
AUTHOR_MAX = 100
AUDIT_ACTION_MAX = 32
KEY_MAX = 64
ERROR_MAX = 500

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Base: Any = declarative_base(metadata=MetaData(naming_convention=NAMING))


class UtcDateTime(TypeDecorator):
    """A UTC instant: aware datetimes in and out, naive UTC in the database (same on every engine)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Optional[dt.datetime], dialect: Dialect) -> Optional[dt.datetime]:
        """Convert to naive UTC; a naive value is refused, as its zone is unknown."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one, e.g. datetime.now(timezone.utc)")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Optional[dt.datetime], dialect: Dialect) -> Optional[dt.datetime]:
        """Attach UTC to the stored value."""
        return None if value is None else value.replace(tzinfo=dt.timezone.utc)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class Lead(Base):
    """A person who asked to be put in touch with a porteur de projet."""

    __tablename__ = "leads"
    __table_args__ = (
        CheckConstraint(_one_of("profile", PROFILES), name="profile"),
        Index(None, "profile", "created_at"),
        Index(None, "created_at"),  # the dashboard's default order and date filters
        Index(None, "region"),
        Index(None, "follow_up_status"),
        {"sqlite_autoincrement": True},  # ids, hence references, are never reused after an erase
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    # Set from the id right after the insert, in the same transaction: never seen empty.
    reference: Mapped[Optional[str]] = Column(String(REFERENCE_MAX), unique=True)
    created_at: Mapped[dt.datetime] = Column(UtcDateTime, nullable=False)
    updated_at: Mapped[dt.datetime] = Column(UtcDateTime, nullable=False)
    profile: Mapped[str] = Column(String(CODE_MAX), nullable=False)
    name: Mapped[Optional[str]] = Column(String(NAME_MAX))
    email: Mapped[Optional[str]] = Column(String(EMAIL_MAX), index=True)
    phone: Mapped[Optional[str]] = Column(String(PHONE_MAX), index=True)
    company: Mapped[Optional[str]] = Column(String(COMPANY_MAX))
    siret: Mapped[Optional[str]] = Column(String(SIRET_MAX))
    postal_code: Mapped[Optional[str]] = Column(String(POSTAL_CODE_MAX))
    region: Mapped[Optional[str]] = Column(String(REGION_MAX))
    message: Mapped[Optional[str]] = Column(Text)
    qualification: Mapped[Optional[dict[str, Any]]] = Column(JSON)
    summary: Mapped[Optional[str]] = Column(Text)
    consent_at: Mapped[dt.datetime] = Column(UtcDateTime, nullable=False)
    consent_text_version: Mapped[Optional[str]] = Column(String(CONSENT_VERSION_MAX))
    conversation_id: Mapped[Optional[str]] = Column(String(CONVERSATION_ID_MAX), index=True)
    porteur_code: Mapped[str] = Column(String(PORTEUR_CODE_MAX), nullable=False)
    status: Mapped[str] = Column(String(STATUS_MAX), nullable=False, default=LEAD_NEW)
    sector: Mapped[Optional[str]] = Column(String(SECTOR_MAX))
    follow_up_status: Mapped[str] = Column(
        String(CODE_MAX), nullable=False, default=FOLLOW_UP_NEW, server_default=FOLLOW_UP_NEW
    )
    # The account of the team member who had taken the conversation over live (migration 0005).
    author: Mapped[Optional[str]] = Column(String(AUTHOR_MAX))

    deliveries: Mapped[list["Delivery"]] = relationship(
        "Delivery",
        back_populates="lead",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Delivery.id",
    )
    follow_ups: Mapped[list["FollowUp"]] = relationship(
        "FollowUp",
        back_populates="lead",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="FollowUp.id",
    )


class Delivery(Base):
    """One hand-off of a lead on one channel (the outbox row the dispatcher sends)."""

    __tablename__ = "lead_deliveries"
    __table_args__ = (
        CheckConstraint(_one_of("channel", CHANNELS), name="channel"),
        CheckConstraint(_one_of("status", (PENDING, DELIVERED, FAILED)), name="status"),
        Index(None, "status", "next_attempt_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    lead_id: Mapped[int] = Column(
        Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True
    )
    channel: Mapped[str] = Column(String(CODE_MAX), nullable=False)
    idempotency_key: Mapped[str] = Column(String(KEY_MAX), nullable=False, unique=True)
    status: Mapped[str] = Column(String(CODE_MAX), nullable=False, default=PENDING)
    attempts: Mapped[int] = Column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[dt.datetime] = Column(UtcDateTime, nullable=False)
    last_error: Mapped[Optional[str]] = Column(String(ERROR_MAX))
    delivered_at: Mapped[Optional[dt.datetime]] = Column(UtcDateTime)

    lead: Mapped[Lead] = relationship(Lead, back_populates="deliveries")


class FollowUp(Base):
    """One change of a lead's follow-up by a porteur: the new status and/or a note, who, when."""

    __tablename__ = "lead_followups"
    __table_args__ = (
        CheckConstraint(_one_of("status", FOLLOW_UPS), name="status"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    lead_id: Mapped[int] = Column(
        Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[str] = Column(String(CODE_MAX), nullable=False)
    note: Mapped[Optional[str]] = Column(Text)
    author: Mapped[str] = Column(String(AUTHOR_MAX), nullable=False)
    created_at: Mapped[dt.datetime] = Column(UtcDateTime, nullable=False)

    lead: Mapped[Lead] = relationship(Lead, back_populates="follow_ups")


class AuditEntry(Base):
    """What a dashboard user did to a lead, without personal data: the lead's id survives its erasure."""

    __tablename__ = "lead_audit"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = Column(Integer, primary_key=True)
    action: Mapped[str] = Column(String(AUDIT_ACTION_MAX), nullable=False)
    lead_id: Mapped[Optional[int]] = Column(Integer)  # no foreign key: erased leads keep their line
    author: Mapped[str] = Column(String(AUTHOR_MAX), nullable=False)
    created_at: Mapped[dt.datetime] = Column(UtcDateTime, nullable=False)


# --- dashboard accounts (migration 0004) ---------------------------------------------------------
ROLES = ("admin", "conseiller")  # admin: also exports and erases; conseiller: reads and follows up
PASSWORD_HASH_MAX = 255
SESSION_KEY_MAX = 64
TOKEN_MAX = 64


class DashboardUser(Base):
    """A dashboard account: its name (recorded as the author of what it does), role and password hash."""

    __tablename__ = "dashboard_users"
    __table_args__ = (
        CheckConstraint(_one_of("role", ROLES), name="role"),
        {"sqlite_autoincrement": True},  # a removed account's id is never reused, nor are its sessions valid again
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    name: Mapped[str] = Column(String(AUTHOR_MAX), nullable=False, unique=True)
    role: Mapped[str] = Column(String(CODE_MAX), nullable=False)
    password_hash: Mapped[str] = Column(String(PASSWORD_HASH_MAX), nullable=False)  # argon2id, salted
    created_at: Mapped[dt.datetime] = Column(UtcDateTime, nullable=False)


class DashboardSession(Base):
    """A logged-in browser, stored server-side; the key is the SHA-256 of the cookie's token, never the token."""

    __tablename__ = "dashboard_sessions"

    key: Mapped[str] = Column(String(SESSION_KEY_MAX), primary_key=True)
    user_id: Mapped[int] = Column(
        Integer, ForeignKey("dashboard_users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    stamp: Mapped[str] = Column(String(TOKEN_MAX), nullable=False)  # of the password hash: a new password ends it
    csrf_token: Mapped[str] = Column(String(TOKEN_MAX), nullable=False)
    expires_at: Mapped[dt.datetime] = Column(UtcDateTime, nullable=False, index=True)


# --- live takeover by the porteur's team (migration 0005) ----------------------------------------
LIVE_WAITING, LIVE_TAKEN, LIVE_MISSED, LIVE_CLOSED = "waiting", "taken", "missed", "closed"
LIVE_STATUSES = (LIVE_WAITING, LIVE_TAKEN, LIVE_MISSED, LIVE_CLOSED)


class LiveConversation(Base):
    """A visitor's request for a person of the team: waiting, taken by someone, missed or closed."""

    __tablename__ = "live_conversations"
    __table_args__ = (
        CheckConstraint(_one_of("status", LIVE_STATUSES), name="status"),
        Index(None, "status"),
    )

    sender_id: Mapped[str] = Column(String(CONVERSATION_ID_MAX), primary_key=True)
    channel: Mapped[str] = Column(String(CODE_MAX), nullable=False)  # socketio, facebook, rest, ...
    status: Mapped[str] = Column(String(CODE_MAX), nullable=False)
    requested_at: Mapped[dt.datetime] = Column(UtcDateTime, nullable=False)
    deadline_at: Mapped[dt.datetime] = Column(UtcDateTime, nullable=False)
    taken_by: Mapped[Optional[str]] = Column(String(AUTHOR_MAX))
    taken_at: Mapped[Optional[dt.datetime]] = Column(UtcDateTime)
    closed_at: Mapped[Optional[dt.datetime]] = Column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = Column(UtcDateTime, nullable=False)
