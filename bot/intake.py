"""Turn one free-text message into the facts a personalised check needs.

Facts are named like the conversation's slots and hold plain values (str, int, ISO date), so
a message such as « j'ai 45 ans et je suis demandeur d'emploi » fills several at once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from bot.parsing.dates import parse_date
from bot.parsing.numbers import find_numbers
from bot.parsing.profile import (
    parse_age,
    parse_certification_type,
    parse_diploma_level,
    parse_duration_months,
    parse_employer_type,
    parse_hires,
    parse_idcc,
    parse_situation,
)
from bot.parsing.text import normalize

UNKNOWN = "unknown"

_BARE_NUMBER = re.compile(r"^\s*\d+\s*$")
_DONT_KNOW = re.compile(
    r"\b(je (ne )?sais pas|jsp|aucune idee|pas encore|on ne sait pas|on sait pas|"
    r"je prefere ne pas|passer|peu importe|inconnu|non renseigne)\b"
)


def _value(parsed: Any) -> Any:
    return getattr(parsed, "value", parsed)


def _date(text: str, today: dt.date) -> str | None:
    parsed = parse_date(text, today)
    return parsed.isoformat() if parsed else None


# fact -> parser(text, today); enums are stored by value, dates as ISO strings
PARSERS: dict[str, Callable[[str, dt.date], Any]] = {
    "age": lambda text, _: parse_age(text),
    "situation": lambda text, _: _value(parse_situation(text)),
    "diploma_level": lambda text, _: _value(parse_diploma_level(text)),
    "certification_type": lambda text, _: _value(parse_certification_type(text)),
    "contract_start": _date,
    "employer_type": lambda text, _: _value(parse_employer_type(text)),
    "idcc": lambda text, _: parse_idcc(text),
    "hires": lambda text, _: parse_hires(text),
    "duration_months": lambda text, _: parse_duration_months(text),
}

# Facts a lone number can answer (« 3 », « deux personnes »), but only when just asked for.
NUMBER_FACTS = {"age", "hires", "duration_months", "idcc"}
# Facts read only when asked for: « CAP » answers the diploma question, not the target one.
ONLY_WHEN_ASKED = {"certification_type"}


def facts_from_message(
    text: str,
    today: dt.date,
    wanted: list[str],
    requested: str | None = None,
) -> dict[str, Any]:
    """Every fact in ``wanted`` that ``text`` states; « je ne sais pas » answers ``requested``."""
    facts: dict[str, Any] = {}
    bare_number = bool(_BARE_NUMBER.match(text or ""))
    for fact in wanted:
        parser = PARSERS.get(fact)
        if parser is None or (fact != requested and (bare_number or fact in ONLY_WHEN_ASKED)):
            continue
        value = parser(text or "", today)
        if value is None and fact == requested and fact in NUMBER_FACTS:
            numbers = find_numbers(text or "")
            value = numbers[0] if len(numbers) == 1 else None
        if value is not None:
            facts[fact] = value
    if requested and requested not in facts and says_dont_know(text):
        facts[requested] = UNKNOWN
    return facts


def says_dont_know(text: str | None) -> bool:
    """True for « je ne sais pas », « aucune idée », « passer »…"""
    return bool(_DONT_KNOW.search(normalize(text or "")))
