"""Hand a lead over by a plain-text French e-mail (smtplib, STARTTLS optional)."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from bot.leads.config import LeadSettings
from bot.leads.handoff.base import (
    LEAD_UPDATED, PROFILE_LABELS, DeliveryError, delivery_event, previous_delivery,
)
from bot.leads.models import Delivery, Lead
from bot.leads.routing import Porteur
from bot.leads.validation import display_phone

SMTP_TIMEOUT_S = 10.0
_FIELDS = (
    ("Nom", "name"), ("E-mail", "email"), ("Téléphone", "phone"), ("Entreprise", "company"),
    ("SIRET", "siret"), ("Code postal", "postal_code"), ("Région", "region"),
)


@dataclass(frozen=True)
class EmailChannel:
    """Sends to the porteur's address, or to ``mail_to`` when the porteur has none."""

    host: str
    port: int
    mail_from: str
    mail_to: str = ""
    user: str = ""
    password: str = ""
    starttls: bool = True
    timeout_s: float = SMTP_TIMEOUT_S

    @classmethod
    def from_settings(cls, config: LeadSettings) -> "EmailChannel":
        """``SMTP_*``, ``LEAD_MAIL_FROM`` and ``LEAD_MAIL_TO``."""
        return cls(
            host=config.smtp_host, port=config.smtp_port, mail_from=config.mail_from, mail_to=config.mail_to,
            user=config.smtp_user, password=config.smtp_password, starttls=config.smtp_starttls,
        )

    def send(self, delivery: Delivery, lead: Lead, porteur: Porteur) -> None:
        """Send the e-mail.

        Raises:
            DeliveryError: no recipient, or the SMTP server failed or refused.
        """
        recipient = porteur.email or self.mail_to
        if not recipient:
            raise DeliveryError("no recipient: the porteur has no e-mail and LEAD_MAIL_TO is not set")
        message = compose(delivery, lead, porteur, self.mail_from, recipient)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(message)
        except smtplib.SMTPResponseException as error:
            raise DeliveryError(f"SMTP server answered {error.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"SMTP failure ({type(error).__name__})") from None


def compose(delivery: Delivery, lead: Lead, porteur: Porteur, sender: str, recipient: str) -> EmailMessage:
    """The e-mail: subject with the reference, French plain-text body, Reply-To the visitor's address.

    An update of a lead the porteur already received says « mise à jour » and answers the last
    e-mail about it (``In-Reply-To``), so that mail clients show them together.
    """
    message = EmailMessage()
    label = PROFILE_LABELS.get(lead.profile, lead.profile)
    event = delivery_event(delivery)
    update = event == LEAD_UPDATED
    what = "mise à jour du contact" if update else "nouveau contact"
    message["Subject"] = f"VAE inversée : {what} {lead.reference} ({label})"
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = _message_id(delivery)
    previous = previous_delivery(delivery)
    if previous is not None:
        message["In-Reply-To"] = message["References"] = _message_id(previous)
    message["X-VAE-Reference"] = lead.reference or ""
    message["X-VAE-Event"] = event
    if lead.email:
        message["Reply-To"] = lead.email
    message.set_content(body(lead, porteur, update=update), charset="utf-8")
    return message


def _message_id(delivery: Delivery) -> str:
    return f"<{delivery.idempotency_key}@vae-inversee.leads>"


def body(lead: Lead, porteur: Porteur, *, update: bool = False) -> str:
    """The French text a porteur reads; ``update`` for a lead they already received."""
    if update:
        intro = (f"La demande de mise en relation {lead.reference}, qui vous a déjà été transmise, a été"
                 " mise à jour par la personne. Voici ses informations à jour, qui remplacent les précédentes.")
    else:
        intro = ("Une personne a demandé, via l'assistant VAE inversée, à être mise en relation"
                 " avec un porteur de projet.")
    lines = [
        f"Bonjour {porteur.name},",
        "",
        intro,
        "",
        f"Référence : {lead.reference}",
        f"Reçu le : {lead.created_at:%d/%m/%Y à %H:%M} (UTC)",
    ]
    if update:
        lines.append(f"Mis à jour le : {lead.updated_at:%d/%m/%Y à %H:%M} (UTC)")
    lines.append(f"Profil : {PROFILE_LABELS.get(lead.profile, lead.profile)}")
    lines += [f"{label} : {display_phone(value) if name == 'phone' else value}"
              for label, name in _FIELDS if (value := getattr(lead, name))]
    if lead.message:
        lines += ["", "Message :", lead.message]
    if lead.qualification:
        lines += ["", "Pré-qualification par l'assistant :"] + _outline(lead.qualification)
    if lead.summary:
        lines += ["", "Résumé de la conversation :", lead.summary]
    version = f" (texte de consentement {lead.consent_text_version})" if lead.consent_text_version else ""
    lines += [
        "",
        f"Consentement à la transmission recueilli le {lead.consent_at:%d/%m/%Y à %H:%M} (UTC){version}.",
        "",
        "Message envoyé automatiquement par l'assistant VAE inversée."
        " Merci de citer la référence dans vos échanges.",
    ]
    return "\n".join(lines) + "\n"


def _outline(value: Any, indent: str = "  ") -> list[str]:
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines += [f"{indent}{key} :"] + _outline(item, indent + "  ")
            else:
                lines.append(f"{indent}{key} : {item}")
        return lines
    if isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, (dict, list)):
                lines += [f"{indent}-"] + _outline(item, indent + "  ")
            else:
                lines.append(f"{indent}- {item}")
        return lines
    return [f"{indent}{value}"]
