"""Export rows (``LeadStore.export``) as CSV or JSON text."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from bot.leads.store import EXPORT_COLUMNS

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Comma-separated, a header line, one lead a line; any cell that could run as a formula starts with '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(_text(row.get(column))) for column in EXPORT_COLUMNS])
    return buffer.getvalue()


def to_json(rows: list[dict[str, Any]]) -> str:
    """A JSON array of objects, accents kept."""
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def safe_cell(text: str) -> str:
    """``"=HYPERLINK(…)"`` → ``"'=HYPERLINK(…)"``; other text unchanged."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
