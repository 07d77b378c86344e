"""Hiring aids by contract date, age and job-seeker status."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.rules.aids import Aid, hiring_aids

BEFORE_END = dt.date(2024, 4, 30)
AFTER_END = dt.date(2024, 5, 1)
DAY = dt.date(2026, 11, 26)


def aid(code: str, contract_date: dt.date, age: int | None, jobseeker: bool | None) -> Aid:
    aids = hiring_aids(DAY, contract_date=contract_date, candidate_age=age, jobseeker=jobseeker)
    return {a.code: a for a in aids}[code]


@pytest.mark.parametrize(
    ("contract_date", "age", "amount", "applies", "reason_code", "title"),
    [
        (dt.date(2023, 5, 28), 22, 6000, True, "under_age_limit", "Décret n° 2022-1714"),
        (BEFORE_END, 29, 6000, True, "under_age_limit", "Décret n° 2022-1714"),
        (BEFORE_END, 30, 6000, False, "over_age_limit", "Décret n° 2022-1714"),
        (BEFORE_END, None, 6000, None, "age_unknown", "Décret n° 2022-1714"),
        (AFTER_END, 29, None, False, "aid_not_in_force", "Décret n° 2024-392"),
        (AFTER_END, None, None, False, "aid_not_in_force", "Décret n° 2024-392"),
        (dt.date(2026, 1, 15), 20, None, False, "aid_not_in_force", "Décret n° 2024-392"),
    ],
)
def test_the_exceptional_aid_ended_for_contracts_from_1_may_2024(
    contract_date: dt.date,
    age: int | None,
    amount: int | None,
    applies: bool | None,
    reason_code: str,
    title: str,
) -> None:
    result = aid("exceptional_aid", contract_date, age, jobseeker=None)
    assert (result.amount_eur, result.applies, result.reason_code) == (amount, applies, reason_code)
    assert result.reference.title.startswith(title)
    assert not result.uncertain


@pytest.mark.parametrize(
    ("code", "age", "jobseeker", "applies", "reason_code"),
    [
        ("france_travail_jobseeker_26_plus", 25, True, False, "under_min_age"),
        ("france_travail_jobseeker_26_plus", 26, True, True, "jobseeker_min_age_met"),
        ("france_travail_jobseeker_26_plus", 50, True, True, "jobseeker_min_age_met"),
        ("france_travail_jobseeker_26_plus", 30, False, False, "not_jobseeker"),
        ("france_travail_jobseeker_26_plus", 30, None, None, "jobseeker_unknown"),
        ("france_travail_jobseeker_26_plus", None, True, None, "age_unknown"),
        ("france_travail_jobseeker_26_plus", None, None, None, "jobseeker_unknown"),
        ("france_travail_jobseeker_26_plus", None, False, False, "not_jobseeker"),
        ("france_travail_jobseeker_26_plus", 20, None, False, "under_min_age"),
        ("state_jobseeker_45_plus", 44, True, False, "under_min_age"),
        ("state_jobseeker_45_plus", 45, True, True, "jobseeker_min_age_met"),
        ("state_jobseeker_45_plus", 45, False, False, "not_jobseeker"),
        ("state_jobseeker_45_plus", 45, None, None, "jobseeker_unknown"),
        ("state_jobseeker_45_plus", None, True, None, "age_unknown"),
    ],
)
def test_jobseeker_aids(
    code: str, age: int | None, jobseeker: bool | None, applies: bool | None, reason_code: str
) -> None:
    for contract_date in (BEFORE_END, AFTER_END, dt.date(2026, 2, 28), dt.date(2026, 3, 1)):
        result = aid(code, contract_date, age, jobseeker)
        assert (result.amount_eur, result.applies, result.reason_code) == (2000, applies, reason_code)
        assert result.uncertain, "[check before relying]: the result must carry the doubt"
        assert "F23556" in result.reference.href


@pytest.mark.parametrize(
    ("contract_date", "age", "jobseeker", "applying"),
    [
        (BEFORE_END, 27, True, ["exceptional_aid", "france_travail_jobseeker_26_plus"]),
        (AFTER_END, 27, True, ["france_travail_jobseeker_26_plus"]),
        (AFTER_END, 45, True, ["france_travail_jobseeker_26_plus", "state_jobseeker_45_plus"]),
        (AFTER_END, 45, False, []),
        (AFTER_END, 20, True, []),
    ],
)
def test_which_aids_apply_together(
    contract_date: dt.date, age: int, jobseeker: bool, applying: list[str]
) -> None:
    aids = hiring_aids(DAY, contract_date=contract_date, candidate_age=age, jobseeker=jobseeker)
    assert [a.code for a in aids if a.applies] == applying


def test_the_contract_date_defaults_to_the_day() -> None:
    assert hiring_aids(BEFORE_END, contract_date=None, candidate_age=20, jobseeker=None)[0].applies is True
    assert hiring_aids(AFTER_END, contract_date=None, candidate_age=20, jobseeker=None)[0].applies is False


@pytest.mark.parametrize("code", ["france_travail_jobseeker_26_plus", "state_jobseeker_45_plus"])
@pytest.mark.parametrize("jobseeker", [True, None, False])
def test_an_employee_entering_through_an_avenant_gets_neither_jobseeker_aid(
    code: str, jobseeker: bool | None
) -> None:
    """Correction 5: the State aid needs the person off the staff for six months; the AFE, a job seeker."""
    aids = hiring_aids(DAY, contract_date=DAY, candidate_age=50, jobseeker=jobseeker, on_staff=True)
    found = {a.code: a for a in aids}[code]
    assert (found.applies, found.reason_code) == (False, "already_on_staff")
    assert found.uncertain
