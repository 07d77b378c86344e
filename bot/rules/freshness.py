"""Which legal parameters are due for a re-check: their last check is older than N months.

A parameter's ``last_value_still_valid_on`` is the day someone last confirmed its value against
its source; past ``months`` months (six by default) it must be confirmed again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# python-dateutil is pinned in requirements.txt and already used by bot/leads/store.py; its
# month arithmetic clamps the day of month (31 August − 6 months = 28 or 29 February).
from dateutil.relativedelta import relativedelta

from bot.formatting import NBSP, format_date, format_euros, format_number, format_quantity
from bot.rules.parameters import Parameter, ParameterError, ParameterSet, Reference

DEFAULT_MONTHS = 6
# Units written as a count of words: (singular, plural).
_COUNTED = {"year": ("an", "ans"), "month": ("mois", "mois"), "hour": ("heure", "heures"), "paths": ("parcours", "parcours")}


@dataclass(frozen=True)
class ParameterCheck:
    """One parameter as a reviewer sees it on a day: its value, its source, when it was last checked."""

    name: str
    description: str
    unit: str
    value: Any  # in force on the day; otherwise the last one (``None`` for an aid that ended)
    reference: Reference  # in force on the day; otherwise the latest one
    checked_on: dt.date | None
    uncertain: bool
    stale: bool


def cutoff(day: dt.date, months: int = DEFAULT_MONTHS) -> dt.date:
    """The oldest check date still fresh on ``day``: ``months`` calendar months before it."""
    if months < 0:
        raise ValueError(f"months must be zero or more, got {months}")
    return day - relativedelta(months=months)


def is_stale(checked_on: dt.date | None, day: dt.date, months: int = DEFAULT_MONTHS) -> bool:
    """True when the check is older than ``months`` months on ``day``, or was never made."""
    return checked_on is None or checked_on < cutoff(day, months)


def check(parameter: Parameter, day: dt.date, months: int = DEFAULT_MONTHS) -> ParameterCheck:
    """The review line of ``parameter`` on ``day``."""
    return ParameterCheck(
        name=parameter.name,
        description=parameter.description,
        unit=parameter.unit,
        value=_value_shown(parameter, day),
        reference=_reference_shown(parameter, day),
        checked_on=parameter.last_value_still_valid_on,
        uncertain=parameter.uncertain,
        stale=is_stale(parameter.last_value_still_valid_on, day, months),
    )


def all_checks(parameters: ParameterSet, day: dt.date, months: int = DEFAULT_MONTHS) -> list[ParameterCheck]:
    """Every parameter's review line, by name."""
    return [check(parameters.get(name), day, months) for name in parameters.names()]


def stale_parameters(parameters: ParameterSet, day: dt.date, months: int = DEFAULT_MONTHS) -> list[ParameterCheck]:
    """The parameters to re-check on ``day``, oldest check first (never checked before all)."""
    stale = [line for line in all_checks(parameters, day, months) if line.stale]
    return sorted(stale, key=lambda line: (line.checked_on is not None, line.checked_on or day, line.name))


def format_value(unit: str, value: Any) -> str:
    """A parameter value the French way, by unit: « 1 500 € », « 55 % », « 1er mai 2024 »."""
    if value is None:
        return "aucune valeur en vigueur"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if unit == "date" and isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, (int, float)):
        if unit == "currency-EUR":
            return format_euros(value)
        if unit == "/1":
            return f"{format_number(round(value * 100, 2))}{NBSP}%"
        if unit in _COUNTED and float(value).is_integer():
            return format_quantity(int(value), *_COUNTED[unit])
        return format_number(value)
    return str(value)


def _value_shown(parameter: Parameter, day: dt.date) -> Any:
    try:
        return parameter.value_on(day)
    except ParameterError:  # ended (value null) or not yet started on that day
        return parameter.values[-1][1]


def _reference_shown(parameter: Parameter, day: dt.date) -> Reference:
    try:
        return parameter.reference_on(day)
    except ParameterError:  # the day is before the first reference
        return parameter.references[-1][1]
