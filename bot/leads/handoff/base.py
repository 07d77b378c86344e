"""What every hand-off channel shares: the error it raises and the payload it sends."""

from __future__ import annotations

from typing import Any, Protocol

from bot.leads.models import DELIVERED, Delivery, Lead
from bot.leads.routing import Porteur

PAYLOAD_VERSION = 1
PROFILE_LABELS = {"candidat": "Candidat", "employeur": "Employeur", "recruteur": "Recruteur"}
LEAD_CREATED, LEAD_UPDATED = "lead.created", "lead.updated"
# What a porteur receives of a lead, the routing included: a resubmission changing none of these
# is not news for the porteur. The consent's time is left out: the visitor filling the form in
# again consents again to the same hand-off (its text version does count).
PORTEUR_FIELDS = (
    "profile", "name", "email", "phone", "company", "siret", "postal_code", "region", "message",
    "summary", "qualification", "consent_text_version", "porteur_code",
)


class DeliveryError(Exception):
    """A channel could not hand a lead over. The message names the failure, never the lead's data."""


class Channel(Protocol):
    """Sends one delivery of a lead to its porteur; raises on failure."""

    def send(self, delivery: Delivery, lead: Lead, porteur: Porteur) -> None:
        """Hand the lead over, or raise (``DeliveryError`` for an expected failure)."""


def porteur_view(lead: Lead) -> tuple[Any, ...]:
    """The values of :data:`PORTEUR_FIELDS`, to compare a lead before and after a resubmission."""
    return tuple(getattr(lead, name) for name in PORTEUR_FIELDS)


def previous_delivery(delivery: Delivery) -> Delivery | None:
    """The last delivery of the same lead on the same channel that reached the porteur before this one."""
    earlier = [
        other for other in delivery.lead.deliveries
        if other.channel == delivery.channel and other.status == DELIVERED and other.id < delivery.id
    ]
    return earlier[-1] if earlier else None


def delivery_event(delivery: Delivery) -> str:
    """``lead.updated`` when the porteur already received this lead on this channel, else ``lead.created``."""
    return LEAD_UPDATED if previous_delivery(delivery) else LEAD_CREATED


def lead_payload(delivery: Delivery, lead: Lead, porteur: Porteur) -> dict[str, Any]:
    """The lead as the porteur receives it (JSON-ready); the conversation id stays with us."""
    return {
        "version": PAYLOAD_VERSION,
        "event": delivery_event(delivery),
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
