"""How a dashboard account is shown to a visitor: « marie.dupont » → « Marie »."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[._@\s]")


def display_name(account: str) -> str:
    """The account's first part, capitalised by hyphenated parts: « jean-paul_martin » → « Jean-Paul ».

    An account with no letters before a separator (« .marie ») keeps its whole name, so that nobody
    is shown as an empty name.
    """
    name = account.strip()
    first = _SEPARATORS.split(name, maxsplit=1)[0] or name
    return "-".join(part[:1].upper() + part[1:].lower() for part in first.split("-"))
