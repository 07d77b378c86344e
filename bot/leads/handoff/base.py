"""What every hand-off channel shares: the error it raises and the payload it sends."""

from __future__ import annotations

from typing import Any, Protocol

from bot.leads.models import Delivery, Lead
from bot.leads.routing import Porteur

PAYLOAD_VERSION = 1
PROFILE_LABELS = {"candidat": "Candidat", "employeur": "Employeur", "recruteur": "Recruteur"}


class DeliveryError(Exception):
    """A channel could not hand a lead over. The message names the failure, never the lead's data."""


class Channel(Protocol):
    """Sends one delivery of a lead to its porteur; raises on failure."""

    def send(self, delivery: Delivery, lead: Lead, porteur: Porteur) -> None:
        """Hand the lead over, or raise (``DeliveryError`` for an expected failure)."""


def lead_payload(delivery: Delivery, lead: Lead, porteur: Porteur) -> dict[str, Any]:
    """The lead as the porteur receives it (JSON-ready); the conversation id stays with us."""
    return {
        "version": PAYLOAD_VERSION,
        "idempotency_key": delivery.idempotency_key,
        "lead": {
            "reference": lead.reference,
            "created_at": lead.created_at.isoformat(),
            "updated_at": lead.updated_at.isoformat(),
            "profile": lead.profile,
            "name": lead.name,
            "email": lead.email,
            "phone": lead.phone,
            "company": lead.company,
            "siret": lead.siret,
            "postal_code": lead.postal_code,
            "region": lead.region,
            "message": lead.message,
            "summary": lead.summary,
            "consent": {"at": lead.consent_at.isoformat(), "text_version": lead.consent_text_version},
        },
        "qualification": lead.qualification or {},
        "porteur": {"code": porteur.code, "name": porteur.name, "email": porteur.email or None},
    }
