"""French typography for the figures users read: « 9 000 € », « 28 février 2026 »."""

from __future__ import annotations

import datetime as dt

NBSP = "\u00a0"

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)


def format_number(value: int | float) -> str:
    """Group thousands with non-breaking spaces and use a decimal comma."""
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.2f}"
    return text.replace(",", NBSP).replace(".", ",")


def format_euros(value: int | float) -> str:
    """``9000`` → ``9 000 €`` (non-breaking spaces)."""
    return f"{format_number(value)}{NBSP}€"


def format_percent(share: float) -> str:
    """``0.15`` → ``15 %`` (non-breaking space)."""
    return f"{format_number(round(share * 100, 2))}{NBSP}%"


def format_date(day: dt.date) -> str:
    """``2026-02-28`` → ``28 février 2026``; the first of a month is « 1er »."""
    ordinal = "1er" if day.day == 1 else str(day.day)
    return f"{ordinal} {MONTHS[day.month - 1]} {day.year}"


def format_quantity(value: int, singular: str, plural: str | None = None) -> str:
    """``36, 'mois'`` → ``36 mois``; ``1, 'jour', 'jours'`` → ``1 jour``."""
    word = singular if value in (0, 1) or plural is None else plural
    return f"{format_number(value)}{NBSP}{word}"


_SPACE_BEFORE = ":;?!»"
_SPACE_AFTER = "«"


def typography_errors(text: str) -> list[str]:
    """French typography faults: an ordinary space, or none, where a non-breaking one belongs."""
    errors = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in _SPACE_BEFORE and before != NBSP and not _is_exempt(text, index):
            errors.append(f"no non-breaking space before {char!r}: …{text[max(0, index - 20):index + 1]}")
        if char in _SPACE_AFTER and after != NBSP:
            errors.append(f"no non-breaking space after {char!r}: …{text[index:index + 20]}")
    return errors


def _is_exempt(text: str, index: int) -> bool:
    """Colons in URLs and times, and punctuation doubled (« ?! ») are not French spacing sites."""
    char = text[index]
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if char == ":" and (after == "/" or before.isdigit()):
        return True
    return before in _SPACE_BEFORE and before != "»"


def fix_typography(text: str) -> str:
    """Replace the ordinary space before « : ; ? ! » and inside guillemets by a non-breaking one."""
    for char in _SPACE_BEFORE:
        text = text.replace(f" {char}", f"{NBSP}{char}")
    return text.replace("« ", f"«{NBSP}")


# Spelled out for « versée en deux fois »; no pinned library spells French numbers (babel formats
# digits, text2num reads words), and only small counts occur in answers.
_TIMES = {1: "une fois", 2: "deux fois", 3: "trois fois", 4: "quatre fois", 5: "cinq fois"}


def format_times(value: int) -> str:
    """``2`` → ``deux fois``; larger counts in digits."""
    return _TIMES.get(value, f"{format_number(value)}{NBSP}fois")
