"""What a conversation collected about a lead, checked and cleaned before it is stored."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import Enum
from typing import Any, Callable, Mapping

from bot.leads import models
from bot.leads.text import plain
from bot.leads.validation import (
    normalize_email,
    normalize_phone,
    normalize_postal_code,
    normalize_region,
    region_of_postal_code,
    valid_siret,
)


class InvalidLead(ValueError):
    """The lead cannot be stored; ``fields`` names the culprits (never their values)."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(f"invalid lead fields: {', '.join(fields)}")
        self.fields = fields


@dataclass(frozen=True)
class LeadData:
    """A lead as the conversation collected it: free text, validated by :func:`clean`.

    ``sector`` routes the lead and is stored for the dashboard's filters. ``author`` is the account of
    the team member who had taken the conversation over live, if any. ``consent_at`` (an aware
    datetime, or ISO 8601 text with its offset, as a slot holds it) is required: no lead is stored
    without the visitor's consent.
    """

    profile: str
    consent_at: dt.datetime | str | None = None
    consent_text_version: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    siret: str | None = None
    postal_code: str | None = None
    region: str | None = None
    sector: str | None = None
    message: str | None = None
    qualification: Mapping[str, Any] | None = None
    summary: str | None = None
    conversation_id: str | None = None
    author: str | None = None  # the team member's account, when one had taken the conversation over live

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> "LeadData":
        """Build from a dict (slots, JSON), ignoring unknown keys."""
        names = {field.name for field in fields(cls)}
        return cls(**{key: value for key, value in values.items() if key in names})


def clean(data: LeadData) -> dict[str, Any]:
    """The column values of ``data``: normalised, cut to the maxima, région found from the postal code.

    Raises:
        InvalidLead: unknown profile, missing consent, no e-mail nor phone, or an invalid e-mail,
            phone, SIRET or postal code.
    """
    bad: list[str] = []
    profile = (data.profile or "").strip().lower()
    if profile not in models.PROFILES:
        bad.append("profile")
    consent_at = _instant(data.consent_at)
    if consent_at is None:
        bad.append("consent_at")
    email = _checked(data.email, normalize_email, "email", bad)
    phone = _checked(data.phone, normalize_phone, "phone", bad)
    if not (email or phone or {"email", "phone"} & set(bad)):
        bad.append("email_or_phone")
    siret = _checked(data.siret, valid_siret, "siret", bad)
    postal_code = _checked(data.postal_code, normalize_postal_code, "postal_code", bad)
    if bad:
        raise InvalidLead(bad)
    region = region_of_postal_code(postal_code) or normalize_region(data.region)
    return {
        "profile": profile,
        "name": plain(data.name, models.NAME_MAX),
        "email": email,
        "phone": phone,
        "company": plain(data.company, models.COMPANY_MAX),
        "siret": siret,
        "postal_code": postal_code,
        "region": region or plain(data.region, models.REGION_MAX),
        "sector": plain(data.sector, models.SECTOR_MAX),
        "message": plain(data.message, models.MESSAGE_MAX, multiline=True),
        "qualification": jsonable(data.qualification) if data.qualification else None,
        "summary": plain(data.summary, models.SUMMARY_MAX, multiline=True),
        "consent_at": consent_at,
        "consent_text_version": plain(data.consent_text_version, models.CONSENT_VERSION_MAX),
        "conversation_id": conversation_key(data.conversation_id),
        "author": plain(data.author, models.AUTHOR_MAX),
    }


def conversation_key(conversation_id: str | None) -> str | None:
    """A sender id as stored (cut the same way for storing and for erasing)."""
    return plain(conversation_id, models.CONVERSATION_ID_MAX)


def jsonable(value: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON-ready copy: Decimal → float, dates → ISO, enums → value, dataclasses → dict."""
    return json.loads(json.dumps(value, default=_json_default, ensure_ascii=False))


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if hasattr(value, "__dataclass_fields__"):
        return {name: getattr(value, name) for name in value.__dataclass_fields__}
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def _instant(value: dt.datetime | str | None) -> dt.datetime | None:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        return None
    return value.astimezone(dt.timezone.utc)


def _checked(
    raw: str | None, normalizer: Callable[[str], str | None], name: str, bad: list[str]
) -> str | None:
    if raw is None or not str(raw).strip():
        return None
    value = normalizer(str(raw))
    if value is None:
        bad.append(name)
    return value
