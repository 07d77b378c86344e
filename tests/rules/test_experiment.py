"""The contract window's status on the days around each of its limits."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers import status_topic
from bot.rules.experiment import experiment_status


@pytest.mark.parametrize(
    ("day", "is_open", "days_left", "topic"),
    [
        (dt.date(2023, 4, 30), False, 1036, "experiment_status_before"),
        (dt.date(2023, 5, 27), False, 1009, "experiment_status_before"),
        (dt.date(2023, 5, 28), True, 1008, "experiment_status_open"),
        (dt.date(2026, 2, 27), True, 2, "experiment_status_open"),
        (dt.date(2026, 2, 28), True, 1, "experiment_status_open"),
        (dt.date(2026, 3, 1), False, 0, "experiment_status_closed"),
        (dt.date(2026, 11, 26), False, 0, "experiment_status_closed"),
    ],
)
def test_status_around_the_window(day: dt.date, is_open: bool, days_left: int, topic: str) -> None:
    status = experiment_status(day)
    assert status.window_start == dt.date(2023, 5, 28)
    assert status.window_end == dt.date(2026, 2, 28)
    assert status.is_open is is_open
    assert status.days_left == days_left
    assert status_topic(status) == topic
    assert "2023-408" in status.reference.title
