"""Login, server-side sessions and CSRF tokens for the dashboard.

The cookie carries a random token; the server keeps its SHA-256 (never the token) with the
account, an expiry and the session's CSRF token, in the leads database or, when LOCK_STORE_URL
is set, in Redis. So a session survives a restart and is shared by every dashboard process.
A session ends at its expiry, at logout, or when its account is removed or changes password.
Failed logins are throttled per client address (the real one behind a trusted proxy).
Every method but the throttle's does I/O: call them from an executor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import math
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import delete
from sqlalchemy.orm import sessionmaker

from bot.dashboard import users
from bot.leads.models import DashboardSession, DashboardUser

COOKIE_NAME = "tableau_session"
MAX_FAILURES = 5
FAILURE_WINDOW_S = 300.0
TOKEN_MAX = 100  # a longer cookie is not ours
REDIS_PREFIX = "vae:dashboard:session:"


@dataclass(frozen=True)
class UserSession:
    """A logged-in user: name (the author recorded), role, and the CSRF token of their forms."""

    user: str
    role: str
    csrf_token: str

    @property
    def is_admin(self) -> bool:
        return self.role == users.ADMIN


@dataclass(frozen=True)
class StoredSession:
    """What the server keeps of a session."""

    user_id: int
    stamp: str  # users.stamp_of(the password hash at login)
    csrf_token: str
    expires_at: dt.datetime


class SessionStore(Protocol):
    def save(self, key: str, stored: StoredSession, now: dt.datetime) -> None: ...

    def load(self, key: str) -> StoredSession | None: ...

    def delete(self, key: str) -> None: ...


class DatabaseSessions:
    """Sessions in ``dashboard_sessions``; expired rows are purged at each login."""

    def __init__(self, factory: sessionmaker) -> None:
        self.factory = factory

    def save(self, key: str, stored: StoredSession, now: dt.datetime) -> None:
        with self.factory.begin() as db:
            db.execute(delete(DashboardSession).where(DashboardSession.expires_at <= now))
            db.add(DashboardSession(key=key, user_id=stored.user_id, stamp=stored.stamp,
                                    csrf_token=stored.csrf_token, expires_at=stored.expires_at))

    def load(self, key: str) -> StoredSession | None:
        with self.factory() as db:
            row = db.get(DashboardSession, key)
            return None if row is None else StoredSession(row.user_id, row.stamp, row.csrf_token, row.expires_at)

    def delete(self, key: str) -> None:
        with self.factory.begin() as db:
            db.execute(delete(DashboardSession).where(DashboardSession.key == key))


class RedisSessions:
    """Sessions as Redis keys ``vae:dashboard:session:<sha256>`` that expire with the session."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def save(self, key: str, stored: StoredSession, now: dt.datetime) -> None:
        value = {"user_id": stored.user_id, "stamp": stored.stamp, "csrf_token": stored.csrf_token,
                 "expires_at": stored.expires_at.isoformat()}
        ttl = max(1, math.ceil((stored.expires_at - now).total_seconds()))
        self.client.set(REDIS_PREFIX + key, json.dumps(value), ex=ttl)

    def load(self, key: str) -> StoredSession | None:
        raw = self.client.get(REDIS_PREFIX + key)
        if raw is None:
            return None
        value = json.loads(raw)
        return StoredSession(int(value["user_id"]), str(value["stamp"]), str(value["csrf_token"]),
                             dt.datetime.fromisoformat(value["expires_at"]))

    def delete(self, key: str) -> None:
        self.client.delete(REDIS_PREFIX + key)


class Authenticator:
    """Checks passwords against the accounts, opens and reads sessions, counts failures."""

    def __init__(self, factory: sessionmaker, store: SessionStore, session_hours: float) -> None:
        self.factory = factory
        self.store = store
        self.lifetime = dt.timedelta(hours=session_hours)
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    @property
    def lifetime_s(self) -> float:
        return self.lifetime.total_seconds()

    def login(self, name: str, password: str, now: dt.datetime) -> str | None:
        """A new session's cookie value if the password is right, else None."""
        with self.factory.begin() as db:
            user = users.authenticate(db, name, password)
            if user is None:
                return None
            user_id, stamp = user.id, users.stamp_of(user.password_hash)
        token = secrets.token_urlsafe(32)
        self.store.save(_key(token), StoredSession(user_id, stamp, secrets.token_urlsafe(32), now + self.lifetime), now)
        return token

    def session_of(self, token: str | None, now: dt.datetime) -> UserSession | None:
        """The live session of a cookie; an unknown or expired one, or a removed or re-passworded account, gives None."""
        if not token or len(token) > TOKEN_MAX:
            return None
        key = _key(token)
        stored = self.store.load(key)
        if stored is None:
            return None
        with self.factory() as db:
            user = db.get(DashboardUser, stored.user_id)
            current = None if user is None else (user.name, user.role, users.stamp_of(user.password_hash))
        if stored.expires_at <= now or current is None or not hmac.compare_digest(current[2], stored.stamp):
            self.store.delete(key)
            return None
        return UserSession(current[0], current[1], stored.csrf_token)

    def logout(self, token: str | None) -> None:
        if token and len(token) <= TOKEN_MAX:
            self.store.delete(_key(token))

    def throttled(self, client: str, now: float | None = None) -> bool:
        """Whether ``client`` failed too often recently (counted in this process)."""
        return len(self._recent(client, now)) >= MAX_FAILURES

    def record_failure(self, client: str, now: float | None = None) -> None:
        self._recent(client, now).append(time.monotonic() if now is None else now)

    @staticmethod
    def csrf_ok(session: UserSession, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(session.csrf_token.encode(), (token or "").encode())

    def _recent(self, client: str, now: float | None) -> deque[float]:
        now = time.monotonic() if now is None else now
        failures = self._failures[client]
        while failures and failures[0] <= now - FAILURE_WINDOW_S:
            failures.popleft()
        return failures


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
