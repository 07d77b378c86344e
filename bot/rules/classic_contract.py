"""Whether a person is in the public of the classic contrat de professionnalisation (L6325-1).

The experiment waived these conditions; once its window is closed they matter again, since the
classic contract is one of the ways left. Former CUI holders are in the public too, but nothing
the assistant asks tells them apart: they are named in the answers, never inferred.
"""

from __future__ import annotations

import datetime as dt

from bot.rules.parameters import ParameterSet, default_parameters


def in_classic_public(
    day: dt.date,
    *,
    age: int | None,
    jobseeker: bool | None,
    minimum_income: bool | None,
    parameters: ParameterSet | None = None,
) -> bool | None:
    """True, False, or None when the known facts cannot tell."""
    parameters = parameters or default_parameters()
    if minimum_income:
        return True
    if age is None:
        return None
    if age < parameters.value_or_first("classic_contract.min_age", day):
        return False
    if age <= parameters.value_or_first("classic_contract.young_max_age", day):
        return True
    if jobseeker and age >= parameters.value_or_first("classic_contract.jobseeker_min_age", day):
        return True
    if jobseeker is None or minimum_income is None:
        return None
    return False
