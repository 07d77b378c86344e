"""What a visitor can do instead once the contract window is closed, by profile.

Each way is dated: the période de reconversion exists from its start parameter, the CPF pays a
whole VAE from its own; the classic contract is offered only to its public (L6325-1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from bot.rules.classic_contract import in_classic_public
from bot.rules.parameters import ParameterError, ParameterSet, Reference, default_parameters
from bot.rules.verdict import text_reference


class Audience(str, Enum):
    """Who asks: the ways differ for a person and for a company."""

    CANDIDATE = "candidate"
    EMPLOYER = "employer"
    ANY = "any"


@dataclass(frozen=True)
class Alternative:
    """One way left: its code, its source, and whether it surely applies (None: it depends)."""

    code: str
    reference: Reference | None
    applies: bool | None
    uncertain: bool = False


def alternatives(
    day: dt.date,
    *,
    audience: Audience = Audience.ANY,
    age: int | None = None,
    employed: bool | None = None,
    jobseeker: bool | None = None,
    minimum_income: bool | None = None,
    parameters: ParameterSet | None = None,
) -> list[Alternative]:
    """The ways open on ``day``, the likeliest first for this profile; the porteur always last."""
    parameters = parameters or default_parameters()
    ways: list[Alternative] = []
    reconversion = _reconversion(day, parameters)
    classic = Alternative(
        "classic_contract",
        text_reference("classic_contract"),
        in_classic_public(day, age=age, jobseeker=jobseeker, minimum_income=minimum_income,
                          parameters=parameters),
    )
    vae = _classic_vae(day, parameters)
    if audience is Audience.EMPLOYER:
        ways = [w for w in (reconversion, classic) if w]
    else:
        if reconversion and employed is not False:
            ways.append(reconversion)
        if classic.applies is not False:
            ways.append(classic)
        ways.append(vae)
    ways.append(Alternative("porteur_contact", None, True))
    return ways


def _reconversion(day: dt.date, parameters: ParameterSet) -> Alternative | None:
    start = parameters.get("reconversion_period.start")
    try:
        start.value_on(day)
    except ParameterError:
        return None  # not in force yet on that day
    return Alternative("reconversion_period", start.reference_on(day), True, start.uncertain)


def _classic_vae(day: dt.date, parameters: ParameterSet) -> Alternative:
    cpf = parameters.get("classic_vae.cpf_full_path_since")
    try:
        cpf.value_on(day)
    except ParameterError:
        return Alternative("classic_vae", None, True)
    return Alternative("classic_vae_cpf", cpf.reference_on(day), True, cpf.uncertain)
