"""The dashboard's CSV export, for French Excel: UTF-8 with a BOM, ';' separated, French headers."""

from __future__ import annotations

import csv
import io
from typing import Any, Callable, Iterable

from bot.dashboard import leads as lead_queries
from bot.leads import models
from bot.leads.export import safe_cell

CSV_COLUMNS: tuple[tuple[str, Callable[[models.Lead], Any]], ...] = (
    ("Référence", lambda lead: lead.reference),
    ("Créé le (UTC)", lambda lead: lead.created_at.strftime("%Y-%m-%d %H:%M")),
    ("Profil", lambda lead: lead_queries.PROFILE_LABELS.get(lead.profile, lead.profile)),
    ("Suivi", lambda lead: lead_queries.FOLLOW_UP_LABELS.get(lead.follow_up_status, lead.follow_up_status)),
    ("Nom", lambda lead: lead.name),
    ("E-mail", lambda lead: lead.email),
    ("Téléphone", lambda lead: lead.phone),
    ("Entreprise", lambda lead: lead.company),
    ("SIRET", lambda lead: lead.siret),
    ("Code postal", lambda lead: lead.postal_code),
    ("Région", lambda lead: lead.region),
    ("Secteur", lambda lead: lead.sector),
    ("Verdict", lead_queries.verdict_of),
    ("Message", lambda lead: lead.message),
    ("Porteur", lambda lead: lead.porteur_code),
    ("Transmission", lambda lead: lead_queries.DELIVERY_LABELS.get(lead.status, lead.status)),
    ("Consentement le (UTC)", lambda lead: lead.consent_at.strftime("%Y-%m-%d %H:%M")),
    ("Version du texte de consentement", lambda lead: lead.consent_text_version),
    ("Conversation", lambda lead: lead.conversation_id),
)


def to_french_csv(leads: Iterable[models.Lead]) -> str:
    """A header line and one line per lead; a cell that could run as a formula starts with '."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 only with the BOM
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([name for name, _ in CSV_COLUMNS])
    for lead in leads:
        writer.writerow([safe_cell(_cell(value(lead))) for _, value in CSV_COLUMNS])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    return "" if value is None else str(value)
