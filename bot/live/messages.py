"""What the visitor reads about the live takeover, in French (vouvoiement, non-breaking spaces)."""

from __future__ import annotations

import datetime as dt
import math

from bot.formatting import MONTHS, fix_typography, format_quantity
from bot.live.hours import DAY_NAMES, MINUTE_S, OpeningHours, clock_text

TEAM = "l'équipe VAE inversée"
CONTACT_OFFER = "Je vous propose de laisser vos coordonnées : une personne de l'équipe vous recontactera."


def joined(agent: str) -> str:
    """``agent`` is the display name (« Marie »), see :func:`bot.live.names.display_name`."""
    return fix_typography(f"{agent}, de {TEAM}, a rejoint la conversation.")


def released() -> str:
    return fix_typography(
        "L'assistant automatique reprend la conversation. Vous pouvez continuer à me poser vos questions."
    )


def waiting(position: int, wait_s: int) -> str:
    """The request is queued: someone comes within about ``wait_s``; ``position`` 0 leaves it unsaid."""
    place = f" (votre demande est en {ordinal(position)} position dans la file)" if position > 0 else ""
    return fix_typography(
        f"Je préviens l'équipe : une personne va vous répondre ici même, en général {wait_text(wait_s)}"
        f"{place}. En attendant, je reste à votre disposition."
    )


def closed(hours: OpeningHours, now: dt.datetime) -> str:
    """Outside the opening hours: when the team answers, when it opens next, and the contact form."""
    text = "Personne de l'équipe n'est disponible en direct en ce moment."
    if any(hours.week):
        opening = hours.next_opening(now)
        after = f" (prochaine ouverture : {moment_text(opening, now)})" if opening else ""
        text += f" L'équipe répond en direct {hours.describe()}{after}."
    return fix_typography(f"{text} {CONTACT_OFFER}")


def unavailable() -> str:
    """Live answers are off or out of order: the contact form instead."""
    return fix_typography(f"Personne de l'équipe ne peut vous répondre en direct pour le moment. {CONTACT_OFFER}")


def missed() -> str:
    """Nobody of the team could come before the deadline."""
    return fix_typography(f"Personne de l'équipe n'a pu se libérer à temps, toutes nos excuses. {CONTACT_OFFER}")


def ordinal(position: int) -> str:
    """« 1re », « 2e »: feminine, as in « 1re position »."""
    return "1re" if position == 1 else f"{position}e"


def wait_text(wait_s: int) -> str:
    """« en moins d'une minute », « en moins de 5 minutes » (whole minutes, rounded up)."""
    minutes = max(1, math.ceil(wait_s / MINUTE_S))
    return "en moins d'une minute" if minutes == 1 else f"en moins de {format_quantity(minutes, 'minutes')}"


def moment_text(moment: dt.datetime, now: dt.datetime) -> str:
    """« aujourd'hui à 14 h 15 », « demain à 9 h », « lundi 7 décembre à 9 h » (in ``moment``'s zone)."""
    day, today = moment.date(), now.astimezone(moment.tzinfo).date()
    if day == today:
        name = "aujourd'hui"
    elif day == today + dt.timedelta(days=1):
        name = "demain"
    else:
        number = "1er" if day.day == 1 else str(day.day)
        name = f"{DAY_NAMES[day.weekday()]} {number} {MONTHS[day.month - 1]}"
        if day.year != today.year:
            name += f" {day.year}"
    return f"{name} à {clock_text(moment.hour * MINUTE_S + moment.minute)}"
