"""The dashboard's settings, from the environment (DASHBOARD_* and the stores' own variables)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from bot.proxies import Network, parse_trusted_proxies
from bot.dashboard.tracker import tracker_url_from_env
from bot.leads.config import ConfigError, settings as lead_settings
from bot.live.settings import DEFAULT_RASA_URL as DEFAULT_LIVE_RASA_URL  # the Rasa server ``make run`` starts
from bot.rules.freshness import DEFAULT_MONTHS as DEFAULT_FRESHNESS_MONTHS

DEFAULT_PORT = 8081
DEFAULT_USER = "porteur"
DEFAULT_SESSION_HOURS = 8.0


@dataclass(frozen=True)
class DashboardSettings:
    """Who may log in, for how long, and where the data is."""

    user: str  # the first admin's name, created from ``password`` on an empty accounts table
    password: str  # no account and no password: the dashboard is disabled (every page says how to open it)
    session_hours: float
    leads_url: str
    tracker_url: str
    freshness_months: int = DEFAULT_FRESHNESS_MONTHS  # a legal parameter checked longer ago is flagged
    trusted_proxies: tuple[Network, ...] = ()  # peers whose X-Forwarded-For/-Proto are believed
    lock_store_url: str = ""  # Redis for the sessions; empty: the leads database
    live_rasa_url: str = DEFAULT_LIVE_RASA_URL  # the Rasa server whose live channel takes conversations over
    live_api_token: str = ""  # shared with that server; empty: live takeover is off (the page says how to set it)

    @property
    def live_configured(self) -> bool:
        return bool(self.live_api_token)


def settings(environ: Mapping[str, str] | None = None) -> DashboardSettings:
    """Read DASHBOARD_USER, DASHBOARD_PASSWORD, DASHBOARD_SESSION_HOURS, DASHBOARD_FRESHNESS_MONTHS,
    TRUSTED_PROXIES, LOCK_STORE_URL, LIVE_RASA_URL, LIVE_API_TOKEN, DATABASE_URL, TRACKER_*.

    Raises:
        ConfigError: DASHBOARD_SESSION_HOURS is not a positive number,
            DASHBOARD_FRESHNESS_MONTHS not a whole number of months (zero or more),
            LOCK_STORE_URL is not a Redis URL, or LIVE_RASA_URL not an http(s) URL.
    """
    env = os.environ if environ is None else environ
    raw_hours = env.get("DASHBOARD_SESSION_HOURS", "").strip()
    try:
        hours = float(raw_hours) if raw_hours else DEFAULT_SESSION_HOURS
    except ValueError:
        raise ConfigError(f"DASHBOARD_SESSION_HOURS must be a number, got {raw_hours!r}") from None
    if hours <= 0:
        raise ConfigError(f"DASHBOARD_SESSION_HOURS must be positive, got {raw_hours!r}")
    raw_months = env.get("DASHBOARD_FRESHNESS_MONTHS", "").strip()
    try:
        months = int(raw_months) if raw_months else DEFAULT_FRESHNESS_MONTHS
    except ValueError:
        raise ConfigError(f"DASHBOARD_FRESHNESS_MONTHS must be a whole number, got {raw_months!r}") from None
    if months < 0:
        raise ConfigError(f"DASHBOARD_FRESHNESS_MONTHS must be zero or more, got {raw_months!r}")
    trusted = parse_trusted_proxies(env.get("TRUSTED_PROXIES", ""))  # a bad entry is logged and ignored
    lock_store_url = env.get("LOCK_STORE_URL", "").strip()
    if lock_store_url and not lock_store_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"LOCK_STORE_URL must start with redis:// or rediss://, got {lock_store_url.split(':')[0]!r}")
    live_rasa_url = env.get("LIVE_RASA_URL", "").strip().rstrip("/") or DEFAULT_LIVE_RASA_URL
    if not live_rasa_url.startswith(("http://", "https://")):
        raise ConfigError(f"LIVE_RASA_URL must start with http:// or https://, got {live_rasa_url.split(':')[0]!r}")
    return DashboardSettings(
        user=env.get("DASHBOARD_USER", "").strip() or DEFAULT_USER,
        password=env.get("DASHBOARD_PASSWORD", ""),
        session_hours=hours,
        leads_url=lead_settings(env).database_url,
        tracker_url=tracker_url_from_env(env),
        freshness_months=months,
        trusted_proxies=trusted,
        lock_store_url=lock_store_url,
        live_rasa_url=live_rasa_url,
        live_api_token=env.get("LIVE_API_TOKEN", "").strip(),
    )
