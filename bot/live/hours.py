"""When the porteur's team answers live: ``hours.yaml`` (or ``LIVE_HOURS_FILE``), re-read when it changes.

The hours are the porteur's decision, not a legal rule; public holidays come from the ``holidays``
package. Slots are local times of the file's time zone, the end excluded.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo

import yaml

from bot.formatting import NBSP

DEFAULT_FILE = Path(__file__).with_name("hours.yaml")
FILE_VARIABLE = "LIVE_HOURS_FILE"
WAIT_VARIABLE = "LIVE_WAIT_SECONDS"
MINUTE_S = 60
DEFAULT_WAIT_S = 5 * MINUTE_S
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
NO_HOLIDAYS = {"", "none", "no", "false", "aucun"}
SEARCH_DAYS = 400  # next_opening looks this far ahead: more than a year of closures is "never"

Slot = tuple[int, int]  # minutes since local midnight: start included, end excluded


class HoursError(ValueError):
    """The hours file is malformed; the message names the culprit."""


@dataclass(frozen=True)
class OpeningHours:
    """The team's live hours: weekly slots, closed public holidays and exceptional closed days."""

    valid_from: dt.date | None  # the date of the porteur's decision, for the record
    timezone: str
    week: tuple[tuple[Slot, ...], ...]  # seven entries, Monday first
    public_holidays: str | None = None  # a country code for ``holidays``, e.g. "FR"
    closed_days: frozenset[dt.date] = frozenset()
    file_wait_seconds: int = DEFAULT_WAIT_S

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def wait_seconds(self) -> int:
        """How long a visitor waits before the contact form is offered (``LIVE_WAIT_SECONDS`` wins)."""
        raw = os.environ.get(WAIT_VARIABLE, "").strip()
        if raw:
            try:
                value = int(raw)
            except ValueError:
                raise HoursError(f"{WAIT_VARIABLE} must be a whole number of seconds, got {raw!r}") from None
            if value > 0:
                return value
        return self.file_wait_seconds

    def slots(self, day: dt.date) -> tuple[Slot, ...]:
        """The local slots of ``day``: none on a public holiday or a closed day."""
        if day in self.closed_days or self.is_holiday(day):
            return ()
        return self.week[day.weekday()]

    def is_holiday(self, day: dt.date) -> bool:
        return bool(self.public_holidays) and day in _holidays(self.public_holidays, day.year)

    def is_open(self, at: dt.datetime) -> bool:
        """Whether the team answers live at ``at`` (an aware datetime, any zone)."""
        local = _aware(at).astimezone(self.zone)
        minute = local.hour * MINUTE_S + local.minute
        return any(start <= minute < end for start, end in self.slots(local.date()))

    def next_opening(self, at: dt.datetime) -> dt.datetime | None:
        """The next start of a slot after ``at``, in the hours' zone; None if nothing opens within a year."""
        local = _aware(at).astimezone(self.zone)
        minute = local.hour * MINUTE_S + local.minute
        day = local.date()
        for offset in range(SEARCH_DAYS):
            current = day + dt.timedelta(days=offset)
            for start, _end in self.slots(current):
                if offset or start > minute:
                    hours, minutes = divmod(start, MINUTE_S)
                    return dt.datetime.combine(current, dt.time(hours, minutes), tzinfo=self.zone)
        return None

    def describe(self) -> str:
        """French: « du lundi au vendredi, de 9 h à 17 h, hors jours fériés » (non-breaking spaces)."""
        groups: list[tuple[int, int, tuple[Slot, ...]]] = []
        for index, slots in enumerate(self.week):
            if not slots:
                continue
            if groups and groups[-1][1] == index - 1 and groups[-1][2] == slots:
                groups[-1] = (groups[-1][0], index, slots)
            else:
                groups.append((index, index, slots))
        if not groups:
            return "à aucun moment pour l'instant"
        parts = [f"{_days_text(first, last)}, {_slots_text(slots)}" for first, last, slots in groups]
        text = f" ;{NBSP}".join(parts)
        if self.public_holidays:
            text += ", hors jours fériés"
        return text


def _days_text(first: int, last: int) -> str:
    if first == last:
        return f"le {DAY_NAMES[first]}"
    if last == first + 1:
        return f"le {DAY_NAMES[first]} et le {DAY_NAMES[last]}"
    return f"du {DAY_NAMES[first]} au {DAY_NAMES[last]}"


