"""The minimum gross pay of a contrat de professionnalisation, by age and level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from bot.rules.parameters import ParameterSet, Reference, default_parameters
from bot.rules.verdict import cents


@dataclass(frozen=True)
class MinimumSalary:
    """The minimum as a share of the SMIC and in euros a month (35 hours a week).

    In the oldest age band, ``note_branch_minimum`` says the pay must also reach
    ``branch_minimum_share`` of the branch's minimum wage, which only the convention collective gives.
    """

    share: float
    monthly_gross_eur: float
    smic_monthly: float
    reference: Reference
    note_branch_minimum: bool
    branch_minimum_share: float | None
    hourly_gross_eur: float
    smic_hourly: float
    smic_reference: Reference
    smic_checked_on: dt.date | None


def minimum_salary(
    day: dt.date,
    *,
    age: int,
    bac_pro_or_above: bool,
    parameters: ParameterSet | None = None,
) -> MinimumSalary:
    """Return the minimum pay on ``day`` for an employee of ``age``.

    Raises:
        ValueError: if ``age`` is below the minimum age of the contract (``eligibility.min_age``).
    """
    parameters = parameters or default_parameters()
    min_age = parameters.value("eligibility.min_age", day)
    if age < min_age:
        raise ValueError(f"age must be at least {min_age} (eligibility.min_age), got {age}")

    band = _band(age, day, parameters)
    level = "" if band == "age_26_and_over" else (
        "_bac_pro_or_above" if bac_pro_or_above else "_below_bac_pro"
    )
    share = parameters.get(f"salary.minimum_share.{band}{level}")
    share_value = share.value_on(day)
    smic_monthly = parameters.get("salary.smic_monthly_gross")
    smic_hourly = parameters.value("salary.smic_hourly_gross", day)
    monthly = smic_monthly.value_on(day)
    branch = band == "age_26_and_over"
    return MinimumSalary(
        share=share_value,
        monthly_gross_eur=cents(Decimal(str(share_value)) * Decimal(str(monthly))),
        smic_monthly=monthly,
        reference=share.reference_on(day),
        note_branch_minimum=branch,
        branch_minimum_share=(
            parameters.value("salary.branch_minimum_share_26_plus", day) if branch else None
        ),
        hourly_gross_eur=cents(Decimal(str(share_value)) * Decimal(str(smic_hourly))),
        smic_hourly=smic_hourly,
        smic_reference=smic_monthly.reference_on(day),
        smic_checked_on=smic_monthly.last_value_still_valid_on,
    )


def _band(age: int, day: dt.date, parameters: ParameterSet) -> str:
    if age >= parameters.value("salary.age_band_start.age_26_and_over", day):
        return "age_26_and_over"
    if age >= parameters.value("salary.age_band_start.age_21_to_25", day):
        return "age_21_to_25"
    return "under_21"


def salary_still_needed(
    day: dt.date,
    *,
    age: int | None,
    diploma_known: bool,
    parameters: ParameterSet | None = None,
) -> list[str]:
    """The facts that could still change the minimum: the age, then the diploma where it counts.

    The diploma counts only in the age bands whose two shares differ (never in the oldest); below the
    contract's minimum age there is no minimum to compute.
    """
    parameters = parameters or default_parameters()
    if age is None:
        return ["age"] if diploma_known else ["age", "diploma_level"]
    if diploma_known or age < parameters.value_or_first("eligibility.min_age", day):
        return []
    band = _band(age, day, parameters)
    if band == "age_26_and_over":
        return []
    shares = {parameters.value(f"salary.minimum_share.{band}{level}", day)
              for level in ("_bac_pro_or_above", "_below_bac_pro")}
    return ["diploma_level"] if len(shares) > 1 else []
