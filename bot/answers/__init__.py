"""Answers that cite legal figures, rendered from templates and dated parameters.

The text lives in ``templates.fr.yml``; every figure comes from ``bot.rules`` on the day asked,
so an answer is right on the day it is given and names its source.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml

from bot.formatting import format_date, format_euros, format_number, format_quantity
from bot.rules.experiment import ExperimentStatus, experiment_status
from bot.rules.legal_texts import legal_texts
from bot.rules.parameters import ParameterError, ParameterSet, default_parameters

TEMPLATES_FILE = Path(__file__).with_name("templates.fr.yml")
TEMPLATE_FILES = (TEMPLATES_FILE, Path(__file__).with_name("checks.fr.yml"))


@dataclass(frozen=True)
class Button:
    """A quick reply: what the user reads and the payload sent back."""

    title: str
    payload: str


@dataclass(frozen=True)
class Answer:
    """A rendered answer, ready for any channel."""

    topic: str
    text: str
    buttons: tuple[Button, ...] = ()

    def buttons_as_dicts(self) -> list[dict[str, str]]:
        """Buttons in the shape Rasa channels expect."""
        return [{"title": button.title, "payload": button.payload} for button in self.buttons]


def _years(value: int) -> str:
    return format_quantity(value, "an", "ans")


def _months(value: int) -> str:
    return format_quantity(value, "mois")


# placeholder -> (parameter, formatter); each also gets a source_<placeholder> from its reference
PARAMETER_PLACEHOLDERS: dict[str, tuple[str, Callable[..., str]]] = {
    "min_age": ("eligibility.min_age", _years),
    "max_duration": ("path.max_duration_months", _months),
    "max_paths": ("experiment.max_individual_paths", format_number),
    "experiment_duration": ("experiment.duration_years", _years),
    "window_start": ("experiment.contract_window_start", format_date),
    "window_end": ("experiment.contract_window_end", format_date),
    "annual_cap": ("financing.annual_cap", format_euros),
    "cap_pedagogical": ("financing.pedagogical_cap", format_euros),
    "cap_design": ("financing.design_cap", format_euros),
    "cap_support": ("financing.support_cap", format_euros),
    "cap_ancillary": ("financing.ancillary_cap", format_euros),
    "tutoring_months": ("financing.tutoring_max_months", _months),
    "dgefp_silence": ("project.dgefp_silence_months", _months),
    "cpf_full_path_since": ("classic_vae.cpf_full_path_since", format_date),
}


@lru_cache(maxsize=1)
def templates() -> dict[str, dict]:
    """The answer templates of every file, keyed by topic."""
    merged: dict[str, dict] = {}
    for path in TEMPLATE_FILES:
        with path.open(encoding="utf-8") as stream:
            merged.update(yaml.safe_load(stream))
    return merged


def topics() -> list[str]:
    """Every topic that can be rendered."""
    return sorted(templates())


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a template text uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def response_values(day: dt.date, parameters: ParameterSet | None = None) -> dict[str, str]:
    """Every placeholder's French text on ``day``."""
    parameters = parameters or default_parameters()
    values: dict[str, str] = {"today": format_date(day)}
    for placeholder, (name, formatter) in PARAMETER_PLACEHOLDERS.items():
        parameter = parameters.get(name)
        try:
            values[placeholder] = formatter(parameter.value_on(day))
        except ParameterError:
            continue  # not in force that day: a template that needs it fails loudly in tests
        values[f"source_{placeholder}"] = parameter.reference_on(day).title
    for key, text in legal_texts().items():
        values[key] = text.citation
        values[f"{key}_href"] = text.href
    status = experiment_status(day, parameters)
    values["days_left"] = format_quantity(status.days_left, "jour", "jours")
    values["status_checked_on"] = (
        format_date(status.last_checked) if status.last_checked else values["today"]
    )
    values["window_caveat"] = _fill("window_caveat", values) if status.end_uncertain else ""
    closed = day > status.window_end
    values["window_closed_notice"] = _fill("window_closed_notice", values) if closed else ""
    return values


def fill(topic: str, values: dict[str, str]) -> str:
    """The text of ``topic`` with ``values`` filled in."""
    return _fill(topic, values)


def buttons_of(topic: str) -> tuple[Button, ...]:
    """The buttons of ``topic``."""
    return tuple(Button(**button) for button in templates()[topic].get("buttons") or ())


def _fill(topic: str, values: dict[str, str]) -> str:
    text = templates()[topic]["text"].format_map(values)
    # An empty optional part ({window_caveat}) must not leave a blank line behind.
    return "\n".join(line for line in text.splitlines() if line.strip())


def status_topic(status: ExperimentStatus) -> str:
    """The template that describes the experiment's status."""
    return "experiment_status_open" if status.is_open else "experiment_status_closed"


def render(topic: str, day: dt.date, parameters: ParameterSet | None = None) -> Answer:
    """Render ``topic`` as it reads on ``day``."""
    values = response_values(day, parameters)
    return Answer(topic=topic, text=_fill(topic, values), buttons=buttons_of(topic))