def _slots_text(slots: tuple[Slot, ...]) -> str:
    texts = [f"de {clock_text(start)} à {clock_text(end)}" for start, end in slots]
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} et {texts[-1]}"


def clock_text(minutes: int) -> str:
    """Minutes since midnight in French: « 9 h », « 9 h 15 » (non-breaking spaces)."""
    hours, rest = divmod(minutes, MINUTE_S)
    return f"{hours}{NBSP}h" + (f"{NBSP}{rest:02d}" if rest else "")


def _aware(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one, e.g. datetime.now(timezone.utc)")
    return at


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> frozenset[dt.date]:
    import holidays  # loaded when first asked: the package holds every country's calendar

    return frozenset(holidays.country_holidays(country, years=year).keys())


# --- the file ------------------------------------------------------------------------------------
_cache: dict[Path, tuple[int, OpeningHours]] = {}
_cache_lock = threading.Lock()


def hours_file(env: Mapping[str, str] | None = None) -> Path:
    """``LIVE_HOURS_FILE`` or the default ``bot/live/hours.yaml``."""
    raw = (os.environ if env is None else env).get(FILE_VARIABLE, "").strip()
    return Path(raw) if raw else DEFAULT_FILE


def load_hours(path: Path | None = None) -> OpeningHours:
    """The hours in ``path`` (default :func:`hours_file`), parsed again whenever its mtime changes.

    Raises:
        HoursError: malformed file; OSError: unreadable file.
    """
    path = Path(path or hours_file()).resolve()
    stamp = path.stat().st_mtime_ns
    with _cache_lock:
        cached = _cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
    hours = parse_hours(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    with _cache_lock:
        _cache[path] = (stamp, hours)
    return hours


def parse_hours(raw: Mapping[str, Any]) -> OpeningHours:
    """Build :class:`OpeningHours` from the file's mapping (see ``hours.yaml``)."""
    timezone = str(raw.get("timezone") or "Europe/Paris")
    try:
        ZoneInfo(timezone)
    except (ValueError, KeyError) as error:  # ZoneInfoNotFoundError is a KeyError
        raise HoursError(f"unknown timezone {timezone!r}") from error
    week_raw = raw.get("week") or {}
    unknown = set(week_raw) - set(DAYS)
    if unknown:
        raise HoursError(f"unknown days in week: {sorted(unknown)}")
    week = tuple(tuple(_slot(day, item) for item in (week_raw.get(day) or ())) for day in DAYS)
    holidays_raw = raw.get("public_holidays")
    country = None if holidays_raw in (None, False) else str(holidays_raw).strip()
    if country is not None and country.lower() in NO_HOLIDAYS:
        country = None
    wait = raw.get("wait_seconds", DEFAULT_WAIT_S)
    if not isinstance(wait, int) or isinstance(wait, bool) or wait <= 0:
        raise HoursError(f"wait_seconds must be a positive whole number, got {wait!r}")
    return OpeningHours(
        valid_from=_date(raw.get("valid_from"), "valid_from") if raw.get("valid_from") else None,
        timezone=timezone,
        week=week,
        public_holidays=country.upper() if country else None,
        closed_days=frozenset(_date(day, "closed_days") for day in raw.get("closed_days") or ()),
        file_wait_seconds=wait,
    )


def _date(value: Any, name: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise HoursError(f"{name}: not a date (YYYY-MM-DD): {value!r}") from None


def _slot(day: str, item: Any) -> Slot:
    if not isinstance(item, (list, tuple)) or len(item) != 2:
        raise HoursError(f"{day}: a slot is [\"HH:MM\", \"HH:MM\"], got {item!r}")
    start, end = (_minutes(day, value) for value in item)
    if not start < end:
        raise HoursError(f"{day}: a slot must end after it starts, got {item!r}")
    return start, end


def _minutes(day: str, value: Any) -> int:
    """``"09:15"`` → 555; an unquoted 9:15 is already 555 (YAML 1.1 reads it in base 60)."""
    if isinstance(value, int) and not isinstance(value, bool):
        minutes = value
    else:
        hours, _, rest = str(value).strip().partition(":")
        try:
            minutes = int(hours) * MINUTE_S + int(rest or 0)
        except ValueError:
            raise HoursError(f"{day}: not a time (HH:MM): {value!r}") from None
    if not 0 <= minutes <= dt.timedelta(days=1) // dt.timedelta(minutes=1):
        raise HoursError(f"{day}: not a time of day: {value!r}")
    return minutes
