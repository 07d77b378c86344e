"""Every setting of the leads backend, read from the environment in one place.

The defaults work on a laptop: a SQLite file under ``var/`` (relative to the working directory,
the repository root for ``make run`` and the CLI) and no hand-off channel, so leads wait in the
database and in the exports.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, TypeVar

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "sqlite:///var/leads.db"
DEFAULT_PORTEURS_FILE = "bot/leads/porteurs.yaml"
DEFAULT_RETENTION_MONTHS = 12  # the project's retention policy, announced to every visitor
# A quarter: the porteur reads the questions of the last three months (the dashboard's « messages
# non compris », the topics) to improve the answers; a visitor's own follow-up questions rarely
# come later. Tock keeps 7 days by default; we need more for those statistics, not a year.
DEFAULT_CONVERSATIONS_RETENTION_DAYS = 90
DEFAULT_WEBHOOK_TIMEOUT_S = 5.0
DEFAULT_SMTP_PORT = 587
DEFAULT_MAIL_FROM = "assistant-vae-inversee@localhost"
_TRUE = {"1", "true", "yes", "on", "oui"}
_FALSE = {"0", "false", "no", "off", "non"}
N = TypeVar("N", int, float)


class ConfigError(ValueError):
    """A setting is present but unusable (not a number, for instance)."""


@dataclass(frozen=True)
class LeadSettings:
    """The leads backend's settings; build them with :func:`settings`."""

    database_url: str = DEFAULT_DATABASE_URL
    retention_months: int = DEFAULT_RETENTION_MONTHS
    conversations_retention_days: int = DEFAULT_CONVERSATIONS_RETENTION_DAYS
    webhook_url: str = ""
    webhook_secret: str = ""
    webhook_timeout_s: float = DEFAULT_WEBHOOK_TIMEOUT_S
    smtp_host: str = ""
    smtp_port: int = DEFAULT_SMTP_PORT
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    mail_from: str = DEFAULT_MAIL_FROM
    mail_to: str = ""
    porteurs_file: Path = ROOT / DEFAULT_PORTEURS_FILE
    privacy_contact: str = ""  # where visitors write about their data (shown on /confidentialite)

    @property
    def channel_names(self) -> list[str]:
        """The configured hand-off channels: ``webhook`` if a URL is set, ``email`` if an SMTP host is."""
        names = []
        if self.webhook_url:
            names.append("webhook")
        if self.smtp_host:
            names.append("email")
        return names


def settings(environ: Mapping[str, str] | None = None) -> LeadSettings:
    """Read the settings from ``environ`` (``os.environ`` by default).

    Raises:
        ConfigError: if a number or a boolean cannot be read.
    """
    env = os.environ if environ is None else environ

    def text(name: str, default: str = "") -> str:
        return env.get(name, "").strip() or default

    porteurs = Path(text("PORTEURS_FILE", DEFAULT_PORTEURS_FILE))
    return LeadSettings(
        database_url=text("DATABASE_URL", DEFAULT_DATABASE_URL),
        retention_months=_number(
            text("LEADS_RETENTION_MONTHS"), DEFAULT_RETENTION_MONTHS, int, "LEADS_RETENTION_MONTHS"
        ),
        conversations_retention_days=_number(
            text("CONVERSATIONS_RETENTION_DAYS"), DEFAULT_CONVERSATIONS_RETENTION_DAYS, int,
            "CONVERSATIONS_RETENTION_DAYS",
        ),
        webhook_url=text("LEAD_WEBHOOK_URL"),
        webhook_secret=env.get("LEAD_WEBHOOK_SECRET", ""),
        webhook_timeout_s=_number(
            text("LEAD_WEBHOOK_TIMEOUT_S"), DEFAULT_WEBHOOK_TIMEOUT_S, float, "LEAD_WEBHOOK_TIMEOUT_S"
        ),
        smtp_host=text("SMTP_HOST"),
        smtp_port=_number(text("SMTP_PORT"), DEFAULT_SMTP_PORT, int, "SMTP_PORT"),
        smtp_user=text("SMTP_USER"),
        smtp_password=env.get("SMTP_PASSWORD", ""),
        smtp_starttls=_flag(text("SMTP_STARTTLS"), default=True),
        mail_from=text("LEAD_MAIL_FROM", DEFAULT_MAIL_FROM),
        mail_to=text("LEAD_MAIL_TO"),
        porteurs_file=porteurs if porteurs.is_absolute() else ROOT / porteurs,
        privacy_contact=text("PRIVACY_CONTACT"),
    )


def _number(raw: str, default: N, kind: Callable[[str], N], name: str) -> N:
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {raw!r}")
    return value


def _flag(raw: str, default: bool) -> bool:
    if not raw:
        return default
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise ConfigError(f"expected a yes/no value, got {raw!r}")
