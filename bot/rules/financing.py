"""What the OPCO can fund for a VAE inversée path, estimated from the dated caps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from bot.rules.parameters import ParameterError, ParameterSet, Reference, default_parameters
from bot.rules.verdict import cents
from bot.rules.window import check_window

MONTHS_PER_YEAR = 12

# cost_category code -> parameter. A cap is per path unless its parameter also reads it
# « per_year » (the pedagogical cap, per the ministry's FAQ): that reading is prorated too.
CATEGORY_PARAMETERS: dict[str, str] = {
    "pedagogique": "financing.pedagogical_cap",
    "conception": "financing.design_cap",
    "accompagnement": "financing.support_cap",
    "annexes": "financing.ancillary_cap",
}


@dataclass(frozen=True)
class FinancingCategory:
    """The cap of one cost category, per path.

    ``cap_if_per_year`` is the cap for this path's duration when a source reads the cap as
    annual (prorated like the annual amount, and never above the path's total); None otherwise.
    """

    code: str
    cap: float
    reference: Reference
    uncertain: bool
    readings: tuple[str, ...] = ()
    cap_if_per_year: float | None = None


@dataclass(frozen=True)
class FinancingEstimate:
    """The OPCO's flat-rate funding for ``hires`` paths of ``duration_months`` each."""

    duration_months: int
    hires: int
    annual_cap: float
    total_cap: float
    total_for_all_hires: float
    reference: Reference
    categories: list[FinancingCategory]
    """The categories whose cap is in force on the day (none before the cahier des charges)."""
    tutoring_max_months: int
    tutoring_reference: Reference
    uncertain: bool
    window_closed: bool


def financing_estimate(
    day: dt.date,
    duration_months: int,
    *,
    hires: int = 1,
    parameters: ParameterSet | None = None,
) -> FinancingEstimate:
    """Prorate the annual cap: ``annual_cap * duration_months / MONTHS_PER_YEAR``, to the cent.

    Raises:
        ValueError: if ``duration_months`` is not between 1 and ``path.max_duration_months``,
            or ``hires`` is not a positive whole number.
    """
    parameters = parameters or default_parameters()
    max_months = parameters.value("path.max_duration_months", day)
    if not _is_whole(duration_months) or not 1 <= duration_months <= max_months:
        raise ValueError(
            f"duration_months must be a whole number of months between 1 and {max_months} "
            f"(path.max_duration_months), got {duration_months!r}"
        )
    if not _is_whole(hires) or hires < 1:
        raise ValueError(f"hires must be a whole number of at least 1, got {hires!r}")

    annual = parameters.get("financing.annual_cap")
    annual_cap = annual.value_on(day)
    total = Decimal(str(annual_cap)) * duration_months / MONTHS_PER_YEAR
    tutoring = parameters.get("financing.tutoring_max_months")
    return FinancingEstimate(
        duration_months=duration_months,
        hires=hires,
        annual_cap=annual_cap,
        total_cap=cents(total),
        total_for_all_hires=cents(cents(total) * hires),
        reference=annual.reference_on(day),
        categories=[
            category
            for code, name in CATEGORY_PARAMETERS.items()
            if (category := _category(code, name, day, duration_months, cents(total), parameters))
        ],
        tutoring_max_months=tutoring.value_on(day),
        tutoring_reference=tutoring.reference_on(day),
        uncertain=annual.uncertain,
        window_closed=check_window(day, parameters).closed,
    )


def _category(
    code: str, name: str, day: dt.date, months: int, total: float, parameters: ParameterSet
) -> FinancingCategory | None:
    parameter = parameters.get(name)
    try:
        cap = parameter.value_on(day)
    except ParameterError:  # the cahier des charges had not set it yet on that day
        return None
    per_year = None
    if "per_year" in parameter.readings:
        per_year = min(cents(Decimal(str(cap)) * months / MONTHS_PER_YEAR), total)
    return FinancingCategory(
        code, cap, parameter.reference_on(day), parameter.uncertain, parameter.readings, per_year
    )


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
