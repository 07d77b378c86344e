"""Shared vocabulary of the rules: verdicts, reasons and their references.

Results hold codes and numbers only; the French wording belongs to ``bot.answers``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Iterable

from bot.rules.legal_texts import legal_texts
from bot.rules.parameters import Parameter, ParameterError, Reference

CENT = Decimal("0.01")


class Verdict(str, Enum):
    """The answer to "can this person / employer take part?"."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    TO_CHECK = "to_check"


@dataclass(frozen=True)
class Reason:
    """One finding behind a verdict, with the source it rests on.

    An ``informative`` reason (a condition that always applies, such as the project's acceptance)
    is reported to the user but never changes the verdict.
    """

    code: str
    verdict: Verdict
    reference: Reference | None
    uncertain: bool = False
    informative: bool = False


@dataclass(frozen=True)
class Eligibility:
    """A verdict, the reasons behind it, the facts missing, and those that could still change it.

    ``still_needed`` names facts as ``bot.facts.Fact`` does, most decisive first; it is empty once
    no missing fact can change the verdict (a refusal stands whatever the rest).
    """

    verdict: Verdict
    reasons: list[Reason]
    window_closed: bool
    missing: list[str] = field(default_factory=list)
    still_needed: list[str] = field(default_factory=list)

    @property
    def uncertain(self) -> bool:
        """True when a reason rests on an uncertain parameter."""
        return any(reason.uncertain for reason in self.reasons)

    @property
    def codes(self) -> list[str]:
        """The reasons' codes, in order."""
        return [reason.code for reason in self.reasons]


def combine(reasons: Iterable[Reason], missing: Iterable[str] = ()) -> Verdict:
    """NOT_ELIGIBLE if any deciding reason refuses, TO_CHECK if any doubts or a fact is missing."""
    deciding = [reason.verdict for reason in reasons if not reason.informative]
    if Verdict.NOT_ELIGIBLE in deciding:
        return Verdict.NOT_ELIGIBLE
    if Verdict.TO_CHECK in deciding or list(missing):
        return Verdict.TO_CHECK
    return Verdict.ELIGIBLE


def refused(reasons: Iterable[Reason]) -> bool:
    """True when a deciding reason refuses: no other fact can turn the verdict round."""
    return any(reason.verdict is Verdict.NOT_ELIGIBLE and not reason.informative for reason in reasons)


def text_reference(key: str) -> Reference:
    """A whole legal text from ``legal_texts.yaml`` (``law``, ``decree``, ``order``, ``faq``)."""
    text = legal_texts()[key]
    return Reference(title=text.citation[:1].upper() + text.citation[1:], href=text.href)


def reference_of(parameter: Parameter, day: dt.date) -> Reference:
    """The reference in force on ``day``, or the first one when ``day`` precedes them all."""
    try:
        return parameter.reference_on(day)
    except ParameterError:
        return parameter.references[0][1]


def cents(amount: Decimal | float | int) -> float:
    """Round an amount in euros to the cent (half up), as a float."""
    return float(Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP))
