"""Candidate eligibility: one row per case, dates around the window's limits."""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path

import pytest

from bot.rules.candidate import candidate_eligibility
from bot.rules.verdict import Verdict
from tests.rules.operator_edits import extend_window

E, N, T = Verdict.ELIGIBLE, Verdict.NOT_ELIGIBLE, Verdict.TO_CHECK
IN_WINDOW = dt.date(2025, 6, 1)
BASE = {"age": 30, "already_cdi_with_employer": False, "contract_start": None, "certification_type": "rncp"}


@pytest.mark.parametrize(
    ("day", "changes", "verdict", "codes", "missing"),
    [
        # the window, from the contract's start (or the day asked when it is unknown)
        (dt.date(2023, 5, 27), {}, N, ["before_window", "min_age_met", "certification_eligible"], []),
        (dt.date(2023, 5, 28), {}, E, ["window_open", "min_age_met", "certification_eligible"], []),
        (dt.date(2026, 2, 28), {}, E, ["window_open", "min_age_met", "certification_eligible"], []),
        (dt.date(2026, 3, 1), {}, N, ["window_closed", "min_age_met", "certification_eligible"], []),
        (dt.date(2026, 1, 10), {"contract_start": dt.date(2026, 2, 28)}, E,
         ["window_open", "min_age_met", "certification_eligible"], []),
        (dt.date(2026, 1, 10), {"contract_start": dt.date(2026, 3, 1)}, N,
         ["window_closed", "min_age_met", "certification_eligible"], []),
        # a contract concluded inside the window stays valid when asked about later
        (dt.date(2026, 11, 26), {"contract_start": dt.date(2025, 9, 1)}, E,
         ["window_open", "min_age_met", "certification_eligible"], []),
        # age
        (IN_WINDOW, {"age": 15}, N, ["window_open", "under_min_age", "certification_eligible"], []),
        (IN_WINDOW, {"age": 16}, E, ["window_open", "min_age_met", "certification_eligible"], []),
        (IN_WINDOW, {"age": 67}, E, ["window_open", "min_age_met", "certification_eligible"], []),
        (IN_WINDOW, {"age": None}, T, ["window_open", "certification_eligible"], ["age"]),
        # already on a CDI with the employer: through an avenant
        (IN_WINDOW, {"already_cdi_with_employer": True}, E,
         ["window_open", "min_age_met", "cdi_avenant", "certification_eligible"], []),
        (IN_WINDOW, {"already_cdi_with_employer": None}, E,
         ["window_open", "min_age_met", "certification_eligible"], []),
        # certification
        (IN_WINDOW, {"certification_type": "titre_pro"}, E,
         ["window_open", "min_age_met", "certification_eligible"], []),
        (IN_WINDOW, {"certification_type": "Titre-Pro"}, E,
         ["window_open", "min_age_met", "certification_eligible"], []),
        (IN_WINDOW, {"certification_type": "diploma"}, E,
         ["window_open", "min_age_met", "certification_eligible"], []),
        (IN_WINDOW, {"certification_type": "cqp"}, E,
         ["window_open", "min_age_met", "certification_eligible"], []),
        (IN_WINDOW, {"certification_type": "skills_block"}, E,
         ["window_open", "min_age_met", "certification_eligible"], []),
        (IN_WINDOW, {"certification_type": "collective_agreement"}, E,
         ["window_open", "min_age_met", "certification_eligible"], []),
        (IN_WINDOW, {"certification_type": "other"}, T,
         ["window_open", "min_age_met", "certification_to_check"], []),
        (IN_WINDOW, {"certification_type": "permis de conduire"}, T,
         ["window_open", "min_age_met", "certification_to_check"], []),
        (IN_WINDOW, {"certification_type": None}, T, ["window_open", "min_age_met"], ["certification"]),
        (IN_WINDOW, {"certification_type": "  "}, T, ["window_open", "min_age_met"], ["certification"]),
        # everything unknown
        (IN_WINDOW, {"age": None, "already_cdi_with_employer": None, "certification_type": None}, T,
         ["window_open"], ["age", "certification"]),
        # a refusal wins over a doubt
        (dt.date(2026, 3, 1), {"age": None, "certification_type": "other"}, N,
         ["window_closed", "certification_to_check"], ["age"]),
    ],
)
def test_candidate_eligibility(
    day: dt.date, changes: dict, verdict: Verdict, codes: list[str], missing: list[str]
) -> None:
    result = candidate_eligibility(day, **{**BASE, **changes})
    assert result.verdict is verdict
    assert result.codes == codes
    assert result.missing == missing
    assert result.window_closed is ("window_closed" in codes)
    assert all(reason.reference is not None for reason in result.reasons)


