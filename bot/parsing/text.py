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
