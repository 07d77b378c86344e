"""Typed values read from free, messy French: ages, durations, diplomas, dates, yes/no…

Pure functions over one message, so that a form validator can fill several slots from it.
Standard library and text2num (French number words) only; nothing is read or loaded at import time.
"""

from __future__ import annotations

from bot.parsing.dates import parse_date
from bot.parsing.numbers import find_numbers, parse_french_number
from bot.parsing.profile import (
    CertificationType,
    DiplomaLevel,
    EmployerType,
    Situation,
    parse_age,
    parse_certification_type,
    parse_diploma_level,
    parse_duration_months,
    parse_employer_type,
    parse_headcount,
    parse_hires,
    parse_idcc,
    parse_situation,
    parse_yes_no,
)
from bot.parsing.text import normalize

__all__ = [
    "CertificationType",
    "DiplomaLevel",
    "EmployerType",
    "Situation",
    "find_numbers",
    "normalize",
    "parse_age",
    "parse_certification_type",
    "parse_date",
    "parse_diploma_level",
    "parse_duration_months",
    "parse_employer_type",
    "parse_french_number",
    "parse_headcount",
    "parse_hires",
    "parse_idcc",
    "parse_situation",
    "parse_yes_no",
]
