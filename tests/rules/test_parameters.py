"""Every legal parameter is dated, sourced and readable; the loader picks the value in force."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.rules.parameters import ParameterError, ParameterSet, default_parameters, parse_parameter

ALL = default_parameters()


@pytest.mark.parametrize("name", ALL.names())
def test_every_parameter_has_a_value_a_reference_and_a_check_date(name: str) -> None:
    parameter = ALL.get(name)
    assert parameter.values, name
    assert all(value is not None for _, value in parameter.values[:1]), name
    for _, reference in parameter.references:
        assert reference.title.strip() and reference.href.startswith("https://"), name
    assert parameter.last_value_still_valid_on is not None, name
    if parameter.uncertain:
        assert parameter.notes, f"{name} is uncertain: its notes must say why"


def test_the_parameter_tree_is_not_empty() -> None:
    assert len(ALL.names()) >= 10


def document(**overrides: object) -> dict:
    base = {
        "description": "Plafond",
        "unit": "currency-EUR",
        "values": {dt.date(2023, 1, 1): {"value": 100}, dt.date(2024, 1, 1): {"value": 200}},
        "metadata": {
            "reference": {dt.date(2023, 1, 1): {"title": "Texte", "href": "https://example.org"}},
            "last_value_still_valid_on": "2024-06-01",
        },
    }
    base.update(overrides)
    return base


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2023, 1, 1), 100),
        (dt.date(2023, 12, 31), 100),
        (dt.date(2024, 1, 1), 200),
        (dt.date(2030, 1, 1), 200),
    ],
)
def test_value_on_is_the_latest_entry_dated_on_or_before_the_day(day: dt.date, expected: int) -> None:
    assert parse_parameter("cap", document()).value_on(day) == expected


def test_no_value_before_the_first_entry() -> None:
    with pytest.raises(ParameterError):
        parse_parameter("cap", document()).value_on(dt.date(2022, 12, 31))


def test_a_null_value_ends_the_parameter() -> None:
    values = {dt.date(2023, 1, 1): {"value": 100}, dt.date(2025, 1, 1): {"value": None}}
    parameter = parse_parameter("cap", document(values=values))
    assert parameter.value_on(dt.date(2024, 12, 31)) == 100
    with pytest.raises(ParameterError):
        parameter.value_on(dt.date(2025, 1, 1))


@pytest.mark.parametrize("missing", ["description", "unit", "values", "metadata"])
def test_a_parameter_without_a_required_key_is_refused(missing: str) -> None:
    broken = document()
    del broken[missing]
    with pytest.raises(ParameterError):
        parse_parameter("cap", broken)


def test_a_parameter_without_a_reference_is_refused() -> None:
    with pytest.raises(ParameterError):
        parse_parameter("cap", document(metadata={"reference": {}}))


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "experiment" / "contract_window_end.yaml"
    path.parent.mkdir()
    source = (ALL.directory / "experiment" / "contract_window_end.yaml").read_text(encoding="utf-8")
    path.write_text(source, encoding="utf-8")
    parameters = ParameterSet(tmp_path)
    assert parameters.value("experiment.contract_window_end", dt.date(2026, 11, 26)) == dt.date(2026, 2, 28)

    extended = source.replace(
        "values:\n",
        "values:\n  2026-06-01:\n    value: 2027-12-31\n",
    ).replace(
        "metadata:\n  reference:\n",
        "metadata:\n  reference:\n    2026-06-01:\n      title: Texte de prolongation\n      href: https://example.org\n",
    )
    path.write_text(extended, encoding="utf-8")
    import os
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))
    assert parameters.value("experiment.contract_window_end", dt.date(2026, 11, 26)) == dt.date(2027, 12, 31)
