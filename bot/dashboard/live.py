"""What the « Conversations en direct » pages show: French labels, waits, facts, and their JSON.

The queue itself (who waits, who took what) is ``bot.live.queue``; the messages are the tracker's.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping

from bot.dashboard.rendering import local_time
from bot.dashboard.tracker import Message
from bot.facts import FACT_NAMES, UNKNOWN
from bot.formatting import NBSP, fix_typography

SENDER_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")  # the live channel's sender ids (design of issue 17)
AGENT_TEXT_MAX = 2_000  # the live channel's own limit (channels/live.py), not a legal figure
MINUTE_S = 60
HOUR_S = 3_600

CHANNEL_LABELS = {"socketio": "site web", "facebook": "Messenger", "rest": "API REST"}
STATUS_LABELS = {
    "waiting": "En attente",
    "taken": "Prise en charge",
    "missed": "Attente dépassée",
    "closed": "Terminée",
}
TAKEABLE = ("waiting", "missed")

NOT_CONFIGURED = fix_typography(
    "La reprise en direct n’est pas configurée : définissez LIVE_API_TOKEN (le même secret pour le serveur Rasa "
    "et pour le tableau de bord) et, si le serveur Rasa n’est pas sur cette machine, LIVE_RASA_URL, "
    "puis redémarrez. « make run » (scripts/run.sh) le fait pour vous."
)
ALREADY_TAKEN = "{name} a déjà pris cette conversation."
NOT_YOURS = "Cette conversation est prise en charge par {name} : seule cette personne peut y écrire ou la rendre."
NOT_TAKEN = "Prenez d’abord la conversation pour écrire au visiteur."
NOT_TAKEABLE = "Cette conversation n’attend plus personne (elle est terminée ou introuvable)."
EMPTY_TEXT = "Écrivez un message avant d’envoyer."
LONG_TEXT = "Message trop long : {limit} caractères au plus."
RASA_DOWN = "L’assistant ne répond pas : la conversation n’a pas été prise. Réessayez dans un instant."
RASA_DOWN_SEND = "L’assistant ne répond pas : le message n’a pas été envoyé. Réessayez dans un instant."
RASA_DOWN_RELEASE = "L’assistant ne répond pas : la conversation n’a pas été rendue. Réessayez dans un instant."
NOT_PUSHED = "Message enregistré, mais ce canal ne permet pas de l’afficher tout de suite au visiteur."


def french(text: str, **values: Any) -> str:
    """``text`` with ``values`` filled in and its typography fixed (non-breaking spaces)."""
    return fix_typography(text.format(**values))


def channel_label(channel: str) -> str:
    return CHANNEL_LABELS.get(channel, channel)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def waited_text(since: dt.datetime | None, now: dt.datetime) -> str:
    """« 40 s », « 3 min », « 1 h 05 »: how long a visitor has waited."""
    if since is None:
        return "–"
    seconds = max(0, int((now - _aware(since)).total_seconds()))
    if seconds < MINUTE_S:
        return f"{seconds}{NBSP}s"
    if seconds < HOUR_S:
        return f"{seconds // MINUTE_S}{NBSP}min"
    hours, rest = divmod(seconds, HOUR_S)
    return f"{hours}{NBSP}h{NBSP}{rest // MINUTE_S:02d}"


def facts_of(slots: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The check's facts the conversation holds, as (French label, value as the answers word it)."""
    from bot.answers import fill  # the answers' templates load on first use, not at import
    from bot.answers.checks import fact_text

    shown = []
    for name in FACT_NAMES:
        if slots.get(name) in (None, ""):
            continue
        value = "ne sait pas" if slots[name] == UNKNOWN else fact_text(slots, name)
        shown.append((fill(f"fact_label_{name}", {}).capitalize(), value))
    return shown


def clean_text(raw: str | None) -> str:
    """The person's message, trimmed.

    Raises:
        ValueError: empty or longer than :data:`AGENT_TEXT_MAX` (the French reason as message).
    """
    text = (raw or "").strip()
    if not text:
        raise ValueError(french(EMPTY_TEXT))
    if len(text) > AGENT_TEXT_MAX:
        raise ValueError(french(LONG_TEXT, limit=f"{AGENT_TEXT_MAX:,}".replace(",", NBSP)))
    return text


def entry_json(entry: Any, now: dt.datetime, display: Any) -> dict[str, Any]:
    """One queue row for ``/direct.json`` (``display``: account → « Marie »)."""
    return {
        "sender_id": entry.sender_id,
        "url": f"/direct/{entry.sender_id}",
        "channel": entry.channel,
        "channel_label": channel_label(entry.channel),
        "status": entry.status,
        "status_label": status_label(entry.status),
        "requested_at": _aware(entry.requested_at).isoformat(),
        "waited": waited_text(entry.requested_at, now),
        "taken_by": display(entry.taken_by) if entry.taken_by else None,
    }


def message_json(message: Message) -> dict[str, Any]:
    """One transcript line for ``/direct/{id}/messages.json``."""
    return {
        "id": message.id,
        "author": message.author,
        "who": message.who,
        "text": message.text,
        "at": message.at.isoformat(),
        "at_text": local_time(message.at),
    }


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands naive UTC datetimes back; the queue stores UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
