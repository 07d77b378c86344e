"""Start dates said in French: « 01/03/2026 », « le 1er mars », « en septembre », « dans 2 mois »…

The caller passes ``today``: nothing here reads the clock. Hand-written: the kept libraries
(python-dateutil, babel) read formatted dates, not « mi-juin », « fin mars » or « dans quinze jours ».
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from bot.parsing.numbers import NUMBER, parse_french_number
from bot.parsing.text import normalize

_MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "setembre": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}
# « sept » is also seven: it is a month only as « sept. » or before a year.
_MONTH = rf"(?P<month>{'|'.join(sorted(_MONTHS, key=len, reverse=True))}|sept(?=\.| \d{{4}}\b))\b"
_YEAR_QUALIFIERS = {"debut": 1, "fin": 12, "mi": 7}
# « en 2026 », « courant 2026 »: the whole year, not one month of it.
_WHOLE_YEAR = {"courant", "en", "d'ici", "a partir de", "pour"}
# The day a qualified month names: « début mars » → 1st, « mi-juin » → 15th, « fin mars » → last day.
_MONTH_QUALIFIERS = {"debut": 1, "courant": 1, "mi": 15, "fin": 31}

Builder = Callable[[re.Match[str], dt.date], "dt.date | None"]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the end of a shorter month (31 janvier + 1 → 28 février)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (following - dt.timedelta(days=1)).day))


def _last_day(year: int, month: int) -> int:
    return (_add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)).day


def _from_month(year: int, month: int, today: dt.date) -> dt.date:
    """The 1st of a month named without a day, or today when that month is the current one:
    « en mars » said on 15 March means from now on, not a start two weeks ago."""
    first = dt.date(year, month, 1)
    return max(first, today) if (year, month) == (today.year, today.month) else first


def _month(match: re.Match[str]) -> int:
    return 9 if match["month"] == "sept" else _MONTHS[match["month"]]


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _on_or_after(today: dt.date, month: int, day: int) -> dt.date | None:
    """The next ``day``/``month`` on or after today, this year or the next (29 février included)."""
    this_year = _safe_date(today.year, month, day)
    if this_year is not None and this_year >= today:
        return this_year
    return _safe_date(today.year + 1, month, day)


def _day_month(match: re.Match[str], today: dt.date) -> dt.date | None:
    day = 1 if match["day"] in ("1er", "1 er", "premier") else parse_french_number(match["day"])
    if day is None:
        return None
    if match["year"]:
        return _safe_date(int(match["year"]), _month(match), day)
    return _on_or_after(today, _month(match), day)


def _month_alone(match: re.Match[str], today: dt.date) -> dt.date:
    """The 1st of the named month, this year if the month is later, next year if earlier; today
    if it is the current month."""
    month = _month(match)
    return _from_month(today.year + (month < today.month), month, today)


def _month_year(match: re.Match[str], today: dt.date) -> dt.date | None:
    """« septembre 2026 », « 09/2026 »: the 1st of that month, or today in the current month."""
    month = _month(match) if "month" in match.groupdict() else int(match["m"])  # words or digits
    if not 1 <= month <= 12:
        return None
    return _from_month(int(match["y"]), month, today)


def _qualified_month(match: re.Match[str], today: dt.date) -> dt.date:
    """« début mars » → the 1st, « mi-juin » → the 15th, « fin mars » → the last day; without a
    year, the next such day that is not in the past."""
    month, day = _month(match), _MONTH_QUALIFIERS[match["q"]]

    def in_year(year: int) -> dt.date:
        return dt.date(year, month, min(day, _last_day(year, month)))

    if match["y"]:
        return in_year(int(match["y"]))
    this_year = in_year(today.year)
    return this_year if this_year >= today else in_year(today.year + 1)


def _qualified_year(match: re.Match[str], today: dt.date) -> dt.date:
    """« début 2027 » → January, « mi-2027 » → July, « fin 2026 » → December, « en 2027 » → the
    1st of January; today when that month, or that whole year, has begun."""
    year = int(match["y"])
    if match["q"] in _WHOLE_YEAR:
        return max(dt.date(year, 1, 1), today) if year == today.year else dt.date(year, 1, 1)
    return _from_month(year, _YEAR_QUALIFIERS[match["q"]], today)


def _in(match: re.Match[str], today: dt.date) -> dt.date | None:
    count = parse_french_number(match["n"])
    if count is None:
        return None
    unit = match["unit"]
    if unit.startswith("jour"):
        return today + dt.timedelta(days=count)
    if unit.startswith("semaine"):
        return today + dt.timedelta(weeks=count)
    return _add_months(today, count if unit == "mois" else 12 * count)


def _rentree(match: re.Match[str], today: dt.date) -> dt.date | None:
    if match["year"]:
        return dt.date(int(match["year"]), 9, 1)
    return _on_or_after(today, 9, 1)


_ASAP = (
    r"\b(?:des que possible|dqp|asap|tout de suite|immediatement|au plus vite|au plus tot"
    r"|le plus (?:tot|vite) possible|des (?:a present|maintenant|aujourd'hui)|a partir de maintenant"
    r"|(?:commencer|demarrer|debuter|embaucher|recruter) (?:des )?maintenant)\b"
    r"|^(?:maintenant|aujourd'hui)\W*$"
)

# Most precise first; the first row that matches decides, so an impossible date gives None.
_DATES: tuple[tuple[re.Pattern[str], Builder], ...] = tuple((re.compile(pattern), build) for pattern, build in (
    (r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b",
     lambda m, today: _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))),
    (r"(?<![\d/.-])(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})(?![\d/.-])",
     lambda m, today: _safe_date(_year(m["y"]), int(m["m"]), int(m["d"]))),
    (rf"\b(?P<day>1 ?er|premier|{NUMBER}) (?:de )?{_MONTH}(?: (?P<year>\d{{4}})\b)?", _day_month),
    (r"(?<![\d/.-])(?P<m>\d{1,2})[/.-](?P<y>\d{4})(?![\d/.-])", _month_year),
    (r"(?:^|\ble )(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/])",
     lambda m, today: _on_or_after(today, int(m["m"]), int(m["d"]))),
    (rf"\b(?P<q>debut|courant|mi|fin)[ -](?:de |d'|du mois de |du mois d')?{_MONTH}\.?"
     r"(?:(?: de)? (?P<y>\d{4})\b)?", _qualified_month),
    (rf"\b{_MONTH}\.?(?: de)? (?P<y>\d{{4}})\b", _month_year),
    (r"\b(?P<q>debut|fin|mi|courant|en|d'ici|a partir de|pour)[ -](?:d'annee |de l'annee |l'annee )?"
     r"(?P<y>20\d{2})\b", _qualified_year),
    (rf"\b(?:dans|d'ici)(?: (?:environ|a peu pres|peut-etre|moins de|plus de))? (?P<n>{NUMBER}) ?"
     r"(?P<unit>jours?|semaines?|mois|ans?|annees?)\b", _in),
    (r"\bapres[ -]demain\b", lambda m, today: today + dt.timedelta(days=2)),
    (r"\bdemain\b", lambda m, today: today + dt.timedelta(days=1)),
    (r"\bsemaine prochaine\b", lambda m, today: today + dt.timedelta(weeks=1)),
    (r"\bmois prochain\b", lambda m, today: _add_months(today.replace(day=1), 1)),
    (r"\b(?:annee prochaine|an prochain)\b", lambda m, today: dt.date(today.year + 1, 1, 1)),
    (r"\brentree(?: (?:scolaire )?(?:de )?(?P<year>20\d{2}))?\b", _rentree),
    (_ASAP, lambda m, today: today),
    (rf"\b{_MONTH}", _month_alone),
))


def parse_date(text: str, today: dt.date) -> dt.date | None:
    """A start date: « 01/03/2026 », « 1/3/26 », « 2026-03-01 », « le 1er mars 2026 », « en septembre »,
    « mi-juin », « fin mars », « début 2027 », « dans 2 mois », « demain », « le mois prochain »,
    « dès que possible », « la rentrée ».

    Without a year, a day and month is the next one on or after ``today``, « mi-juin » the next
    15 June and « fin mars » the next 31 March, a month alone the 1st of that month from today's
    month on (today within the current month). A date with its year may be in the past: the
    caller decides what that means. Impossible dates (« 31/02/2026 ») → ``None``.
    """
    text = normalize(text)
    for pattern, build in _DATES:
        match = pattern.search(text)
        if match:
            return build(match, today)
    return None
