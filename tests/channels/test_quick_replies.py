"""Rasa buttons become Messenger quick replies within Messenger's limits, and no choice is lost."""

from __future__ import annotations

from bot.formatting import typography_errors
from channels.quick_replies import (
    CHOICES_INTRO,
    MAX_QUICK_REPLIES,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    choice_from_number,
    messenger_messages,
    shorten,
    split_text,
)


def buttons(*titles: str) -> list[dict]:
    return [{"title": title, "payload": f"/choose{{\"n\": {index}}}"} for index, title in enumerate(titles)]


def test_short_buttons_become_quick_replies_and_the_text_is_untouched() -> None:
    messages = messenger_messages("Que voulez-vous savoir\u00a0?", buttons("Les étapes", "Le financement"))
    assert messages == [{
        "text": "Que voulez-vous savoir\u00a0?",
        "quick_replies": [
            {"content_type": "text", "title": "Les étapes", "payload": '/choose{"n": 0}'},
            {"content_type": "text", "title": "Le financement", "payload": '/choose{"n": 1}'},
        ],
    }]


def test_a_long_title_is_cut_at_a_word_with_an_ellipsis_and_listed_in_full() -> None:
    long_title = "Être mis en relation avec un porteur de projet"
    [message] = messenger_messages("Et maintenant\u00a0?", buttons("Oui", long_title))
    titles = [reply["title"] for reply in message["quick_replies"]]
    assert titles == ["Oui", "Être mis en…"]
    assert all(len(title) <= MAX_TITLE_CHARS for title in titles)
    assert message["text"] == f"Et maintenant\u00a0?\n\n{CHOICES_INTRO}\n1. Oui\n2. {long_title}"
    assert typography_errors(message["text"]) == []


def test_shorten_keeps_the_limit_even_for_one_very_long_word() -> None:
    assert shorten("Anticonstitutionnellement-parlant") == "Anticonstitutionnel…"
    assert len(shorten("Anticonstitutionnellement-parlant")) == MAX_TITLE_CHARS
    assert shorten("Le financement") == "Le financement"


def test_more_than_thirteen_buttons_keep_thirteen_quick_replies_and_all_choices_in_text() -> None:
    titles = [f"Choix {index}" for index in range(1, 18)]
    [message] = messenger_messages("Votre secteur\u00a0?", buttons(*titles))
    assert len(message["quick_replies"]) == MAX_QUICK_REPLIES
    for index, title in enumerate(titles, start=1):
        assert f"\n{index}. {title}" in message["text"]


def test_a_text_over_two_thousand_characters_is_split_and_the_replies_go_last() -> None:
    text = "Une phrase assez longue pour le test. " * 120
    messages = messenger_messages(text, buttons("Oui", "Non"))
    assert len(messages) == 3
    assert all(len(message["text"]) <= MAX_TEXT_CHARS for message in messages)
    assert "quick_replies" not in messages[0] and len(messages[-1]["quick_replies"]) == 2
    assert " ".join(message["text"] for message in messages).split() == text.split()


def test_split_text_cuts_a_text_without_spaces_at_the_limit() -> None:
    assert [len(part) for part in split_text("x" * 4500)] == [2000, 2000, 500]


def test_a_number_typed_by_the_user_picks_the_listed_choice() -> None:
    choices = buttons(*[f"Choix {index}" for index in range(1, 18)])
    assert choice_from_number("15", choices) == '/choose{"n": 14}'
    assert choice_from_number(" 2. ", choices) == '/choose{"n": 1}'
    assert choice_from_number("18", choices) is None
    assert choice_from_number("j'ai 45 ans", choices) is None
