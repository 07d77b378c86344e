"""The facts a check reads: one vocabulary for parsing, the rules and the answers.

A conversation keeps each fact in a slot of the same name, as a plain value (``int``, an enum's
value, an ISO date, or ``"unknown"`` for « je ne sais pas »). :class:`Facts` is the typed view of
those slots that the rules and the answers read; ``bot.intake`` fills the slots.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping

from bot.parsing.profile import CertificationType, DiplomaLevel, EmployerType, Situation

UNKNOWN = "unknown"
"""The value of a fact answered « je ne sais pas »: asked, answered, not known."""


class Fact(str, Enum):
    """Every fact a check can ask; the value is the slot's name."""

    AGE = "age"
    SITUATION = "situation"
    DIPLOMA_LEVEL = "diploma_level"
    CERTIFICATION_TYPE = "certification_type"
    CONTRACT_START = "contract_start"
    EMPLOYER_TYPE = "employer_type"
    SECTOR = "sector"
    IDCC = "idcc"
    HIRES = "hires"
    DURATION_MONTHS = "duration_months"


FACT_NAMES: tuple[str, ...] = tuple(fact.value for fact in Fact)
EMPLOYED = frozenset({Situation.EMPLOYEE_CDI, Situation.EMPLOYEE_OTHER})


def _enum(kind: type[Enum], value: Any) -> Any:
    try:
        return kind(value) if value is not None else None
    except ValueError:
        return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


# slot -> how its plain value becomes the typed one
_READERS = {
    Fact.AGE: _int,
    Fact.SITUATION: lambda value: _enum(Situation, value),
    Fact.DIPLOMA_LEVEL: lambda value: _enum(DiplomaLevel, value),
    Fact.CERTIFICATION_TYPE: lambda value: _enum(CertificationType, value),
    Fact.CONTRACT_START: _date,
    Fact.EMPLOYER_TYPE: lambda value: _enum(EmployerType, value),
    Fact.SECTOR: _text,
    Fact.IDCC: _int,
    Fact.HIRES: _int,
    Fact.DURATION_MONTHS: _int,
}


@dataclass(frozen=True)
class Facts:
    """What the conversation knows; ``None`` when not known (not given, or « je ne sais pas »)."""

    age: int | None = None
    situation: Situation | None = None
    diploma_level: DiplomaLevel | None = None
    certification_type: CertificationType | None = None
    contract_start: dt.date | None = None
    employer_type: EmployerType | None = None
    sector: str | None = None
    idcc: int | None = None
    hires: int | None = None
    duration_months: int | None = None
    answered: frozenset[str] = field(default_factory=frozenset)
    """The facts the visitor has answered, « je ne sais pas » included: never asked again."""

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Facts:
        """The typed facts of a conversation's slots (unreadable values count as not known)."""
        values = {}
        answered = set()
        for fact, reader in _READERS.items():
            raw = slots.get(fact.value)
            if raw in (None, ""):
                continue
            answered.add(fact.value)
            values[fact.value] = None if raw == UNKNOWN else reader(raw)
        return cls(**values, answered=frozenset(answered))

    def is_answered(self, fact: str) -> bool:
        """True once the fact is known or answered « je ne sais pas »."""
        return fact in self.answered

    @property
    def certification_known(self) -> CertificationType | None:
        """The certification type, « je ne sais pas » read as not known."""
        kind = self.certification_type
        return None if kind is CertificationType.UNKNOWN else kind

    @property
    def on_cdi(self) -> bool | None:
        """Already on a CDI (with the employer, the rules assume): entry by an avenant."""
        return None if self.situation is None else self.situation is Situation.EMPLOYEE_CDI

    @property
    def jobseeker(self) -> bool | None:
        return None if self.situation is None else self.situation is Situation.JOBSEEKER

    @property
    def employed(self) -> bool | None:
        return None if self.situation is None else self.situation in EMPLOYED

    @property
    def minimum_income(self) -> bool | None:
        return None if self.situation is None else self.situation is Situation.MINIMUM_INCOME

    @property
    def bac_pro_or_above(self) -> bool | None:
        """None when not known, or for a general bac (uncertain for pay)."""
        return self.diploma_level.bac_pro_or_above if self.diploma_level else None

    def profile(self) -> dict[str, Any]:
        """The keywords the rules on alternatives and on the classic contract's public read."""
        return {"age": self.age, "employed": self.employed, "jobseeker": self.jobseeker,
                "minimum_income": self.minimum_income}


def changed(before: Mapping[str, Any], after: Mapping[str, Any], names: tuple[str, ...] = FACT_NAMES) -> list[str]:
    """The facts among ``names`` whose slot value differs between ``before`` and ``after``."""
    return [name for name in names if after.get(name) is not None and before.get(name) != after.get(name)]
