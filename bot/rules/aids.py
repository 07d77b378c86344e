"""Hiring aids an employer may get for a contrat de professionnalisation, by contract date.

``applies`` is None when a fact (age, job seeker) is unknown: the aid is then to check. A person
already on the company's staff (an employee entering through an avenant to a CDI) gets neither
job-seeker aid: they are not a job seeker, and the State aid also requires that they were not on
the staff in the months before (``aids.state_jobseeker_45_plus_not_on_staff_months``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.rules.parameters import ParameterError, ParameterSet, Reference, default_parameters
from bot.rules.verdict import reference_of


@dataclass(frozen=True)
class Aid:
    """One aid: its maximum amount on the contract date, and whether it applies."""

    code: str
    amount_eur: float | None
    reference: Reference
    uncertain: bool
    applies: bool | None
    reason_code: str


def hiring_aids(
    day: dt.date,
    *,
    contract_date: dt.date | None,
    candidate_age: int | None,
    jobseeker: bool | None,
    on_staff: bool = False,
    parameters: ParameterSet | None = None,
) -> list[Aid]:
    """Every known aid for a contract concluded on ``contract_date`` (``day`` when unknown).

    ``on_staff``: the person is already the company's employee (avenant to a CDI).
    """
    parameters = parameters or default_parameters()
    on = contract_date or day
    return [
        _exceptional_aid(on, candidate_age, parameters),
        _jobseeker_aid(
            "france_travail_jobseeker_26_plus", "aids.jobseeker_26_plus_min_age",
            on, candidate_age, jobseeker, on_staff, parameters,
        ),
        _jobseeker_aid(
            "state_jobseeker_45_plus", "aids.jobseeker_45_plus_min_age",
            on, candidate_age, jobseeker, on_staff, parameters,
        ),
    ]


def _exceptional_aid(on: dt.date, age: int | None, parameters: ParameterSet) -> Aid:
    """Employees under the age limit, contracts concluded while the amount is not null."""
    code = "exceptional_aid"
    amount = parameters.get("aids.exceptional_aid_max")
    reference = reference_of(amount, on)
    try:
        value = amount.value_on(on)
        limit = parameters.value("aids.exceptional_aid_age_limit", on)
    except ParameterError:
        return Aid(code, None, reference, amount.uncertain, False, "aid_not_in_force")
    if age is None:
        return Aid(code, value, reference, amount.uncertain, None, "age_unknown")
    if age < limit:
        return Aid(code, value, reference, amount.uncertain, True, "under_age_limit")
    return Aid(code, value, reference, amount.uncertain, False, "over_age_limit")


def _jobseeker_aid(
    code: str,
    min_age_name: str,
    on: dt.date,
    age: int | None,
    jobseeker: bool | None,
    on_staff: bool,
    parameters: ParameterSet,
) -> Aid:
    """A flat aid for hiring a job seeker of at least a given age."""
    amount = parameters.get(f"aids.{code}")
    min_age = parameters.get(min_age_name)
    reference = reference_of(amount, on)
    uncertain = amount.uncertain or min_age.uncertain
    try:
        value = amount.value_on(on)
        threshold = min_age.value_on(on)
    except ParameterError:
        return Aid(code, None, reference, uncertain, False, "aid_not_in_force")
    if on_staff:
        return Aid(code, value, reference, uncertain, False, "already_on_staff")
    if jobseeker is False:
        return Aid(code, value, reference, uncertain, False, "not_jobseeker")
    if age is not None and age < threshold:
        return Aid(code, value, reference, uncertain, False, "under_min_age")
    if jobseeker is None:
        return Aid(code, value, reference, uncertain, None, "jobseeker_unknown")
    if age is None:
        return Aid(code, value, reference, uncertain, None, "age_unknown")
    return Aid(code, value, reference, uncertain, True, "jobseeker_min_age_met")
