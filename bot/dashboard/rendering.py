"""Jinja2 templates (autoescaped) and the filters that write figures and dates the French way."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2

from bot.dashboard import charts
from bot.dashboard import leads as lead_queries
from bot.formatting import NBSP, format_date, format_euros, format_number, format_quantity
from bot.leads import models
from bot.leads.validation import display_phone
from bot.rules.freshness import ParameterCheck, format_value

try:
    PARIS: dt.tzinfo = ZoneInfo("Europe/Paris")
except ZoneInfoNotFoundError:  # no tz database on this machine: UTC, said as such on the page
    PARIS = dt.timezone.utc


@dataclass(frozen=True)
class Freshness:
    """What the banner of legal parameters to re-check shows on every logged-in page."""

    months: int
    stale: list[ParameterCheck] = field(default_factory=list)
    unreadable: bool = False  # a parameter file could not be read: the banner says so

    @property
    def shown(self) -> bool:
        return bool(self.stale) or self.unreadable


def environment() -> jinja2.Environment:
    """Templates from ``bot/dashboard/templates``, every value escaped unless marked safe."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bot.dashboard", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=format_number,
        euros=format_euros,
        local_time=local_time,
        day=lambda day: format_date(day),
        short_day=lambda day: f"{day.day:02d}/{day.month:02d}",
        percent=percent,
        phone=display_phone,
        pretty_json=lambda value: json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True),
    )
    env.globals.update(
        NBSP=NBSP,
        format_quantity=format_quantity,
        format_value=format_value,
        charts=charts,
        PROFILES=models.PROFILES,
        FOLLOW_UPS=models.FOLLOW_UPS,
        PROFILE_LABELS=lead_queries.PROFILE_LABELS,
        FOLLOW_UP_LABELS=lead_queries.FOLLOW_UP_LABELS,
        DELIVERY_LABELS=lead_queries.DELIVERY_LABELS,
        VERDICT_LABELS=lead_queries.VERDICT_LABELS,
        verdict_of=lead_queries.verdict_of,
        amounts_of=amounts_of,
        reasons_of=reasons_of,
        percent=percent,
        activity_charts=activity_charts,
        delta_day=dt.timedelta(days=1),
    )
    return env


def local_time(moment: dt.datetime | None) -> str:
    """``05/03/2026 à 9 h 05`` in Paris time."""
    if moment is None:
        return ""
    local = moment.astimezone(PARIS)
    return f"{local:%d/%m/%Y} à {local.hour}{NBSP}h{NBSP}{local:%M}"


def percent(part: int, whole: int) -> str:
    """``33,3 %`` with a non-breaking space; « – » when there is nothing to divide."""
    if not whole:
        return "–"
    value = round(100 * part / whole, 1)
    text = format_number(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")
    return f"{text}{NBSP}%"


def amounts_of(qualification: Any) -> list[tuple[str, str]]:
    """The qualification's amounts as (name, « 1 500 € »); non-numbers are shown as written."""
    amounts = qualification.get("amounts") if isinstance(qualification, dict) else None
    if not isinstance(amounts, dict):
        return []
    shown = []
    for name, value in amounts.items():
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        shown.append((str(name), format_euros(value) if is_number else str(value)))
    return shown


def reasons_of(qualification: Any) -> list[dict[str, str]]:
    """The qualification's reasons as dicts of code, verdict (French) and source."""
    reasons = qualification.get("reasons") if isinstance(qualification, dict) else None
    if not isinstance(reasons, list):
        return []
    shown = []
    for reason in reasons:
        if isinstance(reason, dict):
            verdict = str(reason.get("verdict") or "")
            shown.append(
                {
                    "code": str(reason.get("code") or ""),
                    "verdict": lead_queries.VERDICT_LABELS.get(verdict, verdict),
                    "source": str(reason.get("source") or ""),
                }
            )
        else:
            shown.append({"code": str(reason), "verdict": "", "source": ""})
    return shown


def activity_charts(figures: Any) -> dict[str, Any]:
    """The activity page's SVG charts, from an :class:`bot.dashboard.activity.Activity`."""
    day_label = lambda day: f"{day.day:02d}/{day.month:02d}"  # noqa: E731 - a one-line label
    # Only days with messages: a day without any has no rate, and a zero there would mislead.
    rates = [(day_label(day.day), 100 * day.not_understood / day.messages) for day in figures.days if day.messages]
    return {
        "conversations": charts.bar_chart(
            "Conversations par jour", [(day_label(day.day), day.conversations) for day in figures.days]
        ),
        "weeks": charts.stacked_bar_chart(
            "Prospects par profil et par semaine",
            [(f"{day_label(monday)}", [counts[p] for p in models.PROFILES]) for monday, counts in figures.weeks],
            [lead_queries.PROFILE_LABELS[p] for p in models.PROFILES],
        ),
        "funnel": charts.horizontal_bars(
            "Entonnoir\u00a0: conversations, vérifications personnalisées, prospects",
            [
                ("Conversations", figures.conversations),
                ("Vérifications personnalisées", figures.checked),
                ("Prospects", figures.leads),
            ],
        ),
        "topics": charts.horizontal_bars("Sujets les plus demandés", figures.topics),
        "fallback": charts.line_chart("Taux de messages non compris par jour", rates, unit=f"{NBSP}%", top=100),
    }
