"""Plain text, safe to store in any database: no NUL, no lone surrogate, bounded length.

Nothing is escaped or interpreted: ``<b>`` or ``'; DROP TABLE`` is kept as the characters typed.
"""

from __future__ import annotations

import re
import unicodedata

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
_SPACES = re.compile(r"[ \t]+")


def plain(text: str | None, limit: int, *, multiline: bool = False) -> str | None:
    """``text`` stripped and cut to ``limit`` characters; None when nothing is left.

    Control characters are dropped (PostgreSQL refuses NUL), lone surrogates are replaced by
    U+FFFD, and a one-line value (a name) has its line breaks turned into spaces.
    """
    if text is None:
        return None
    value = _SURROGATE.sub("\ufffd", str(text))
    value = unicodedata.normalize("NFC", value)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = _CONTROL.sub("", value.replace("\t", " "))
    else:
        value = _SPACES.sub(" ", _LINE_BREAKS.sub(" ", _CONTROL.sub("", value)))
    value = value.strip()[:limit].rstrip()
    return value or None
