"""The knowledge base: enough entries, each sourced, free of typed figures, right on every date."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers import response_values
from bot.knowledge import check
from bot.knowledge.base import answer, entries, entry_for_intent, topics

DAY_IN_WINDOW = dt.date(2024, 6, 3)
DAY_CLOSED = dt.date(2026, 12, 1)


def test_the_base_passes_its_own_check() -> None:
    """Sources, placeholders, typography, suggestions, examples: what a reviewer runs."""
    assert check.errors() == []


def test_at_least_a_hundred_entries_in_topic_files() -> None:
    assert len(entries()) >= 100
    assert len(topics()) >= 6 and all(len(topic.entries) >= 5 for topic in topics())


@pytest.mark.parametrize("entry_id", sorted(entries()))
def test_every_entry_renders_with_its_sources_on_every_dated_change(entry_id: str) -> None:
    for day in check.checked_days():
        reply = answer(entry_id, day)
        assert reply.text and "{" not in reply.text and "}" not in reply.text
        assert "Source" in reply.text or entries()[entry_id].template
        assert 1 <= len(reply.buttons) <= 5  # the steps and the roles offer one button each


def test_figures_follow_the_parameter_in_force_on_the_day() -> None:
    """An entry that cites the annual cap shows the value of the day asked, never a typed one."""
    cited = [entry for entry in entries().values() if "{annual_cap}" in entry.texts.get("text", "")]
    assert cited, "no entry cites the annual cap"
    values = response_values(DAY_IN_WINDOW)
    assert values["annual_cap"] in answer(cited[0].id, DAY_IN_WINDOW).text


def test_closed_window_answers_differ_where_the_entry_says_so() -> None:
    dated = [entry for entry in entries().values() if "text_closed" in entry.texts]
    assert len(dated) >= 20
    for entry in dated:
        assert answer(entry.id, DAY_IN_WINDOW).text != answer(entry.id, DAY_CLOSED).text, entry.id


def test_intents_and_buttons_lead_back_to_their_entry() -> None:
    for entry in entries().values():
        assert entry_for_intent(entry.intent_name) is entry
        for button in answer(entry.id, DAY_CLOSED).buttons:
            assert button.payload.startswith("/")


def test_a_check_finds_a_typed_figure_and_an_unknown_source() -> None:
    entry = next(entry for entry in entries().values() if not entry.intent)
    broken = type(entry)(**{**entry.__dict__, "texts": {"text": "Jusqu'à 9000 euros."}, "sources": ("blog",)})
    problems = check.entry_errors(broken, set(entries()), set())
    assert any("digit" in problem for problem in problems)
    assert any("unknown source 'blog'" in problem for problem in problems)
