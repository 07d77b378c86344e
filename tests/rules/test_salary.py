"""Minimum pay in contrat de professionnalisation, around each SMIC change."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.rules.parameters import ParameterError
from bot.rules.salary import minimum_salary, salary_still_needed


@pytest.mark.parametrize(
    ("day", "age", "bac_pro", "share", "monthly", "smic_monthly", "hourly"),
    [
        # SMIC of 1 January 2024, then 1 November 2024
        (dt.date(2024, 1, 1), 18, False, 0.55, 971.81, 1766.92, 6.41),
        (dt.date(2024, 10, 31), 18, False, 0.55, 971.81, 1766.92, 6.41),
        (dt.date(2024, 11, 1), 18, False, 0.55, 990.99, 1801.80, 6.53),
        (dt.date(2024, 10, 31), 20, True, 0.65, 1148.50, 1766.92, 7.57),
        (dt.date(2024, 11, 1), 20, True, 0.65, 1171.17, 1801.80, 7.72),
        # SMIC of 1 January 2026
        (dt.date(2025, 12, 31), 21, False, 0.70, 1261.26, 1801.80, 8.32),
        (dt.date(2026, 1, 1), 21, False, 0.70, 1276.12, 1823.03, 8.41),
        (dt.date(2025, 12, 31), 25, True, 0.80, 1441.44, 1801.80, 9.50),
        (dt.date(2026, 1, 1), 25, True, 0.80, 1458.42, 1823.03, 9.62),
        (dt.date(2026, 1, 1), 16, False, 0.55, 1002.67, 1823.03, 6.61),
        (dt.date(2026, 1, 1), 16, True, 0.65, 1184.97, 1823.03, 7.81),
        (dt.date(2026, 1, 1), 20, False, 0.55, 1002.67, 1823.03, 6.61),
        (dt.date(2026, 1, 1), 24, False, 0.70, 1276.12, 1823.03, 8.41),
        (dt.date(2025, 12, 31), 26, False, 1.00, 1801.80, 1801.80, 11.88),
        (dt.date(2026, 1, 1), 26, False, 1.00, 1823.03, 1823.03, 12.02),
        (dt.date(2026, 1, 1), 26, True, 1.00, 1823.03, 1823.03, 12.02),
        (dt.date(2026, 11, 26), 58, True, 1.00, 1823.03, 1823.03, 12.02),
    ],
)
def test_minimum_salary(
    day: dt.date,
    age: int,
    bac_pro: bool,
    share: float,
    monthly: float,
    smic_monthly: float,
    hourly: float,
) -> None:
    result = minimum_salary(day, age=age, bac_pro_or_above=bac_pro)
    assert result.share == share
    assert result.monthly_gross_eur == monthly
    assert result.smic_monthly == smic_monthly
    assert result.hourly_gross_eur == hourly
    assert result.reference.title == "Code du travail, articles D6325-15 et D6325-18"


@pytest.mark.parametrize(
    ("age", "note", "branch_share"),
    [(20, False, None), (21, False, None), (25, False, None), (26, True, 0.85), (40, True, 0.85)],
)
def test_from_26_the_branch_minimum_is_noted(age: int, note: bool, branch_share: float | None) -> None:
    result = minimum_salary(dt.date(2026, 1, 1), age=age, bac_pro_or_above=False)
    assert result.note_branch_minimum is note
    assert result.branch_minimum_share == branch_share


@pytest.mark.parametrize(
    ("day", "title"),
    [
        (dt.date(2023, 5, 28), "Arrêté du 26 avril 2023"),
        (dt.date(2023, 12, 31), "Arrêté du 26 avril 2023"),
        (dt.date(2024, 1, 1), "Décret n° 2023-1216 du 20 décembre 2023"),
        (dt.date(2024, 10, 31), "Décret n° 2023-1216 du 20 décembre 2023"),
        (dt.date(2024, 11, 1), "Décret n° 2024-951 du 23 octobre 2024"),
        (dt.date(2025, 12, 31), "Décret n° 2024-951 du 23 octobre 2024"),
        (dt.date(2026, 1, 1), "Décret n° 2025-1228 du 17 décembre 2025"),
    ],
)
def test_the_smic_cites_the_decree_in_force(day: dt.date, title: str) -> None:
    result = minimum_salary(day, age=30, bac_pro_or_above=True)
    assert result.smic_reference.title.startswith(title)
    assert result.smic_reference.href.startswith("https://www.legifrance.gouv.fr/")
    assert result.smic_checked_on == dt.date(2026, 1, 1)


@pytest.mark.parametrize("age", [15, 0, -3])
def test_under_16_is_refused(age: int) -> None:
    with pytest.raises(ValueError, match="at least 16"):
        minimum_salary(dt.date(2026, 1, 1), age=age, bac_pro_or_above=False)


def test_a_check_in_2023_uses_the_smic_of_1_may_2023() -> None:
    result = minimum_salary(dt.date(2023, 12, 31), age=30, bac_pro_or_above=False)
    assert (result.smic_monthly, result.smic_hourly) == (1747.20, 11.52)
    assert result.monthly_gross_eur == 1747.20


def test_no_smic_before_its_first_dated_value() -> None:
    with pytest.raises(ParameterError):
        minimum_salary(dt.date(2023, 4, 30), age=30, bac_pro_or_above=False)


@pytest.mark.parametrize(
    ("age", "diploma_known", "still_needed"),
    [
        (None, False, ["age", "diploma_level"]),
        (None, True, ["age"]),
        (19, False, ["diploma_level"]),
        (23, False, ["diploma_level"]),
        (26, False, []),  # from 26 one rate for every level
        (15, False, []),  # below the minimum age: no pay rate
        (19, True, []),
    ],
)
def test_salary_still_needed(age: int | None, diploma_known: bool, still_needed: list[str]) -> None:
    assert salary_still_needed(dt.date(2025, 6, 1), age=age, diploma_known=diploma_known) == still_needed
