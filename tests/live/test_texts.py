"""Names shown to visitors and the visitor's French texts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.formatting import typography_errors
from bot.live import messages
from bot.live.hours import load_hours, parse_hours
from bot.live.names import display_name

PARIS = ZoneInfo("Europe/Paris")
NBSP = "\u00a0"


@pytest.mark.parametrize(("account", "name"), [
    ("marie.dupont", "Marie"),
    ("jean-paul_martin", "Jean-Paul"),
    ("admin", "Admin"),
    ("MARIE", "Marie"),
    ("paul@porteur.example", "Paul"),
    ("anne marie", "Anne"),
    ("élodie.durand", "Élodie"),
    (".marie", ".marie"),
    ("  marie.dupont  ", "Marie"),
])
def test_display_name(account: str, name: str) -> None:
    assert display_name(account) == name


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def test_the_texts_have_french_typography() -> None:
    hours = load_hours()
    now = dt.datetime(2026, 12, 4, 19, 0, tzinfo=PARIS)
    texts = [messages.joined("Marie"), messages.released(), messages.waiting(2, 180), messages.closed(hours, now),
             messages.unavailable(), messages.missed()]
    for text in texts:
        assert typography_errors(text) == [], text
        assert "vous" in text.lower() or "Marie" in text


def test_waiting_says_the_place_and_the_rough_wait() -> None:
    assert plain(messages.waiting(1, 300)) == (
        "Je préviens l'équipe : une personne va vous répondre ici même, en général en moins de 5 minutes "
        "(votre demande est en 1re position dans la file). En attendant, je reste à votre disposition.")
    assert "en 2e position" in messages.waiting(2, 300)
    assert "en moins d'une minute" in messages.waiting(1, 20)
    assert "en moins de 3" in messages.waiting(1, 121)
    assert "dans la file" not in messages.waiting(0, 300)


def test_closed_says_the_hours_and_the_next_opening() -> None:
    hours = load_hours()
    friday_evening = dt.datetime(2026, 12, 4, 17, 30, tzinfo=dt.timezone.utc)
    assert plain(messages.closed(hours, friday_evening)) == (
        "Personne de l'équipe n'est disponible en direct en ce moment. L'équipe répond en direct du lundi au "
        "vendredi, de 9 h à 12 h 30 et de 13 h 30 à 18 h, hors jours fériés (prochaine ouverture : lundi "
        "7 décembre à 9 h). Je vous propose de laisser vos coordonnées : une personne de l'équipe vous recontactera.")
    assert "(prochaine ouverture : aujourd'hui à 13 h 30)" in plain(
        messages.closed(hours, dt.datetime(2026, 12, 7, 12, 45, tzinfo=PARIS)))
    assert "(prochaine ouverture : demain à 9 h)" in plain(
        messages.closed(hours, dt.datetime(2026, 12, 7, 19, 0, tzinfo=PARIS)))
    assert "lundi 4 janvier 2027 à 9 h" in plain(
        messages.closed(hours, dt.datetime(2026, 12, 31, 19, 0, tzinfo=PARIS)))
    never = parse_hours({"week": {}})
    assert plain(messages.closed(never, friday_evening)).startswith(
        "Personne de l'équipe n'est disponible en direct en ce moment. Je vous propose")


def test_joined_released_and_missed() -> None:
    assert messages.joined("Marie") == "Marie, de l'équipe VAE inversée, a rejoint la conversation."
    assert messages.released().startswith("L'assistant automatique reprend la conversation.")
    assert "à temps" in messages.missed() and "coordonnées" in messages.missed()

