"""Hand a lead over by HTTP POST: signed JSON body, idempotency key, bounded timeout."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

import requests

from bot.leads.config import LeadSettings
from bot.leads.handoff.base import DeliveryError, lead_payload
from bot.leads.models import Delivery, Lead
from bot.leads.routing import Porteur

SIGNATURE_HEADER = "X-VAE-Signature"
USER_AGENT = "vae-inversee-leads/1"


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the raw body with the shared secret."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class WebhookChannel:
    """POSTs to ``url``; any 2xx answer means delivered. Redirects are not followed."""

    url: str
    secret: str
    timeout_s: float

    @classmethod
    def from_settings(cls, config: LeadSettings) -> "WebhookChannel":
        """``LEAD_WEBHOOK_URL``, ``LEAD_WEBHOOK_SECRET``, ``LEAD_WEBHOOK_TIMEOUT_S``."""
        return cls(config.webhook_url, config.webhook_secret, config.webhook_timeout_s)

    def send(self, delivery: Delivery, lead: Lead, porteur: Porteur) -> None:
        """POST the lead.

        Raises:
            DeliveryError: no secret, no answer in time, or an answer other than 2xx.
        """
        if not self.secret:
            raise DeliveryError("LEAD_WEBHOOK_SECRET is not set: refusing to send unsigned")
        payload = lead_payload(delivery, lead, porteur)
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: signature(self.secret, body),
            "Idempotency-Key": delivery.idempotency_key,
        }
        try:
            response = requests.post(
                self.url, data=body, headers=headers, timeout=self.timeout_s, allow_redirects=False
            )
        except requests.RequestException as error:
            raise DeliveryError(f"webhook unreachable ({type(error).__name__})") from None
        if response.status_code // 100 != 2:
            raise DeliveryError(f"webhook answered HTTP {response.status_code}")
