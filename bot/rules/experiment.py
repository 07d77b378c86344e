"""Whether a VAE inversée contract can be signed on a given date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from bot.rules.parameters import ParameterSet, Reference, default_parameters
from bot.rules.verdict import reference_of


class Phase(str, Enum):
    """Where a day falls relative to the contract window: the tense the answers take."""

    BEFORE = "before"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class ExperimentStatus:
    """The experiment's contract window seen from one day."""

    day: dt.date
    window_start: dt.date
    window_end: dt.date
    reference: Reference
    last_checked: dt.date | None
    end_uncertain: bool

    @property
    def is_open(self) -> bool:
        """True when a new contract can be concluded on ``day``."""
        return self.window_start <= self.day <= self.window_end

    @property
    def phase(self) -> Phase:
        """Before, during or after the window."""
        if self.day < self.window_start:
            return Phase.BEFORE
        return Phase.OPEN if self.day <= self.window_end else Phase.CLOSED

    @property
    def days_left(self) -> int:
        """Days left to sign, ``day`` included; 0 once the window is closed."""
        return max(0, (self.window_end - self.day).days + 1)


def experiment_status(day: dt.date, parameters: ParameterSet | None = None) -> ExperimentStatus:
    """Return the status of the contract window on ``day``.

    Before the décret took effect the window's parameters have no value yet: the first window
    then applies, so that a day before it reads as « pas encore ouvert ».
    """
    parameters = parameters or default_parameters()
    end = parameters.get("experiment.contract_window_end")
    start = parameters.get("experiment.contract_window_start")
    return ExperimentStatus(
        day=day,
        window_start=start.value_or_first(day),
        window_end=end.value_or_first(day),
        reference=reference_of(end, day),
        last_checked=end.last_value_still_valid_on,
        end_uncertain=end.uncertain,
    )
