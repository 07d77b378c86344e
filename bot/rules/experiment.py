"""Whether a VAE inversée contract can be signed on a given date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.rules.parameters import ParameterSet, Reference, default_parameters


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
    def days_left(self) -> int:
        """Days left to sign, ``day`` included; 0 once the window is closed."""
        return max(0, (self.window_end - self.day).days + 1)


def experiment_status(day: dt.date, parameters: ParameterSet | None = None) -> ExperimentStatus:
    """Return the status of the contract window on ``day``."""
    parameters = parameters or default_parameters()
    end = parameters.get("experiment.contract_window_end")
    return ExperimentStatus(
        day=day,
        window_start=parameters.value("experiment.contract_window_start", day),
        window_end=end.value_on(day),
        reference=end.reference_on(day),
        last_checked=end.last_value_still_valid_on,
        end_uncertain=end.uncertain,
    )
