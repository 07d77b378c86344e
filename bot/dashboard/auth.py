"""Login, sessions and CSRF tokens for the dashboard.

Sessions live in the process (a restart logs everybody out) and their id travels in a cookie
signed with DASHBOARD_SECRET. Each session has its own CSRF token, put in every POST form and
compared in constant time. Failed logins are throttled per client address.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass

COOKIE_NAME = "tableau_session"
MAX_FAILURES = 5
FAILURE_WINDOW_S = 300.0


@dataclass
class UserSession:
    """A logged-in user: who, until when (monotonic seconds), and the CSRF token of their forms."""

    user: str
    expires_at: float
    csrf_token: str


class Authenticator:
    """Checks passwords, keeps sessions, signs cookies and counts failures."""

    def __init__(self, user: str, password: str, secret: bytes, session_hours: float) -> None:
        self.user = user
        self.password = password
        self.secret = secret
        self.lifetime_s = session_hours * 3600
        self._sessions: dict[str, UserSession] = {}
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def check_password(self, user: str, password: str) -> bool:
        """Constant-time comparison of both fields (an unset password never matches)."""
        if not self.password:
            return False
        same_user = hmac.compare_digest(user.encode(), self.user.encode())
        same_password = hmac.compare_digest(password.encode(), self.password.encode())
        return same_user and same_password

    def throttled(self, client: str, now: float | None = None) -> bool:
        """Whether ``client`` failed too often recently."""
        failures = self._recent(client, now)
        return len(failures) >= MAX_FAILURES

    def record_failure(self, client: str, now: float | None = None) -> None:
        self._recent(client, now).append(time.monotonic() if now is None else now)

    def open_session(self, user: str) -> str:
        """A new session; return the cookie value."""
        session_id = secrets.token_urlsafe(32)
        self._sessions[session_id] = UserSession(user, time.monotonic() + self.lifetime_s, secrets.token_urlsafe(32))
        return f"{session_id}.{self._sign(session_id)}"

    def session_of(self, cookie: str | None) -> UserSession | None:
        """The live session of a cookie; an unsigned, unknown or expired one gives None."""
        if not cookie or "." not in cookie:
            return None
        session_id, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._sign(session_id)):
            return None
        session = self._sessions.get(session_id)
        if session is None:
            return None
        if session.expires_at <= time.monotonic():
            del self._sessions[session_id]
            return None
        return session

    def close_session(self, cookie: str | None) -> None:
        if cookie and "." in cookie:
            self._sessions.pop(cookie.rsplit(".", 1)[0], None)

    def expire_all(self) -> None:
        """End every session now (tests of the expiry; a real expiry is DASHBOARD_SESSION_HOURS)."""
        for session in self._sessions.values():
            session.expires_at = 0.0

    @staticmethod
    def csrf_ok(session: UserSession, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(session.csrf_token.encode(), (token or "").encode())

    def _recent(self, client: str, now: float | None) -> deque[float]:
        now = time.monotonic() if now is None else now
        failures = self._failures[client]
        while failures and failures[0] <= now - FAILURE_WINDOW_S:
            failures.popleft()
        return failures

    def _sign(self, session_id: str) -> str:
        return hmac.new(self.secret, session_id.encode(), hashlib.sha256).hexdigest()
