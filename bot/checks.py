"""Which facts a check still needs before it can answer, and which would only refine the answer.

A check asks only what could still change its answer, most decisive first, so that a visitor hears
it as soon as the rules can decide (the window closed, under the minimum age, a public employer,
the oldest age band for the pay rate). The other facts it can use are offered afterwards, as buttons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from bot.facts import Fact, Facts
from bot.rules.candidate import candidate_eligibility
from bot.rules.employer import employer_eligibility
from bot.rules.salary import salary_still_needed
from bot.rules.verdict import Reason, refused


# The window's reasons (bot.rules.window): a refusal for the window alone may be lifted by an extension.
WINDOW_CODES = frozenset({"window_open", "window_closed", "before_window"})


class Check(str, Enum):
    """A personalised check, named as ``last_check`` stores it."""

    CANDIDATE = "candidate"
    RECRUITER = "recruiter"
    EMPLOYER = "employer"
    OPCO = "opco"
    SALARY = "salary"


_F = Fact
_ASKED: dict[Check, tuple[Fact, ...]] = {
    Check.CANDIDATE: (_F.AGE, _F.CONTRACT_START, _F.CERTIFICATION_TYPE, _F.SITUATION),
    Check.RECRUITER: (_F.AGE, _F.CONTRACT_START, _F.CERTIFICATION_TYPE, _F.SITUATION, _F.DIPLOMA_LEVEL),
    Check.EMPLOYER: (_F.EMPLOYER_TYPE, _F.SECTOR, _F.DURATION_MONTHS, _F.HIRES, _F.AGE, _F.DIPLOMA_LEVEL),
    Check.OPCO: (_F.SECTOR,),
    Check.SALARY: (_F.AGE, _F.DIPLOMA_LEVEL),
}
# Every fact a check's answer reads, by slot name, in the order it asks them.
CHECK_FACTS: dict[Check, tuple[str, ...]] = {
    check: tuple(fact.value for fact in facts) for check, facts in _ASKED.items()
}


# The facts that, unknown once the check has answered, would still add to its answer: the start
# date only ever moves the verdict (asked when it can), the diploma never changes a pay rate the
# rules could already give.
_REFINING: dict[Check, tuple[str, ...]] = {
    Check.CANDIDATE: (_F.AGE.value, _F.CERTIFICATION_TYPE.value, _F.SITUATION.value),
    Check.RECRUITER: (_F.AGE.value, _F.CERTIFICATION_TYPE.value, _F.SITUATION.value, _F.DIPLOMA_LEVEL.value),
    Check.EMPLOYER: (_F.EMPLOYER_TYPE.value, _F.SECTOR.value, _F.DURATION_MONTHS.value, _F.HIRES.value, _F.AGE.value),
    Check.OPCO: (),
    Check.SALARY: (),
}


@dataclass(frozen=True)
class Questions:
    """``needed``: still able to change the answer, asked now in this order; ``optional``: not
    known, would only add to the answer (offered as buttons once it is given)."""

    needed: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def next(self) -> str | None:
        """The fact to ask now, or None when the check can answer."""
        return self.needed[0] if self.needed else None


def _refused_whatever_the_window(reasons: list[Reason]) -> bool:
    """A refusal that would stand even if the experiment were extended (too young, public employer)."""
    return refused(reason for reason in reasons if reason.code not in WINDOW_CODES)


def _needed(check: Check, day: dt.date, facts: Facts) -> tuple[list[str], bool]:
    """The facts that could still change the answer, and whether it is a refusal that stands
    whatever the rest (then nothing is worth refining)."""
    if check in (Check.CANDIDATE, Check.RECRUITER):
        result = candidate_eligibility(
            day, age=facts.age, already_cdi_with_employer=facts.on_cdi,
            contract_start=facts.contract_start, certification_type=facts.certification_known,
        )
        return result.still_needed, _refused_whatever_the_window(result.reasons)
    if check is Check.EMPLOYER:
        result = employer_eligibility(day, employer_type=facts.employer_type, sector=facts.sector)
        final = _refused_whatever_the_window(result.reasons)
        # Once eligible or to check, the OPCO and the estimate answer the employer's question.
        return (result.still_needed if refused(result.reasons) else [
            *result.still_needed, Fact.SECTOR.value, Fact.DURATION_MONTHS.value]), final
    if check is Check.SALARY:
        if facts.age is None and facts.is_answered(Fact.AGE.value):
            return [], False  # « je ne sais pas » the age: no rate to compute, the diploma changes nothing
        return _salary_needed(day, facts), False
    return [Fact.SECTOR.value], False


def _salary_needed(day: dt.date, facts: Facts) -> list[str]:
    return salary_still_needed(day, age=facts.age, diploma_known=facts.is_answered(Fact.DIPLOMA_LEVEL.value))


def questions(check: Check, day: dt.date, facts: Facts, refine: str | None = None) -> Questions:
    """What ``check`` still needs on ``day`` given ``facts``; ``refine``: a fact the visitor chose
    to give (a refinement button), asked after the needed ones."""
    needed, final = _needed(check, day, facts)
    if check is Check.OPCO or check is Check.EMPLOYER:
        # An IDCC names the OPCO on its own: the sector is not asked then.
        needed = [name for name in needed if not (name == Fact.SECTOR.value and facts.idcc)]
    if refine and refine in CHECK_FACTS[check]:
        needed.append(refine)
        if check is Check.EMPLOYER and refine == Fact.AGE.value:
            needed += _salary_needed(day, facts)  # the employee's age gives a pay rate, with the diploma if it counts
    needed = [name for name in dict.fromkeys(needed) if not facts.is_answered(name)]
    optional = [] if final else [
        name for name in _REFINING[check] if name not in needed and not facts.is_answered(name)]
    return Questions(tuple(needed), tuple(optional))
