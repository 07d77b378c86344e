"""The package is light: no Rasa, nothing heavy at import, fast on any message."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

import bot.parsing as parsing

ROOT = Path(__file__).resolve().parents[2]

PARSERS: list[Callable[[str], object]] = [
    parsing.parse_age,
    parsing.parse_duration_months,
    parsing.parse_diploma_level,
    parsing.parse_situation,
    parsing.parse_certification_type,
    parsing.parse_employer_type,
    parsing.parse_idcc,
    parsing.parse_headcount,
    parsing.parse_hires,
    parsing.parse_yes_no,
    lambda text: parsing.parse_date(text, dt.date(2026, 3, 15)),
]


def test_importing_the_package_loads_only_the_standard_library() -> None:
    code = (
        "import sys, bot.parsing; "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'rasa', 'rasa_sdk', 'yaml', 'sqlalchemy', 'spacy', 'tensorflow', 'numpy', 'requests'}); "
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("parser", PARSERS)
def test_every_parser_returns_none_on_an_empty_or_unrelated_message(parser: Callable[[str], object]) -> None:
    assert parser("") is None
    assert parser("bonjour, pouvez-vous m'expliquer la VAE inversée ?") is None


@pytest.mark.parametrize("parser", PARSERS)
def test_every_parser_is_fast_on_a_long_messy_message(parser: Callable[[str], object]) -> None:
    text = ("j'ai vingt et un ans ou pas, bac pro ? " * 60) + "deux trois quatre cinq six sept " * 40
    start = time.perf_counter()
    parser(text)
    assert time.perf_counter() - start < 0.5
