"""The team's live hours: slots, lunch break, weekends, French public holidays, closed days, zones."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.live.hours import DEFAULT_FILE, HoursError, OpeningHours, load_hours, parse_hours

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.timezone.utc
WEEKDAYS = '[["09:00", "12:30"], ["13:30", "18:00"]]'
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def hours_yaml(saturday: str = "[]", sunday: str = "[]", holidays: str = "FR", closed: str = "[]",
               wait: int = 300, weekdays: str = WEEKDAYS) -> str:
    slots = dict.fromkeys(DAYS[:5], weekdays) | {"saturday": saturday, "sunday": sunday}
    week = "\n".join(f"  {day}: {slots[day]}" for day in DAYS)
    return (f"valid_from: 2026-12-01\ntimezone: Europe/Paris\nwait_seconds: {wait}\n"
            f"public_holidays: {holidays}\nclosed_days: {closed}\nweek:\n{week}\n")


def write(path: Path, text: str) -> Path:
    """Write ``text`` with a surely new mtime (file systems may keep a coarse one)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    stamp = max(path.stat().st_mtime_ns, before + 1_000_000_000)
    os.utime(path, ns=(stamp, stamp))
    return path


@pytest.fixture
def hours_path(tmp_path: Path) -> Path:
    return write(tmp_path / "hours.yaml", hours_yaml())


@pytest.fixture
def hours(hours_path: Path) -> OpeningHours:
    return load_hours(hours_path)


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def test_the_shipped_file_is_weekdays_with_a_lunch_break_and_five_minutes_of_wait() -> None:
    hours = load_hours(DEFAULT_FILE)
    assert hours.timezone == "Europe/Paris" and hours.public_holidays == "FR"
    assert hours.wait_seconds == 300
    assert hours.is_open(paris(2026, 12, 7, 10, 0)) and not hours.is_open(paris(2026, 12, 5, 10, 0))


@pytest.mark.parametrize(("moment", "expected"), [
    (paris(2026, 12, 7, 8, 59), False),  # Monday, before opening
    (paris(2026, 12, 7, 9, 0), True),  # opening minute
    (paris(2026, 12, 7, 12, 29), True),
    (paris(2026, 12, 7, 12, 30), False),  # lunch break (the end is excluded)
    (paris(2026, 12, 7, 13, 0), False),
    (paris(2026, 12, 7, 13, 30), True),
    (paris(2026, 12, 9, 17, 59), True),  # Wednesday
    (paris(2026, 12, 9, 18, 0), False),
    (paris(2026, 12, 5, 10, 0), False),  # Saturday
    (paris(2026, 12, 6, 10, 0), False),  # Sunday
    (paris(2026, 12, 25, 10, 0), False),  # Christmas, a Friday
    (paris(2026, 12, 24, 10, 0), True),  # Christmas Eve is a working day
])
def test_open_and_closed(hours: OpeningHours, moment: dt.datetime, expected: bool) -> None:
    assert hours.is_open(moment) is expected


def test_any_zone_is_read_in_paris_time_summer_and_winter(hours: OpeningHours) -> None:
    assert hours.is_open(dt.datetime(2026, 12, 7, 8, 30, tzinfo=UTC))  # 09:30 in Paris (winter, +1)
    assert not hours.is_open(dt.datetime(2026, 12, 7, 7, 30, tzinfo=UTC))  # 08:30 in Paris
    assert hours.is_open(dt.datetime(2026, 7, 6, 7, 30, tzinfo=UTC))  # 09:30 in Paris (summer, +2)
    assert not hours.is_open(dt.datetime(2026, 7, 6, 16, 30, tzinfo=UTC))  # 18:30 in Paris
    new_york = ZoneInfo("America/New_York")
    assert hours.is_open(dt.datetime(2026, 12, 7, 4, 0, tzinfo=new_york))  # 10:00 in Paris
    with pytest.raises(ValueError):
        hours.is_open(dt.datetime(2026, 12, 7, 10, 0))  # naive: which zone?


def test_a_public_holiday_on_an_open_day_is_closed_unless_holidays_are_ignored(tmp_path: Path) -> None:
    every_day = load_hours(write(tmp_path / "a.yaml", hours_yaml(saturday=WEEKDAYS, sunday=WEEKDAYS)))
    assert not every_day.is_open(paris(2027, 5, 8, 10, 0))  # Victoire 1945, a Saturday
    assert every_day.is_open(paris(2027, 5, 9, 10, 0))
    assert not every_day.is_open(paris(2026, 12, 25, 10, 0))
    ignored = load_hours(write(tmp_path / "b.yaml", hours_yaml(saturday=WEEKDAYS, holidays="none")))
    assert ignored.public_holidays is None
    assert ignored.is_open(paris(2027, 5, 8, 10, 0)) and ignored.is_open(paris(2026, 12, 25, 10, 0))


