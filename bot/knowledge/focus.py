"""The part of a long message that asks the question (« … Combien paie l'OPCO ? »).

Shared by the NLU pipeline (``pipeline/question_focus.py``) and the actions that rank entries, so
both read the same words. No kept library splits French sentences without a model, and spaCy's
parser is not loaded where this runs first.
"""

from __future__ import annotations

import re

FOCUS_MIN_CHARACTERS = 160
FOCUS_MIN_QUESTION = 50
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def focus(text: str, min_characters: int = FOCUS_MIN_CHARACTERS, min_question: int = FOCUS_MIN_QUESTION) -> str:
    """The part of ``text`` that NLU should classify."""
    if len(text) < min_characters:
        return text
    sentences = [sentence.strip() for sentence in SENTENCE_END.split(text) if sentence.strip()]
    asking = [index for index, sentence in enumerate(sentences) if "?" in sentence]
    if len(sentences) < 2 or not asking:
        return text
    start = asking[-1]
    # « Combien ? » or « Et pour nous ? » leans on the sentence before it.
    while start > 0 and len(" ".join(sentences[start:asking[-1] + 1])) < min_question:
        start -= 1
    return " ".join(sentences[start:])
