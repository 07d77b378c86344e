"""Which parameters are due for a re-check, and ``python -m bot.rules freshness``.

Every test fixes its day and works on an edited copy of the parameter folder: none depends on
the real date nor on the check dates the product's files hold today.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.formatting import NBSP
from bot.rules.freshness import all_checks, cutoff, format_value, is_stale, stale_parameters
from bot.rules.parameters import ParameterSet
from tests.rules.operator_edits import check_every_parameter, set_check_date

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 9, 10)  # six months earlier: 10 March 2026
FRESH = "2026-06-01"
ENDED_AID = """\
description: Aide de test qui a pris fin
unit: currency-EUR
values:
  2023-01-01:
    value: 1500
  2024-05-01:
    value: null
metadata:
  reference:
    2023-01-01:
      title: Texte de création
      href: https://example.org/creation
    2024-05-01:
      title: Texte de fin
      href: https://example.org/fin
  last_value_still_valid_on: "2025-01-01"
uncertain: true
notes: Aide inventée pour les tests.
"""


def date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("day", "months", "checked", "stale"),
    [
        (DAY, 6, "2026-03-10", False),  # exactly six months ago: still fresh
        (DAY, 6, "2026-03-09", True),  # one day older
        (DAY, 6, None, True),  # never checked
        (DAY, 6, "2026-09-10", False),
        (DAY, 6, "2026-12-01", False),  # checked after the day (a review written in advance)
        (date("2026-08-31"), 6, "2026-02-28", False),  # 31 August − 6 months = 28 February
        (date("2026-08-31"), 6, "2026-02-27", True),
        (date("2028-08-31"), 6, "2028-02-29", False),  # leap year
        (date("2028-08-31"), 6, "2028-02-28", True),
        (date("2026-03-31"), 1, "2026-02-28", False),
        (date("2027-01-15"), 6, "2026-07-15", False),  # across a new year
        (date("2027-01-15"), 6, "2026-07-14", True),
        (DAY, 0, "2026-09-10", False),
        (DAY, 0, "2026-09-09", True),
        (DAY, 24, "2024-09-10", False),
        (DAY, 24, "2024-09-09", True),
    ],
)
def test_a_check_older_than_n_calendar_months_is_stale(day: dt.date, months: int, checked: str | None, stale: bool) -> None:
    assert is_stale(date(checked) if checked else None, day, months) is stale


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (DAY, 6, "2026-03-10"),
        (date("2026-08-31"), 6, "2026-02-28"),
        (date("2028-08-31"), 6, "2028-02-29"),
        (date("2026-05-31"), 3, "2026-02-28"),
        (date("2026-10-31"), 1, "2026-09-30"),
        (date("2026-02-28"), 6, "2025-08-28"),
    ],
)
def test_the_cutoff_clamps_the_day_of_month(day: dt.date, months: int, expected: str) -> None:
    assert cutoff(day, months) == date(expected)


def test_a_negative_number_of_months_is_refused() -> None:
    with pytest.raises(ValueError):
        cutoff(DAY, -1)


def test_the_stale_parameters_of_an_edited_copy_come_oldest_check_first(parameter_copy: Path) -> None:
    check_every_parameter(parameter_copy, FRESH)
    set_check_date(parameter_copy, "financing.annual_cap", "2026-03-09")  # one day too old
    set_check_date(parameter_copy, "financing.design_cap", "2026-03-10")  # exactly six months: fresh
    set_check_date(parameter_copy, "eligibility.min_age", "2025-01-01")
    set_check_date(parameter_copy, "path.max_duration_months", None)
    parameters = ParameterSet(parameter_copy)

    stale = stale_parameters(parameters, DAY)

    assert [line.name for line in stale] == ["path.max_duration_months", "eligibility.min_age", "financing.annual_cap"]
    assert [line.checked_on for line in stale] == [None, date("2025-01-01"), date("2026-03-09")]
    annual_cap = parameters.get("financing.annual_cap")
    line = stale[-1]
    assert line.description == annual_cap.description
    assert line.value == annual_cap.value_on(DAY) and line.unit == annual_cap.unit
    assert line.reference == annual_cap.reference_on(DAY)
    assert line.uncertain is annual_cap.uncertain and line.stale
    assert [line.name for line in stale_parameters(parameters, DAY, months=24)] == ["path.max_duration_months"]


def test_all_fresh_gives_an_empty_list_and_all_checks_lists_every_parameter(parameter_copy: Path) -> None:
    parameters = check_every_parameter(parameter_copy, FRESH)
    assert stale_parameters(parameters, DAY) == []
    lines = all_checks(parameters, DAY)
    assert [line.name for line in lines] == parameters.names()
    assert all(line.checked_on == date(FRESH) and not line.stale for line in lines)


def test_an_ended_aid_shows_no_value_and_its_latest_reference(parameter_copy: Path) -> None:
    (parameter_copy / "aids" / "test_ended_aid.yaml").write_text(ENDED_AID, encoding="utf-8")
    parameters = ParameterSet(parameter_copy)
    [line] = [line for line in stale_parameters(parameters, DAY) if line.name == "aids.test_ended_aid"]
    assert line.value is None and line.uncertain
    assert (line.reference.title, line.reference.href) == ("Texte de fin", "https://example.org/fin")
    [before] = [line for line in all_checks(parameters, date("2022-06-01")) if line.name == "aids.test_ended_aid"]
    # Before its first value nothing is in force: the last value and the latest reference are shown.
    assert before.value is None and before.reference.href == "https://example.org/fin"
    [running] = [line for line in all_checks(parameters, date("2023-06-01")) if line.name == "aids.test_ended_aid"]
    assert running.value == 1500 and running.reference.href == "https://example.org/creation"


@pytest.mark.parametrize(
    ("unit", "value", "shown"),
    [
        ("currency-EUR", 9000, f"9{NBSP}000{NBSP}€"),
        ("currency-EUR", 12.02, f"12,02{NBSP}€"),
        ("/1", 0.55, f"55{NBSP}%"),
        ("/1", 1.0, f"100{NBSP}%"),
        ("year", 26, f"26{NBSP}ans"),
        ("month", 36, f"36{NBSP}mois"),
        ("hour", 450, f"450{NBSP}heures"),
        ("paths", 5000, f"5{NBSP}000{NBSP}parcours"),
        ("count", 2, "2"),
        ("date", dt.date(2026, 2, 28), "28 février 2026"),
        ("currency-EUR", None, "aucune valeur en vigueur"),
    ],
)
def test_values_are_written_the_french_way(unit: str, value: object, shown: str) -> None:
    assert format_value(unit, value) == shown


# --- python -m bot.rules freshness --------------------------------------------------------------


def run(*args: str, today: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "VAE_TODAY"}
    env["PYTHONIOENCODING"] = "utf-8"
    if today:
        env["VAE_TODAY"] = today
    return subprocess.run(
        [sys.executable, "-m", "bot.rules", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )


@pytest.fixture
def one_stale(parameter_copy: Path) -> Path:
    """A copy where only ``financing.annual_cap`` is stale on :data:`DAY` (checked one day too early)."""
    check_every_parameter(parameter_copy, FRESH)
    set_check_date(parameter_copy, "financing.annual_cap", "2026-03-09")
    set_check_date(parameter_copy, "financing.design_cap", "2026-03-10")
    return parameter_copy


def test_the_cli_names_the_stale_parameter_and_its_source_and_exits_1(one_stale: Path) -> None:
    result = run("freshness", "--day", DAY.isoformat(), "--months", "6", "--parameters", str(one_stale))
    assert result.returncode == 1, result.stderr
    reference = ParameterSet(one_stale).get("financing.annual_cap").reference_on(DAY)
    assert "financing.annual_cap" in result.stdout and "financing.design_cap" not in result.stdout
    assert "vérifié le 9 mars 2026" in result.stdout
    assert reference.href in result.stdout and reference.title in result.stdout
    assert f"(vérifiés il y a plus de 6{NBSP}mois){NBSP}: 1" in result.stdout


def test_the_cli_says_all_are_fresh_and_exits_0(one_stale: Path) -> None:
    result = run("freshness", "--day", DAY.isoformat(), "--months", "7", "--parameters", str(one_stale))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tous les paramètres sont à jour au 10 septembre 2026" in result.stdout
    assert "financing.annual_cap" not in result.stdout


def test_the_cli_day_defaults_to_vae_today(one_stale: Path) -> None:
    assert run("freshness", "--parameters", str(one_stale), today="2026-09-10").returncode == 1
    assert run("freshness", "--parameters", str(one_stale), today="2026-09-09").returncode == 0


def test_the_cli_table_lists_every_parameter_and_exits_0(one_stale: Path) -> None:
    result = run("freshness", "--all", "--day", DAY.isoformat(), "--parameters", str(one_stale))
    assert result.returncode == 0, result.stderr
    rows = [row for row in result.stdout.splitlines() if row.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == ParameterSet(one_stale).names()
    [annual_cap] = [row for row in rows if row.startswith("| `financing.annual_cap`")]
    href = ParameterSet(one_stale).get("financing.annual_cap").reference_on(DAY).href
    assert f"]({href})" in annual_cap and "vérifié le 9 mars 2026" in annual_cap and "à revérifier" in annual_cap


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("fraicheur",),
        ("freshness", "--months", "six"),
        ("freshness", "--months", "-1"),
        ("freshness", "--day", "2026-02-30"),
        ("freshness", "--day", "hier"),
        ("freshness", "--parameters", "/nulle/part"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2 and "error:" in result.stderr and not result.stdout


def test_an_unreadable_parameter_file_exits_2(parameter_copy: Path) -> None:
    (parameter_copy / "financing" / "annual_cap.yaml").write_text("description: [unclosed\n", encoding="utf-8")
    result = run("freshness", "--day", DAY.isoformat(), "--parameters", str(parameter_copy))
    assert result.returncode == 2 and "Paramètres illisibles" in result.stderr
