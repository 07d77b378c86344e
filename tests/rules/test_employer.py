"""Employer eligibility: private-law employers only; the sector is never refused from a list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.rules.employer import employer_eligibility
from bot.rules.verdict import Verdict
from tests.rules.operator_edits import extend_window

E, N, T = Verdict.ELIGIBLE, Verdict.NOT_ELIGIBLE, Verdict.TO_CHECK
IN_WINDOW = dt.date(2025, 6, 1)
ALWAYS = ["sector_assessed_in_project", "project_required"]


@pytest.mark.parametrize(
    ("day", "employer_type", "verdict", "codes", "missing"),
    [
        (IN_WINDOW, "private_company", E, ["window_open", "private_employer"], []),
        (IN_WINDOW, "association", E, ["window_open", "private_employer"], []),
        (IN_WINDOW, "mutual", E, ["window_open", "private_employer"], []),
        (IN_WINDOW, "cooperative", E, ["window_open", "private_employer"], []),
        (IN_WINDOW, "geiq", E, ["window_open", "private_employer"], []),
        (IN_WINDOW, "private", E, ["window_open", "private_employer"], []),
        (IN_WINDOW, " Association ", E, ["window_open", "private_employer"], []),
        (IN_WINDOW, "state", N, ["window_open", "public_employer_excluded"], []),
        (IN_WINDOW, "local_authority", N, ["window_open", "public_employer_excluded"], []),
        (IN_WINDOW, "public_administrative_body", N, ["window_open", "public_employer_excluded"], []),
        (IN_WINDOW, "public_industrial_commercial_body", T,
         ["window_open", "public_industrial_commercial_body_to_check"], []),
        (IN_WINDOW, "syndicat mixte", T, ["window_open", "employer_type_to_check"], []),
        (IN_WINDOW, None, T, ["window_open"], ["employer_type"]),
        (IN_WINDOW, "", T, ["window_open"], ["employer_type"]),
        (dt.date(2023, 5, 27), "private_company", N, ["before_window", "private_employer"], []),
        (dt.date(2023, 5, 28), "private_company", E, ["window_open", "private_employer"], []),
        (dt.date(2026, 2, 28), "private_company", E, ["window_open", "private_employer"], []),
        (dt.date(2026, 3, 1), "private_company", N, ["window_closed", "private_employer"], []),
        (dt.date(2026, 3, 1), None, N, ["window_closed"], ["employer_type"]),
    ],
)
def test_employer_eligibility(
    day: dt.date, employer_type: str | None, verdict: Verdict, codes: list[str], missing: list[str]
) -> None:
    result = employer_eligibility(day, employer_type=employer_type, sector="métallurgie")
    assert result.verdict is verdict
    assert result.codes == codes + ALWAYS
    assert result.missing == missing
    assert result.window_closed is ("window_closed" in codes)
    assert all(reason.reference is not None for reason in result.reasons)


@pytest.mark.parametrize(
    "sector",
    ["métallurgie", "BTP", "coiffure", "banque", "secteur sans difficulté de recrutement", "", None],
)
def test_the_sector_never_decides(sector: str | None) -> None:
    result = employer_eligibility(IN_WINDOW, employer_type="private_company", sector=sector)
    assert result.verdict is E
    (reason,) = [r for r in result.reasons if r.code == "sector_assessed_in_project"]
    assert reason.informative and reason.verdict is not Verdict.NOT_ELIGIBLE


def test_a_project_accepted_after_the_call_is_always_required() -> None:
    for employer_type in ("private_company", "state", None):
        result = employer_eligibility(IN_WINDOW, employer_type=employer_type, sector=None)
        (reason,) = [r for r in result.reasons if r.code == "project_required"]
        assert reason.informative
        assert "cahier des charges" in reason.reference.title


def test_public_employers_are_excluded_by_the_law_article_11() -> None:
    result = employer_eligibility(IN_WINDOW, employer_type="state", sector=None)
    (reason,) = [r for r in result.reasons if r.code == "public_employer_excluded"]
    assert reason.reference.title == "Loi n° 2022-1598 du 21 décembre 2022, article 11"
    assert reason.reference.href.startswith("https://www.legifrance.gouv.fr/")


def test_a_closed_window_is_uncertain() -> None:
    result = employer_eligibility(dt.date(2026, 3, 1), employer_type="association", sector=None)
    assert result.uncertain
    assert not employer_eligibility(dt.date(2026, 2, 28), employer_type="association", sector=None).uncertain


def test_an_operator_extension_reopens_the_window(parameter_copy: Path) -> None:
    parameters = extend_window(parameter_copy, "2026-03-01", "2027-02-28")
    result = employer_eligibility(
        dt.date(2026, 3, 1), employer_type="association", sector=None, parameters=parameters
    )
    assert result.verdict is E and not result.window_closed


@pytest.mark.parametrize(
    ("day", "employer_type", "still_needed"),
    [
        (IN_WINDOW, None, ["employer_type"]),
        (IN_WINDOW, "private_company", []),
        (IN_WINDOW, "local_authority", []),
        (dt.date(2026, 12, 4), None, []),  # the window closed: nothing can change the verdict
    ],
)
def test_still_needed(day: dt.date, employer_type: str | None, still_needed: list[str]) -> None:
    assert employer_eligibility(day, employer_type=employer_type, sector=None).still_needed == still_needed
