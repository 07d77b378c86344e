"""What a channel hands to Rasa: text that every component can encode."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_text(text: str) -> str:
    """Lone surrogates (valid in JSON, not in UTF-8) become U+FFFD: spaCy fails on them."""
    return _SURROGATE.sub("\ufffd", text)
