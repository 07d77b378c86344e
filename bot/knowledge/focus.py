"""The part of a long message that asks the question (« … Combien paie l'OPCO ? »).

Shared by the NLU pipeline (``pipeline/question_focus.py``) and the actions that rank entries, so
both read the same words. No kept library splits French sentences without a model, and spaCy's
parser is not loaded where this runs first.
"""

from __future__ import annotations

import re

from bot.parsing.text import normalize

FOCUS_MIN_CHARACTERS = 160
FOCUS_MIN_QUESTION = 50
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


# « Bonjour, combien coûte… ? » asks the question: the greeting before it would outweigh it.
_GREETING = re.compile(
    r"^\s*(?:re[- ]?)?(?:bonjour|bonsoir|salut|hello|coucou|bjr|slt)\b"
    r"(?:\s+(?:[àa] vous|[àa] tous|madame|monsieur|mesdames|messieurs|tout le monde))*[\s,.!;:-]*",
    re.IGNORECASE,
)
_ASKS = re.compile(r"\?|\b(?:combien|comment|pourquoi|quel(?:le)?s?|est-ce|qui|quand|puis-je|peut-on)\b")
GREETING_MIN_WORDS = 3  # « salut, ça va ? » stays a greeting


def without_greeting(text: str) -> str:
    """``text`` without a leading greeting when a question of at least three words follows it."""
    match = _GREETING.match(text)
    if match is None:
        return text
    rest = text[match.end():].strip()
    if len(re.findall(r"\w+", rest)) < GREETING_MIN_WORDS or not _ASKS.search(normalize(rest)):
        return text
    return rest


def focus(text: str, min_characters: int = FOCUS_MIN_CHARACTERS, min_question: int = FOCUS_MIN_QUESTION) -> str:
    """The part of ``text`` that NLU should classify."""
    text = without_greeting(text)
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
