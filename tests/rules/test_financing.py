"""The OPCO's flat-rate funding: the annual cap prorated to the path, category caps per path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.rules.financing import financing_estimate
from tests.rules.operator_edits import set_value

DAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("duration_months", "hires", "total_cap", "total_for_all_hires"),
    [
        (1, 1, 750.0, 750.0),
        (6, 1, 4500.0, 4500.0),
        (7, 1, 5250.0, 5250.0),
        (12, 1, 9000.0, 9000.0),
        (13, 1, 9750.0, 9750.0),
        (24, 1, 18000.0, 18000.0),
        (36, 1, 27000.0, 27000.0),
        (12, 3, 9000.0, 27000.0),
        (36, 2, 27000.0, 54000.0),
    ],
)
def test_the_annual_cap_is_prorated_and_multiplied_by_the_hires(
    duration_months: int, hires: int, total_cap: float, total_for_all_hires: float
) -> None:
    estimate = financing_estimate(DAY, duration_months, hires=hires)
    assert estimate.annual_cap == 9000
    assert estimate.total_cap == total_cap
    assert estimate.total_for_all_hires == total_for_all_hires
    # The annual amount is the décret's own (art. 2), no longer a secondary source's.
    assert not estimate.uncertain
    assert estimate.reference.title == "Décret n° 2023-408 du 26 mai 2023, article 2"


@pytest.mark.parametrize("duration_months", [1, 12, 36])
def test_category_caps_are_per_path_and_not_prorated(duration_months: int) -> None:
    estimate = financing_estimate(DAY, duration_months)
    caps = {category.code: category.cap for category in estimate.categories}
    assert caps == {"pedagogique": 6000, "conception": 1000, "accompagnement": 2000, "annexes": 300}
    for category in estimate.categories:
        # Only the ancillary cap was read in the ministry's FAQ; the others rest on the seed page.
        assert category.uncertain is (category.code != "annexes")
        assert category.reference.href.startswith("https://")


@pytest.mark.parametrize(
    ("duration_months", "per_year"), [(1, 500.0), (6, 3000.0), (12, 6000.0), (24, 12000.0), (36, 18000.0)]
)
def test_the_pedagogical_cap_read_per_year_is_prorated_like_the_annual_amount(
    duration_months: int, per_year: float
) -> None:
    estimate = financing_estimate(DAY, duration_months)
    categories = {category.code: category for category in estimate.categories}
    pedagogical = categories["pedagogique"]
    assert pedagogical.readings == ("per_beneficiary", "per_year")
    assert pedagogical.cap == 6000
    assert pedagogical.cap_if_per_year == per_year
    assert pedagogical.cap_if_per_year <= estimate.total_cap
    assert categories["conception"].cap_if_per_year is None


def test_tutoring_is_funded_up_to_the_parameter() -> None:
    estimate = financing_estimate(DAY, 12)
    assert estimate.tutoring_max_months == 12
    assert "2023-408" in estimate.tutoring_reference.title


@pytest.mark.parametrize("duration_months", [0, -1, 37, 120])
def test_a_duration_outside_the_limits_is_refused_with_a_clear_message(duration_months: int) -> None:
    with pytest.raises(ValueError, match=r"between 1 and 36 \(path\.max_duration_months\)"):
        financing_estimate(DAY, duration_months)


@pytest.mark.parametrize("duration_months", [1.5, "12", True, None])
def test_a_duration_that_is_not_a_whole_number_is_refused(duration_months: object) -> None:
    with pytest.raises(ValueError, match="whole number of months"):
        financing_estimate(DAY, duration_months)  # type: ignore[arg-type]


@pytest.mark.parametrize("hires", [0, -2, 1.5, False])
def test_hires_must_be_a_positive_whole_number(hires: object) -> None:
    with pytest.raises(ValueError, match="hires"):
        financing_estimate(DAY, 12, hires=hires)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "window_closed"),
    [(dt.date(2026, 2, 28), False), (dt.date(2026, 3, 1), True)],
)
def test_the_estimate_says_when_the_window_is_closed(day: dt.date, window_closed: bool) -> None:
    estimate = financing_estimate(day, 12)
    assert estimate.window_closed is window_closed
    assert estimate.total_cap == 9000.0


def test_the_maximum_duration_comes_from_its_parameter(parameter_copy: Path) -> None:
    parameters = set_value(parameter_copy, "path.max_duration_months", "36", "48")
    assert financing_estimate(DAY, 48, parameters=parameters).total_cap == 36000.0


@pytest.mark.parametrize(
    ("duration_months", "total_cap"), [(7, 583.33), (5, 416.67), (1, 83.33)]
)
def test_the_total_is_rounded_to_the_cent(
    parameter_copy: Path, duration_months: int, total_cap: float
) -> None:
    parameters = set_value(parameter_copy, "financing.annual_cap", "9000", "1000")
    assert financing_estimate(DAY, duration_months, parameters=parameters).total_cap == total_cap
