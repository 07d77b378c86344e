"""What is left once the window is closed, by profile and by date; the classic contract's public."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.rules.alternatives import Audience, alternatives
from bot.rules.classic_contract import in_classic_public

DAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("age", "jobseeker", "minimum_income", "expected"),
    [
        (15, False, False, False),
        (16, None, None, True),
        (25, False, False, True),
        (26, True, False, True),
        (26, False, False, False),  # an employee of 26 already on a CDI is not in the public
        (30, False, False, False),
        (30, None, None, None),
        (30, False, None, None),  # could still receive the RSA, the ASS or the AAH
        (30, False, True, True),
        (None, None, True, True),
        (None, None, None, None),
    ],
)
def test_the_public_of_the_classic_contract(
    age: int | None, jobseeker: bool | None, minimum_income: bool | None, expected: bool | None
) -> None:
    assert in_classic_public(DAY, age=age, jobseeker=jobseeker, minimum_income=minimum_income) is expected


def codes(day: dt.date, **profile: object) -> list[tuple[str, bool | None]]:
    return [(way.code, way.applies) for way in alternatives(day, **profile)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ({}, [("reconversion_period", True), ("classic_contract", None), ("classic_vae_cpf", True),
              ("porteur_contact", True)]),
        # already employed, thirty, on a CDI: the période de reconversion, not the classic contract
        ({"audience": Audience.CANDIDATE, "age": 30, "employed": True, "jobseeker": False,
          "minimum_income": False},
         [("reconversion_period", True), ("classic_vae_cpf", True), ("porteur_contact", True)]),
        # a job seeker of 22: the classic contract, and no période de reconversion (not employed)
        ({"audience": Audience.CANDIDATE, "age": 22, "employed": False, "jobseeker": True,
          "minimum_income": False},
         [("classic_contract", True), ("classic_vae_cpf", True), ("porteur_contact", True)]),
        ({"audience": Audience.EMPLOYER},
         [("reconversion_period", True), ("classic_contract", None), ("porteur_contact", True)]),
    ],
)
def test_the_ways_left_by_profile(profile: dict, expected: list) -> None:
    assert codes(DAY, **profile) == expected


@pytest.mark.parametrize(
    ("day", "reconversion", "vae"),
    [
        (dt.date(2025, 7, 31), False, "classic_vae"),
        (dt.date(2025, 8, 1), False, "classic_vae_cpf"),
        (dt.date(2025, 12, 31), False, "classic_vae_cpf"),
        (dt.date(2026, 1, 1), True, "classic_vae_cpf"),
    ],
)
def test_each_way_exists_from_its_own_date(day: dt.date, reconversion: bool, vae: str) -> None:
    found = [code for code, _ in codes(day)]
    assert ("reconversion_period" in found) is reconversion
    assert vae in found
    assert found[-1] == "porteur_contact"


def test_the_periode_de_reconversion_is_marked_uncertain() -> None:
    way = next(w for w in alternatives(DAY) if w.code == "reconversion_period")
    assert way.uncertain
    assert way.reference.title.startswith("Loi n° 2025-989 du 24 octobre 2025")