@pytest.mark.parametrize(
    ("cdi", "needs_avenant"), [(True, True), (False, False), (None, False)]
)
def test_a_cdi_holder_enters_through_an_avenant_cited_from_the_faq(
    cdi: bool | None, needs_avenant: bool
) -> None:
    result = candidate_eligibility(
        IN_WINDOW, **{**BASE, "already_cdi_with_employer": cdi}
    )
    assert result.needs_avenant is needs_avenant
    assert result.verdict is E
    if needs_avenant:
        (reason,) = [r for r in result.reasons if r.code == "cdi_avenant"]
        assert "FAQ" in reason.reference.title and "7 décembre 2023" in reason.reference.title


def test_no_diploma_and_no_experience_are_ever_asked() -> None:
    names = inspect.signature(candidate_eligibility).parameters
    assert not any("diploma" in name or "experience" in name for name in names)


def test_a_closed_window_is_uncertain_and_cites_the_decree() -> None:
    result = candidate_eligibility(dt.date(2026, 3, 1), **BASE)
    reason = result.reasons[0]
    assert reason.code == "window_closed" and reason.uncertain
    assert result.uncertain
    assert "2023-408" in reason.reference.title


def test_an_open_window_is_not_uncertain() -> None:
    assert not candidate_eligibility(dt.date(2026, 2, 28), **BASE).uncertain


def test_under_min_age_cites_the_min_age_parameter() -> None:
    result = candidate_eligibility(IN_WINDOW, **{**BASE, "age": 15})
    (reason,) = [r for r in result.reasons if r.code == "under_min_age"]
    assert reason.reference.title == "Décret n° 2023-408 du 26 mai 2023, article 1, II, 1°"


def test_a_negative_age_is_refused() -> None:
    with pytest.raises(ValueError, match="age"):
        candidate_eligibility(IN_WINDOW, **{**BASE, "age": -1})


def test_an_operator_extension_reopens_the_window(parameter_copy: Path) -> None:
    parameters = extend_window(parameter_copy, "2026-03-01", "2027-02-28")
    result = candidate_eligibility(dt.date(2026, 3, 1), parameters=parameters, **BASE)
    assert result.verdict is E and not result.window_closed
    assert result.reasons[0].reference.title == "Texte de prolongation"


@pytest.mark.parametrize(
    ("day", "changes", "still_needed"),
    [
        # open window: the age, the start (a later one may fall after the window), the certification
        (IN_WINDOW, {"age": None, "certification_type": None}, ["age", "contract_start", "certification_type"]),
        (IN_WINDOW, {"contract_start": dt.date(2025, 9, 1)}, []),
        (IN_WINDOW, {"certification_type": None, "contract_start": dt.date(2025, 9, 1)}, ["certification_type"]),
        # a refusal stands whatever the rest: under 16, a start after the window, the window closed
        (IN_WINDOW, {"age": 15, "certification_type": None}, []),
        (IN_WINDOW, {"age": None, "contract_start": dt.date(2026, 3, 1)}, []),
        (dt.date(2026, 12, 4), {"age": None, "certification_type": None}, []),
        # before the window opens, a start inside it would change the verdict
        (dt.date(2023, 5, 1), {}, ["contract_start"]),
    ],
)
def test_still_needed_names_only_the_facts_that_could_change_the_verdict(
    day: dt.date, changes: dict, still_needed: list[str]
) -> None:
    assert candidate_eligibility(day, **{**BASE, **changes}).still_needed == still_needed
