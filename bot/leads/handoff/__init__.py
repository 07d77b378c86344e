"""Hand leads to the porteur de projet: an outbox dispatcher and its channels (webhook, e-mail)."""

from __future__ import annotations

from bot.leads.config import LeadSettings
from bot.leads.handoff.base import Channel, DeliveryError
from bot.leads.handoff.email import EmailChannel
from bot.leads.handoff.webhook import WebhookChannel

__all__ = ["Channel", "DeliveryError", "EmailChannel", "WebhookChannel", "channels_from_settings"]


def channels_from_settings(config: LeadSettings) -> dict[str, Channel]:
    """The configured channels by name (the names ``LeadSettings.channel_names`` queues deliveries for)."""
    builders = {"webhook": WebhookChannel.from_settings, "email": EmailChannel.from_settings}
    return {name: builders[name](config) for name in config.channel_names}
