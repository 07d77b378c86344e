"""Turn one free-text message into the facts a personalised check needs.

Facts are named like the conversation's slots and hold plain values (str, int, ISO date), so
a message such as « j'ai 45 ans et je suis demandeur d'emploi » fills several at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from bot.facts import FACT_NAMES, UNKNOWN
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

IN_THE_PAST = "in_the_past"

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


# Facts read only when asked for: « CAP » answers the diploma question, not the target one…
ONLY_WHEN_ASKED = {"certification_type"}
# …unless the message says it is the target: « une candidate titulaire d'un CAP qui vise le titre
# professionnel d'agent de propreté » names both, the target after its verb.
_TARGET_CUE = re.compile(
    r"\b(?:vis(?:e|es|ent|er|ons|ez|ee|ees)|prepar(?:e|es|ent|er|ons|ez)|obtenir|decrocher|passer"
    r"|se former|certification visee|objectif)\b"
)
TARGET_WINDOW = 80  # characters after the cue that name the target


_CLAUSE_END = re.compile(r"[,.;!?]| et | mais | car ")


def _target_span(plain: str) -> tuple[int, int] | None:
    """Where the target clause lies in normalised text: from its cue to the clause's end."""
    cue = _TARGET_CUE.search(plain)
    if cue is None:
        return None
    end = _CLAUSE_END.search(plain, cue.end(), cue.end() + TARGET_WINDOW)
    return cue.start(), end.start() if end else min(len(plain), cue.end() + TARGET_WINDOW)


def _target_certification(text: str) -> str | None:
    """The certification a message names as its target, after a cue such as « vise »."""
    plain = normalize(text)
    span = _target_span(plain)
    kind = parse_certification_type(plain[span[0]:span[1]]) if span else None
    return None if kind is None or kind.value == UNKNOWN else kind.value


def _without_target(text: str) -> str:
    """``text`` without the target it names: « je veux préparer un BTS, j'ai le bac » holds a bac."""
    plain = normalize(text)
    span = _target_span(plain)
    return text if span is None else plain[:span[0]] + " " + plain[span[1]:]


def _held_diploma(text: str, _: dt.date) -> str | None:
    return _value(parse_diploma_level(_without_target(text)))


# fact -> parser(text, today); enums are stored by value, dates as ISO strings (bot.facts)
PARSERS: dict[str, Callable[[str, dt.date], Any]] = {
    "age": lambda text, _: parse_age(text),
    "situation": lambda text, _: _value(parse_situation(text)),
    "diploma_level": _held_diploma,
    "certification_type": lambda text, _: _value(parse_certification_type(text)),
    "contract_start": _date,
    "employer_type": lambda text, _: _value(parse_employer_type(text)),
    "idcc": lambda text, _: parse_idcc(text),
    "hires": lambda text, _: parse_hires(text),
    "duration_months": lambda text, _: parse_duration_months(text),
}

# Facts a lone number can answer (« 3 », « deux personnes »), but only when just asked for: the
# number is read again as the answer in the question's unit, by the fact's own parser, so that
# its range applies (an age is 14–80: « j'ai 200 » or « 5 » is no age).
NUMBER_FACTS: dict[str, str] = {"age": "{} ans", "hires": "{}", "duration_months": "{} mois", "idcc": "IDCC {}"}


def _in_the_past(value: str, today: dt.date) -> str | None:
    return IN_THE_PAST if dt.date.fromisoformat(value) < today else None


# fact -> check(value, today): a problem code for a value read but refused. A contract cannot
# start before today: « le 1er mars 2026 » said in November 2026 is refused, and said so.
CHECKS: dict[str, Callable[[Any, dt.date], str | None]] = {"contract_start": _in_the_past}


@dataclass(frozen=True)
class Refusal:
    """A fact read but not kept: the problem's code (``IN_THE_PAST``) and the value read."""

    problem: str
    value: Any


@dataclass(frozen=True)
class Reading:
    """What one message states: the facts kept, and the facts read but refused."""

    facts: dict[str, Any] = field(default_factory=dict)
    refused: dict[str, Refusal] = field(default_factory=dict)


def read_message(
    text: str,
    today: dt.date,
    wanted: list[str],
    requested: str | None = None,
) -> Reading:
    """Every fact in ``wanted`` that ``text`` states, and those read but refused (a start in the
    past); « je ne sais pas » answers ``requested``."""
    text = text or ""
    reading = Reading()
    bare_number = bool(_BARE_NUMBER.match(text))
    for fact in wanted:
        parser = PARSERS.get(fact)
        if parser is None or (fact != requested and bare_number):
            continue
        if fact != requested and fact in ONLY_WHEN_ASKED:
            parser = lambda text, _: _target_certification(text)  # noqa: E731
        value = parser(text, today)
        if value is None and fact == requested and fact in NUMBER_FACTS:
            numbers = find_numbers(text)
            value = parser(NUMBER_FACTS[fact].format(numbers[0]), today) if len(numbers) == 1 else None
        if value is None:
            continue
        problem = CHECKS[fact](value, today) if fact in CHECKS else None
        if problem:
            reading.refused[fact] = Refusal(problem, value)
        else:
            reading.facts[fact] = value
    if requested and requested not in reading.facts and requested not in reading.refused and says_dont_know(text):
        reading.facts[requested] = UNKNOWN
    return reading


def facts_from_message(
    text: str,
    today: dt.date,
    wanted: list[str],
    requested: str | None = None,
) -> dict[str, Any]:
    """The facts of :func:`read_message`, without those refused."""
    return read_message(text, today, wanted, requested).facts


def says_dont_know(text: str | None) -> bool:
    """True for « je ne sais pas », « aucune idée », « passer »…"""
    return bool(_DONT_KNOW.search(normalize(text or "")))
