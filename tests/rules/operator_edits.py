"""Edits an operator makes to a copy of the parameter files, for tests."""

from __future__ import annotations

from pathlib import Path

from bot.rules.parameters import ParameterSet


def extend_window(directory: Path, effective: str, last_day: str) -> ParameterSet:
    """Add an extension to ``experiment/contract_window_end.yaml``: no code change, no retraining."""
    path = directory / "experiment" / "contract_window_end.yaml"
    source = path.read_text(encoding="utf-8")
    source = source.replace(
        "values:\n", f"values:\n  {effective}:\n    value: {last_day}\n"
    ).replace(
        "metadata:\n  reference:\n",
        f"metadata:\n  reference:\n    {effective}:\n      title: Texte de prolongation\n"
        "      href: https://example.org\n",
    )
    path.write_text(source, encoding="utf-8")
    return ParameterSet(directory)


def set_value(directory: Path, name: str, old: str, new: str) -> ParameterSet:
    """Replace ``value: old`` by ``value: new`` in the parameter ``name``'s file."""
    path = directory.joinpath(*name.split(".")).with_suffix(".yaml")
    source = path.read_text(encoding="utf-8")
    assert f"value: {old}\n" in source, f"{name} has no value {old}"
    path.write_text(source.replace(f"value: {old}\n", f"value: {new}\n"), encoding="utf-8")
    return ParameterSet(directory)


def set_check_date(directory: Path, name: str, day: str | None) -> None:
    """Set the parameter ``name``'s ``last_value_still_valid_on`` to ``day``, or remove it (``None``)."""
    path = directory.joinpath(*name.split(".")).with_suffix(".yaml")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
             if not line.lstrip().startswith("last_value_still_valid_on:")]
    if day is not None:
        at = lines.index("metadata:\n") + 1
        lines.insert(at, f'  last_value_still_valid_on: "{day}"\n')
    path.write_text("".join(lines), encoding="utf-8")


def check_every_parameter(directory: Path, day: str) -> ParameterSet:
    """Mark every parameter under ``directory`` as checked on ``day``."""
    parameters = ParameterSet(directory)
    for name in parameters.names():
        set_check_date(directory, name, day)
    return ParameterSet(directory)
