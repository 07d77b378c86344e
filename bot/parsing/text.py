"""One canonical form for messy French text, so that patterns are written once, in ASCII."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({char: "'" for char in "\u2019\u2018\u02bc\u0060\u00b4\u2032"})
_DASHES = str.maketrans({char: "-" for char in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_LIGATURES = str.maketrans({"\u0153": "oe", "\u00e6": "ae"})
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes and dashes, collapse spaces.

    ``"  J’ai 45 ANS — Âgée  "`` → ``"j'ai 45 ans - agee"``.
    """
    text = text.lower().translate(_APOSTROPHES).translate(_DASHES).translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", text).strip()


# Interrogative openings, after an optional « et », « mais »…: « combien ça coûte », « qui paie ».
_QUESTION_START = re.compile(
    r"^(?:(?:et|mais|alors|du coup|sinon|au fait|bonjour|euh),? )?"
    r"(?:comment|combien|pourquoi|quand|quel(?:le)?s?|qui|que|quoi|qu'est|est-ce|est ce|c'est quoi"
    r"|ca veut dire|ca consiste|ca marche|peut-on|peut on|puis-je|dois-je|faut-il|y a-t-il|a-t-on"
    r"|on peut|je peux|vous pouvez|pouvez-vous|c'est qui|c'est combien|c'est quand)\b"
)


def reads_as_question(text: str, answer_like: bool = False) -> bool:
    """True when ``text`` asks something: an interrogative opening, or a closing « ? » unless the
    message reads as an answer (``answer_like``: « la trentaine ? »)."""
    plain = normalize(text or "")
    if _QUESTION_START.match(plain):
        return True
    return plain.endswith("?") and not answer_like
