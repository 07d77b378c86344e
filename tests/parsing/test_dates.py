"""Start dates in French, read against a fixed ``today`` (the parser never reads the clock)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.parsing.dates import parse_date

TODAY = dt.date(2026, 3, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/03/2026", dt.date(2026, 3, 1)),
        ("1/3/26", dt.date(2026, 3, 1)),
        ("01.03.2026", dt.date(2026, 3, 1)),
        ("01-03-2026", dt.date(2026, 3, 1)),
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("à partir du 15/09/2026 si possible", dt.date(2026, 9, 15)),
        ("le 1er mars 2026", dt.date(2026, 3, 1)),
        ("le premier avril 2026", dt.date(2026, 4, 1)),
        ("lundi 7 septembre 2026", dt.date(2026, 9, 7)),
        ("le 15 mars", dt.date(2026, 3, 15)),
        ("1 mars", dt.date(2027, 3, 1)),
        ("le 2 juin", dt.date(2026, 6, 2)),
        ("le 3 fév", dt.date(2027, 2, 3)),
        ("le 15/09", dt.date(2026, 9, 15)),
        ("09/2026", dt.date(2026, 9, 1)),
        ("en septembre", dt.date(2026, 9, 1)),
        ("septembre", dt.date(2026, 9, 1)),
        ("on voudrait démarrer en septembre", dt.date(2026, 9, 1)),
        ("en mars", dt.date(2026, 3, 15)),  # the current month: from today, not its past 1st
        ("en janvier", dt.date(2027, 1, 1)),
        ("setembre", dt.date(2026, 9, 1)),
        ("septembre 2026", dt.date(2026, 9, 1)),
        ("sept. 2026", dt.date(2026, 9, 1)),
        ("fin septembre 2027", dt.date(2027, 9, 30)),
        ("début 2027", dt.date(2027, 1, 1)),
        ("fin 2026", dt.date(2026, 12, 1)),
        ("mi-2027", dt.date(2027, 7, 1)),
        ("en 2027", dt.date(2027, 1, 1)),
        ("dans 2 mois", dt.date(2026, 5, 15)),
        ("dans deux semaines", dt.date(2026, 3, 29)),
        ("dans quinze jours", dt.date(2026, 3, 30)),
        ("dans un an", dt.date(2027, 3, 15)),
        ("d'ici 3 mois", dt.date(2026, 6, 15)),
        ("demain", dt.date(2026, 3, 16)),
        ("après-demain", dt.date(2026, 3, 17)),
        ("la semaine prochaine", dt.date(2026, 3, 22)),
        ("le mois prochain", dt.date(2026, 4, 1)),
        ("maintenant", dt.date(2026, 3, 15)),
        ("dès que possible", dt.date(2026, 3, 15)),
        ("tout de suite", dt.date(2026, 3, 15)),
        ("ASAP", dt.date(2026, 3, 15)),
        ("au plus vite svp", dt.date(2026, 3, 15)),
        ("on veut démarrer maintenant", dt.date(2026, 3, 15)),
        ("l'année prochaine", dt.date(2027, 1, 1)),
        ("l'an prochain", dt.date(2027, 1, 1)),
        ("la rentrée", dt.date(2026, 9, 1)),
        ("à la rentree 2027", dt.date(2027, 9, 1)),
        ("j'ai 45 ans et on voudrait démarrer en septembre", dt.date(2026, 9, 1)),
        # not a date
        ("31/02/2026", None),
        ("32/01/2026", None),
        ("le 30 février", None),
        ("2026-13-01", None),
        ("j'ai 45 ans", None),
        ("18 mois", None),
        ("sept mois", None),
        ("IDCC 3248", None),
        ("80 salariés", None),
        ("un an 1/2", None),
        ("maintenant je suis au chômage", None),
        ("né en 1980", None),
        ("je ne sais pas", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("le mois prochain", dt.date(2026, 12, 20), dt.date(2027, 1, 1)),
        ("en janvier", dt.date(2026, 12, 20), dt.date(2027, 1, 1)),
        ("en décembre", dt.date(2026, 12, 20), dt.date(2026, 12, 20)),
        ("dans 1 mois", dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        ("dans 2 mois", dt.date(2026, 12, 31), dt.date(2027, 2, 28)),
        ("la rentrée", dt.date(2026, 9, 1), dt.date(2026, 9, 1)),
        ("la rentrée", dt.date(2026, 9, 2), dt.date(2027, 9, 1)),
        ("le 1er septembre", dt.date(2026, 9, 2), dt.date(2027, 9, 1)),
        ("l'année prochaine", dt.date(2026, 12, 31), dt.date(2027, 1, 1)),
        ("demain", dt.date(2026, 12, 31), dt.date(2027, 1, 1)),
        ("le 29 février", dt.date(2026, 3, 15), None),
        ("le 29 février", dt.date(2027, 3, 1), dt.date(2028, 2, 29)),
        ("le 29 février", dt.date(2028, 1, 10), dt.date(2028, 2, 29)),
    ],
)
def test_parse_date_depends_only_on_the_given_today(text: str, today: dt.date, expected: dt.date | None) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        # « mi » is the 15th, « fin » the last day, « début » the 1st: the next such day not past
        ("mi-juin", TODAY, dt.date(2026, 6, 15)),
        ("mi juin", TODAY, dt.date(2026, 6, 15)),
        ("à la mi-juin", TODAY, dt.date(2026, 6, 15)),
        ("mi-septembre", TODAY, dt.date(2026, 9, 15)),
        ("fin mars", TODAY, dt.date(2026, 3, 31)),
        ("fin du mois de mai", TODAY, dt.date(2026, 5, 31)),
        ("début avril", TODAY, dt.date(2026, 4, 1)),
        ("début d'avril", TODAY, dt.date(2026, 4, 1)),
        ("mi-mars", TODAY, dt.date(2026, 3, 15)),
        ("début mars", TODAY, dt.date(2027, 3, 1)),
        ("mi-mars", dt.date(2026, 3, 16), dt.date(2027, 3, 15)),
        ("fin février", TODAY, dt.date(2027, 2, 28)),
        ("fin février", dt.date(2027, 3, 1), dt.date(2028, 2, 29)),
        ("fin décembre", dt.date(2026, 12, 31), dt.date(2026, 12, 31)),
        ("fin sept. 2026", TODAY, dt.date(2026, 9, 30)),
        ("mi-juin 2027", TODAY, dt.date(2027, 6, 15)),
        ("fin mars 2025", TODAY, dt.date(2025, 3, 31)),  # with its year: read as said, even past
        # a month or a year said without a day is from today on once it has begun
        ("mars 2026", TODAY, dt.date(2026, 3, 15)),
        ("03/2026", TODAY, dt.date(2026, 3, 15)),
        ("09/2026", TODAY, dt.date(2026, 9, 1)),
        ("en 2026", TODAY, dt.date(2026, 3, 15)),
        ("courant 2026", TODAY, dt.date(2026, 3, 15)),
        ("fin 2026", dt.date(2026, 12, 20), dt.date(2026, 12, 20)),
        ("janvier 2026", TODAY, dt.date(2026, 1, 1)),
        ("13/2026", TODAY, None),
    ],
)
def test_a_month_read_with_its_part_and_from_today_on(text: str, today: dt.date, expected: dt.date | None) -> None:
    assert parse_date(text, today) == expected