def test_closed_days_are_closed(tmp_path: Path) -> None:
    hours = load_hours(write(tmp_path / "h.yaml", hours_yaml(closed="[2026-12-24, 2026-12-31]")))
    assert hours.closed_days == {dt.date(2026, 12, 24), dt.date(2026, 12, 31)}
    assert not hours.is_open(paris(2026, 12, 24, 10, 0)) and not hours.is_open(paris(2026, 12, 31, 10, 0))
    assert hours.is_open(paris(2026, 12, 30, 10, 0))


@pytest.mark.parametrize(("moment", "expected"), [
    (paris(2026, 12, 7, 8, 0), paris(2026, 12, 7, 9, 0)),  # this morning
    (paris(2026, 12, 7, 9, 0), paris(2026, 12, 7, 13, 30)),  # open now: the next start
    (paris(2026, 12, 7, 12, 45), paris(2026, 12, 7, 13, 30)),  # after lunch
    (paris(2026, 12, 4, 18, 30), paris(2026, 12, 7, 9, 0)),  # Friday evening: Monday
    (paris(2026, 12, 24, 18, 0), paris(2026, 12, 28, 9, 0)),  # Christmas, then the weekend
    (dt.datetime(2026, 12, 7, 7, 30, tzinfo=UTC), paris(2026, 12, 7, 9, 0)),  # 08:30 in Paris
])
def test_next_opening(hours: OpeningHours, moment: dt.datetime, expected: dt.datetime) -> None:
    opening = hours.next_opening(moment)
    assert opening == expected and opening.tzinfo == PARIS


def test_never_open_has_no_next_opening(tmp_path: Path) -> None:
    hours = load_hours(write(tmp_path / "h.yaml", hours_yaml(weekdays="[]")))
    assert hours.next_opening(paris(2026, 12, 7, 8, 0)) is None
    assert not hours.is_open(paris(2026, 12, 7, 10, 0))


def test_describe_in_french(hours: OpeningHours, tmp_path: Path) -> None:
    nbsp = "\u00a0"
    assert hours.describe() == (
        f"du lundi au vendredi, de 9{nbsp}h à 12{nbsp}h{nbsp}30 et de 13{nbsp}h{nbsp}30 à 18{nbsp}h, hors jours fériés"
    )
    other = load_hours(write(tmp_path / "h.yaml", hours_yaml(saturday='[["09:00", "12:00"]]', holidays="none")))
    assert other.describe().replace(nbsp, " ") == (
        "du lundi au vendredi, de 9 h à 12 h 30 et de 13 h 30 à 18 h ; le samedi, de 9 h à 12 h"
    )
    two = parse_hours({"week": {"monday": [["10:00", "11:00"]], "tuesday": [["10:00", "11:00"]]}})
    assert two.describe().replace(nbsp, " ") == "le lundi et le mardi, de 10 h à 11 h"


def test_the_file_is_read_again_when_it_changes(hours_path: Path) -> None:
    first = load_hours(hours_path)
    assert load_hours(hours_path) is first  # unchanged: not parsed again
    write(hours_path, hours_yaml(saturday=WEEKDAYS, wait=60))
    second = load_hours(hours_path)
    assert second.is_open(paris(2026, 12, 5, 10, 0)) and second.wait_seconds == 60


def test_the_environment_chooses_the_file_and_the_wait(hours_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(hours_path, hours_yaml(wait=120))
    monkeypatch.setenv("LIVE_HOURS_FILE", str(hours_path))
    hours = load_hours()
    assert hours.wait_seconds == 120
    monkeypatch.setenv("LIVE_WAIT_SECONDS", "3")
    assert hours.wait_seconds == 3
    monkeypatch.setenv("LIVE_WAIT_SECONDS", "trois")
    with pytest.raises(HoursError):
        hours.wait_seconds


def test_unquoted_times_read_in_base_sixty_are_understood() -> None:
    import yaml

    hours = parse_hours(yaml.safe_load("week:\n  monday: [[9:00, 13:30]]\n"))
    assert hours.week[0] == ((9 * 60, 13 * 60 + 30),)


@pytest.mark.parametrize("raw", [
    {"week": {"lundi": []}},
    {"week": {"monday": [["10:00"]]}},
    {"week": {"monday": [["11:00", "10:00"]]}},
    {"week": {"monday": [["dix", "onze"]]}},
    {"timezone": "Europe/Nowhere"},
    {"wait_seconds": 0},
    {"closed_days": ["demain"]},
])
def test_a_malformed_file_is_refused(raw: dict) -> None:
    with pytest.raises(HoursError):
        parse_hours(raw)
