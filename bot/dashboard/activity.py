"""The activity page's figures, put together from the tracker store and the leads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.dashboard import leads as lead_queries
from bot.dashboard.topics import topic_label
from bot.dashboard.tracker import DayActivity, Message, TrackerReader
from bot.leads.models import PROFILES

PERIODS = (7, 28, 91, 364)  # whole weeks, like the weekly leads chart
DEFAULT_PERIOD = PERIODS[1]


@dataclass(frozen=True)
class Activity:
    """Everything the activity page shows for the days [start, end)."""

    start: dt.datetime
    end: dt.datetime
    days: list[DayActivity]  # one per calendar day of the period, zeros included
    weeks: list[tuple[dt.date, dict[str, int]]]  # Monday → leads per profile
    conversations: int
    checked: int
    leads: int
    topics: list[tuple[str, int]]  # (French label, messages)
    not_understood: list[Message]

    @property
    def messages(self) -> int:
        return sum(day.messages for day in self.days)

    @property
    def not_understood_count(self) -> int:
        return sum(day.not_understood for day in self.days)


def period_bounds(days: int, today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The ``days`` UTC days ending with ``today`` included."""
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=dt.timezone.utc)
    return end - dt.timedelta(days=days), end


def activity(tracker: TrackerReader, session: Session, days: int, today: dt.date) -> Activity:
    """The figures of the last ``days`` days, each aggregated in SQL."""
    start, end = period_bounds(days, today)
    measured = {day.day: day for day in tracker.days(start, end)}
    every_day = [
        measured.get(start.date() + dt.timedelta(days=offset), DayActivity(start.date() + dt.timedelta(days=offset), 0, 0, 0))
        for offset in range(days)
    ]
    conversations, checked = tracker.funnel(start, end)
    return Activity(
        start=start,
        end=end,
        days=every_day,
        weeks=_weeks(lead_queries.leads_per_day_and_profile(session, start, end), start.date(), today),
        conversations=conversations,
        checked=checked,
        leads=lead_queries.count_created(session, start, end),
        topics=[(topic_label(intent), n) for intent, n in tracker.topics(start, end)],
        not_understood=tracker.not_understood(),
    )


def _weeks(rows: list[tuple[dt.date, str, int]], first: dt.date, last: dt.date) -> list[tuple[dt.date, dict[str, int]]]:
    """Fold (day, profile, n) into ISO weeks (their Monday), every week of the period listed."""
    monday = first - dt.timedelta(days=first.weekday())
    weeks: dict[dt.date, dict[str, int]] = {}
    while monday <= last:
        weeks[monday] = {profile: 0 for profile in PROFILES}
        monday += dt.timedelta(days=7)
    for day, profile, n in rows:
        week = day - dt.timedelta(days=day.weekday())
        if week in weeks and profile in weeks[week]:
            weeks[week][profile] += n
    return sorted(weeks.items())
