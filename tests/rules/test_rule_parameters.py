"""The parameters the personalised rules read, on the days around each dated change."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.rules.parameters import ParameterError, default_parameters

PARAMETERS = default_parameters()
START = dt.date(2023, 5, 28)
CODE_DU_TRAVAIL = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072050/"


@pytest.mark.parametrize(
    ("name", "day", "value"),
    [
        ("salary.minimum_share.under_21_below_bac_pro", START, 0.55),
        ("salary.minimum_share.under_21_bac_pro_or_above", START, 0.65),
        ("salary.minimum_share.age_21_to_25_below_bac_pro", START, 0.70),
        ("salary.minimum_share.age_21_to_25_bac_pro_or_above", START, 0.80),
        ("salary.minimum_share.age_26_and_over", START, 1.00),
        ("salary.branch_minimum_share_26_plus", START, 0.85),
        ("salary.age_band_start.age_21_to_25", START, 21),
        ("salary.age_band_start.age_26_and_over", START, 26),
        ("salary.smic_hourly_gross", dt.date(2024, 1, 1), 11.65),
        ("salary.smic_hourly_gross", dt.date(2024, 10, 31), 11.65),
        ("salary.smic_hourly_gross", dt.date(2024, 11, 1), 11.88),
        ("salary.smic_hourly_gross", dt.date(2025, 12, 31), 11.88),
        ("salary.smic_hourly_gross", dt.date(2026, 1, 1), 12.02),
        ("salary.smic_monthly_gross", dt.date(2024, 1, 1), 1766.92),
        ("salary.smic_monthly_gross", dt.date(2024, 10, 31), 1766.92),
        ("salary.smic_monthly_gross", dt.date(2024, 11, 1), 1801.80),
        ("salary.smic_monthly_gross", dt.date(2025, 12, 31), 1801.80),
        ("salary.smic_monthly_gross", dt.date(2026, 1, 1), 1823.03),
        ("aids.exceptional_aid_max", dt.date(2023, 1, 1), 6000),
        ("aids.exceptional_aid_max", dt.date(2024, 4, 30), 6000),
        ("aids.exceptional_aid_max", dt.date(2024, 5, 1), None),
        ("aids.exceptional_aid_age_limit", dt.date(2024, 4, 30), 30),
        ("aids.exceptional_aid_age_limit", dt.date(2024, 5, 1), None),
        ("aids.france_travail_jobseeker_26_plus", dt.date(2023, 1, 1), 2000),
        ("aids.state_jobseeker_45_plus", dt.date(2023, 1, 1), 2000),
        ("aids.jobseeker_26_plus_min_age", dt.date(2023, 1, 1), 26),
        ("aids.jobseeker_45_plus_min_age", dt.date(2023, 1, 1), 45),
    ],
)
def test_value_on(name: str, day: dt.date, value: float | None) -> None:
    if value is None:
        with pytest.raises(ParameterError):
            PARAMETERS.value(name, day)
    else:
        assert PARAMETERS.value(name, day) == value


PAY_RULES = [n for n in PARAMETERS.names() if n.startswith("salary.") and "smic" not in n]


@pytest.mark.parametrize("name", PAY_RULES)
def test_pay_rules_cite_the_code_du_travail(name: str) -> None:
    reference = PARAMETERS.get(name).reference_on(START)
    assert reference.title == "Code du travail, articles D6325-15 et D6325-18"
    assert reference.href == CODE_DU_TRAVAIL


@pytest.mark.parametrize(
    ("name", "uncertain"),
    [
        ("aids.france_travail_jobseeker_26_plus", True),
        ("aids.state_jobseeker_45_plus", True),
        ("aids.jobseeker_26_plus_min_age", True),
        ("aids.jobseeker_45_plus_min_age", True),
        ("aids.exceptional_aid_max", False),
        ("salary.smic_monthly_gross", False),
    ],
)
def test_doubtful_parameters_say_so(name: str, uncertain: bool) -> None:
    parameter = PARAMETERS.get(name)
    assert parameter.uncertain is uncertain
    if uncertain:
        assert "vérifier" in parameter.notes


@pytest.mark.parametrize("name", ["salary.smic_hourly_gross", "salary.smic_monthly_gross"])
def test_the_smic_says_to_check_service_public(name: str) -> None:
    parameter = PARAMETERS.get(name)
    assert parameter.notes == (
        "Montant à revérifier sur service-public.fr : il peut avoir été revalorisé depuis."
    )
    assert parameter.last_value_still_valid_on == dt.date(2026, 1, 1)


def test_there_is_no_minimum_duration() -> None:
    assert "path.min_duration_months" not in PARAMETERS.names()
