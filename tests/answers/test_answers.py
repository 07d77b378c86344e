"""Every answer renders completely, cites a source, and reads as careful French."""

from __future__ import annotations

import datetime as dt

import pytest

import yaml

from bot.answers import TEMPLATES_FILE, render, response_values, templates, texts_of
from bot.formatting import NBSP, format_date, format_euros, typography_errors

DAYS = [
    dt.date(2023, 5, 27), dt.date(2025, 9, 1), dt.date(2026, 2, 28), dt.date(2026, 3, 1),
    dt.date(2026, 11, 26),
]
# Whole answers of templates.fr.yml; checks.fr.yml holds fragments that bot.answers.checks assembles.
WHOLE_ANSWERS = sorted(yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("day", DAYS, ids=str)
@pytest.mark.parametrize("topic", WHOLE_ANSWERS)
def test_every_topic_renders_without_a_leftover_placeholder(topic: str, day: dt.date) -> None:
    answer = render(topic, day)
    assert "{" not in answer.text and "}" not in answer.text
    assert answer.text.strip()
    assert "Source" in answer.text, f"{topic} must cite its source"
    assert 2 <= len(answer.buttons) <= 5
    assert typography_errors(answer.text) == []
    for button in answer.buttons:
        assert button.payload.startswith("/")
        assert typography_errors(button.title) == []


def test_financing_states_the_caps_from_the_parameters() -> None:
    text = render("financing", dt.date(2026, 11, 26)).text
    for amount in (9000, 6000, 1000, 2000, 300):
        assert format_euros(amount) in text
    assert f"9{NBSP}000{NBSP}€" in text
    assert "à confirmer" in text


def test_closed_window_says_so_and_offers_alternatives() -> None:
    text = render("experiment_status_closed", dt.date(2026, 11, 26)).text
    assert text.startswith("Non")
    assert "28 février 2026" in text
    assert "France VAE" in text and "contrat de professionnalisation classique" in text
    assert "Aucune prolongation" in text


def test_open_window_counts_the_days_left() -> None:
    text = render("experiment_status_open", dt.date(2026, 2, 27)).text
    assert text.startswith("Oui")
    assert f"2{NBSP}jours" in text


def test_eligibility_warns_first_when_the_window_is_closed() -> None:
    assert render("eligibility", dt.date(2026, 11, 26)).text.startswith("À noter")
    assert render("eligibility", dt.date(2025, 6, 1)).text.startswith("Qui peut")


def test_legal_framework_names_the_three_texts_with_their_numbers() -> None:
    text = render("legal_framework", dt.date(2026, 11, 26)).text
    assert "loi n° 2022-1598 du 21 décembre 2022" in text
    assert "décret n° 2023-408 du 26 mai 2023" in text
    assert "arrêté du 26 juin 2023" in text
    assert "https://www.legifrance.gouv.fr/" in text


def test_values_cover_every_placeholder_used() -> None:
    values = response_values(dt.date(2026, 11, 26))
    import string

    for topic, template in templates().items():
        for text in texts_of(template):
            used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            # checks.fr.yml's parts get the rules' results on top of these values
            if topic in yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8")):
                assert used <= set(values), f"{topic}: {used - set(values)}"


@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2026, 2, 28), "28 février 2026"), (dt.date(2025, 8, 1), "1er août 2025")],
)
def test_dates_read_in_french(day: dt.date, expected: str) -> None:
    assert format_date(day) == expected
