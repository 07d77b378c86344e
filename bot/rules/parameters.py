"""Dated legal parameters, one YAML file each, in the OpenFisca style.

A parameter's value on a date is the latest entry dated on or before it; ``value: null`` ends it.
Files are re-read when they change on disk, so an operator's edit (an extension of the
experiment, say) takes effect without a restart or a retraining.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PARAMETERS_DIR = Path(__file__).with_name("parameters")


class ParameterError(LookupError):
    """A parameter is missing, malformed, or has no value on the requested date."""


@dataclass(frozen=True)
class Reference:
    """A legal source: its title and Légifrance (or official) address."""

    title: str
    href: str


@dataclass(frozen=True)
class Parameter:
    """One legal parameter and its dated history."""

    name: str
    description: str
    unit: str
    values: tuple[tuple[dt.date, Any], ...]
    references: tuple[tuple[dt.date, Reference], ...]
    last_value_still_valid_on: dt.date | None = None
    notes: str = ""
    uncertain: bool = False
    readings: tuple[str, ...] = ()
    """How the figure may be read (``per_beneficiary``, ``per_year``) when sources differ, first
    the one stated first."""

    def value_on(self, day: dt.date) -> Any:
        """Return the value in force on ``day``."""
        return _in_force(self.values, day, self.name)

    def value_or_first(self, day: dt.date) -> Any:
        """The value in force on ``day``, or the first one when ``day`` precedes every value."""
        if day < self.values[0][0]:
            return self.values[0][1]
        return self.value_on(day)

    def reference_on(self, day: dt.date) -> Reference:
        """Return the reference of the value in force on ``day``."""
        return _in_force(self.references, day, self.name)


def _in_force(entries: tuple[tuple[dt.date, Any], ...], day: dt.date, name: str) -> Any:
    current = None
    found = False
    for start, value in entries:
        if start > day:
            break
        current, found = value, True
    if not found or current is None:
        raise ParameterError(f"{name} has no value on {day.isoformat()}")
    return current


def _as_date(raw: Any, where: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError as error:
        raise ParameterError(f"{where}: {raw!r} is not a date") from error


def parse_parameter(name: str, document: dict[str, Any]) -> Parameter:
    """Build a :class:`Parameter` from a parsed YAML document, checking its shape."""
    if not isinstance(document, dict):
        raise ParameterError(f"{name}: not a mapping")
    for key in ("description", "unit", "values", "metadata"):
        if not document.get(key):
            raise ParameterError(f"{name}: '{key}' is missing")
    values = []
    for start, entry in sorted(document["values"].items(), key=lambda item: str(item[0])):
        if not isinstance(entry, dict) or "value" not in entry:
            raise ParameterError(f"{name}: entry {start} has no 'value'")
        value = entry["value"]
        if document["unit"] == "date" and value is not None:
            value = _as_date(value, name)
        values.append((_as_date(start, name), value))
    raw_references = (document["metadata"] or {}).get("reference") or {}
    references = []
    for start, entry in sorted(raw_references.items(), key=lambda item: str(item[0])):
        if not entry or not entry.get("title") or not entry.get("href"):
            raise ParameterError(f"{name}: reference {start} needs a title and an href")
        references.append((_as_date(start, name), Reference(entry["title"], entry["href"])))
    if not references:
        raise ParameterError(f"{name}: no reference")
    if references[0][0] > values[0][0]:
        raise ParameterError(f"{name}: the first value has no reference")
    checked = document["metadata"].get("last_value_still_valid_on")
    return Parameter(
        name=name,
        description=document["description"],
        unit=document["unit"],
        values=tuple(values),
        references=tuple(references),
        last_value_still_valid_on=_as_date(checked, name) if checked else None,
        notes=(document.get("notes") or "").strip(),
        uncertain=bool(document.get("uncertain", False)),
        readings=tuple(document["metadata"].get("readings") or ()),
    )


@dataclass
class ParameterSet:
    """All parameters under a folder, keyed by their path (``financing.annual_cap``)."""

    directory: Path = PARAMETERS_DIR
    _cache: dict[str, tuple[float, Parameter]] = field(default_factory=dict)
    # name -> file path as a string: answers read some thirty parameters a message, and building
    # the Path each time cost more than the stat that sees an operator's edit.
    _paths: dict[str, str] = field(default_factory=dict)

    def names(self) -> list[str]:
        """Every parameter's name, sorted."""
        return sorted(self._name_of(path) for path in self.directory.rglob("*.yaml"))

    def get(self, name: str) -> Parameter:
        """Return the parameter ``name``, re-read if its file changed."""
        path = self._paths.get(name)
        if path is None:
            path = self._paths[name] = str(self.directory.joinpath(*name.split(".")).with_suffix(".yaml"))
        try:
            mtime = os.stat(path).st_mtime
        except FileNotFoundError as error:
            raise ParameterError(f"unknown parameter {name}") from error
        cached = self._cache.get(name)
        if cached and cached[0] == mtime:
            return cached[1]
        with open(path, encoding="utf-8") as stream:
            parameter = parse_parameter(name, yaml.safe_load(stream))
        self._cache[name] = (mtime, parameter)
        return parameter

    def value(self, name: str, day: dt.date) -> Any:
        """Shortcut for ``get(name).value_on(day)``."""
        return self.get(name).value_on(day)

    def value_or_first(self, name: str, day: dt.date) -> Any:
        """Shortcut for ``get(name).value_or_first(day)``."""
        return self.get(name).value_or_first(day)

    def _name_of(self, path: Path) -> str:
        return ".".join(path.relative_to(self.directory).with_suffix("").parts)


_default: ParameterSet | None = None


def default_parameters() -> ParameterSet:
    """The product's parameter set, created on first use."""
    global _default
    if _default is None:
        _default = ParameterSet()
    return _default
