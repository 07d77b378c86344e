"""The experiment's contract window seen from a contract's date, as a reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.rules.experiment import Phase, experiment_status
from bot.rules.parameters import ParameterSet
from bot.rules.verdict import Reason, Verdict, reference_of


@dataclass(frozen=True)
class WindowCheck:
    """Whether a contract concluded on ``contract_day`` falls inside the window."""

    reason: Reason
    closed: bool
    rules_day: dt.date
    """The day to read the other parameters on: the contract's, or the window's first day."""


def check_window(contract_day: dt.date, parameters: ParameterSet) -> WindowCheck:
    """``window_open``, ``before_window`` or ``window_closed`` (uncertain: it may be extended)."""
    status = experiment_status(contract_day, parameters)
    if status.phase is Phase.BEFORE:
        start = parameters.get("experiment.contract_window_start")
        reason = Reason("before_window", Verdict.NOT_ELIGIBLE, reference_of(start, contract_day))
        return WindowCheck(reason, closed=False, rules_day=status.window_start)
    if status.phase is Phase.CLOSED:
        reason = Reason(
            "window_closed", Verdict.NOT_ELIGIBLE, status.reference, uncertain=status.end_uncertain
        )
        return WindowCheck(reason, closed=True, rules_day=contract_day)
    return WindowCheck(Reason("window_open", Verdict.ELIGIBLE, status.reference), False, contract_day)
