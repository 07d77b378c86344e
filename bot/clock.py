"""The one clock the assistant reads "today" from."""

from __future__ import annotations

import datetime as dt
import os

TODAY_VARIABLE = "VAE_TODAY"


def today() -> dt.date:
    """Return today's date, or the ISO date in ``VAE_TODAY`` when set (tests, demos)."""
    override = os.environ.get(TODAY_VARIABLE, "").strip()
    if override:
        return dt.date.fromisoformat(override)
    return dt.date.today()
