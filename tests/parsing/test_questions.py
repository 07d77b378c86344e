"""Whether a message asks something or answers the pending question."""

from __future__ import annotations

import pytest

from bot.parsing.text import reads_as_question


@pytest.mark.parametrize(("text", "answer_like", "expected"), [
    ("et qui paie la formation ?", False, True),
    ("combien de temps ça dure", False, True),
    ("Mais c'est quoi un OPCO", False, True),
    ("est-ce que le salaire est payé pendant la formation", False, True),
    ("pourquoi vous demandez ça", True, True),
    ("la trentaine ?", True, False),  # an answer with a doubt, not a question
    ("la trentaine", False, False),
    ("45 ans", False, False),
    ("quelque chose d'autre ?", False, True),
])
def test_reads_as_question(text: str, answer_like: bool, expected: bool) -> None:
    assert reads_as_question(text, answer_like=answer_like) is expected
