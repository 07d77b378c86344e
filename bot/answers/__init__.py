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

from bot.formatting import NBSP, format_date, format_euros, format_number, format_percent, format_quantity
from bot.rules.alternatives import Alternative, alternatives
from bot.rules.experiment import ExperimentStatus, Phase, experiment_status
from bot.rules.legal_texts import legal_texts
from bot.rules.parameters import ParameterError, ParameterSet, default_parameters

TEMPLATES_FILE = Path(__file__).with_name("templates.fr.yml")
FRAGMENTS_FILE = Path(__file__).with_name("fragments.fr.yml")
TEMPLATE_FILES = (TEMPLATES_FILE, Path(__file__).with_name("checks.fr.yml"), FRAGMENTS_FILE)
# A template's text for a day outside the contract window, when it differs: text_<phase>.
TEXT_KEYS = ("text", "text_before", "text_closed")
TENSE_PREFIX = "tense_"


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


def _hours(value: int) -> str:
    return format_quantity(value, "heure", "heures")


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
    "classic_min_age": ("classic_contract.min_age", _years),
    "classic_young_max_age": ("classic_contract.young_max_age", _years),
    "classic_jobseeker_min_age": ("classic_contract.jobseeker_min_age", _years),
    "reconversion_start": ("reconversion_period.start", format_date),
    "reconversion_min_hours": ("reconversion_period.min_hours", _hours),
    "reconversion_max_hours": ("reconversion_period.max_hours", _hours),
    "reconversion_max_months": ("reconversion_period.max_months", _months),
    "reconversion_extended_max_hours": ("reconversion_period.extended_max_hours", _hours),
    "reconversion_extended_max_months": ("reconversion_period.extended_max_months", _months),
    "classic_min_duration": ("classic_contract.min_duration_months", _months),
    "classic_max_duration": ("classic_contract.max_duration_months", _months),
    "classic_branch_max_duration": ("classic_contract.branch_max_duration_months", _months),
    "training_share_min": ("classic_contract.training_share_min", format_percent),
    "training_share_max": ("classic_contract.training_share_max", format_percent),
    "training_min_hours": ("classic_contract.training_min_hours", _hours),
    "vae_leave": ("classic_vae.leave_hours", _hours),
    "evaluation_report_delay": ("experiment.evaluation_report_months", _months),
    "aid_jobseeker_amount": ("aids.france_travail_jobseeker_26_plus", format_euros),
    "aid_jobseeker_min_age": ("aids.jobseeker_26_plus_min_age", _years),
    "aid_senior_amount": ("aids.state_jobseeker_45_plus", format_euros),
    "aid_senior_min_age": ("aids.jobseeker_45_plus_min_age", _years),
    "aid_senior_not_on_staff": ("aids.state_jobseeker_45_plus_not_on_staff_months", _months),
    "smic_hourly": ("salary.smic_hourly_gross", format_euros),
    "smic_monthly": ("salary.smic_monthly_gross", format_euros),
    "pay_share_26_plus": ("salary.minimum_share.age_26_and_over", format_percent),
    "branch_share_26_plus": ("salary.branch_minimum_share_26_plus", format_percent),
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


def texts_of(template: dict) -> list[str]:
    """Every text variant of a template (inside, before and after the contract window)."""
    return [template[key] for key in TEXT_KEYS if key in template]


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a template text uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def response_values(day: dt.date, parameters: ParameterSet | None = None) -> dict[str, str]:
    """Every placeholder's French text on ``day``."""
    parameters = parameters or default_parameters()
    status = experiment_status(day, parameters)
    values: dict[str, str] = {"today": format_date(day), "phase": status.phase.value}
    for placeholder, (name, formatter) in PARAMETER_PLACEHOLDERS.items():
        parameter = parameters.get(name)
        try:
            # Before a text takes effect its first value is announced (« pourront être conclus »).
            values[placeholder] = formatter(parameter.value_or_first(day))
        except ParameterError:
            continue  # no longer in force that day: a template that needs it fails loudly in tests
        first_reference = parameter.references[0][1]
        values[f"source_{placeholder}"] = (
            first_reference.title if day < parameter.references[0][0] else parameter.reference_on(day).title
        )
    for key, text in legal_texts().items():
        values[key] = text.citation
        values[f"{key}_href"] = text.href
    values["days_left"] = format_quantity(status.days_left, "jour", "jours")
    values["status_checked_on"] = (
        format_date(status.last_checked) if status.last_checked else values["today"]
    )
    values["window_caveat"] = _fill("window_caveat", values) if status.end_uncertain else ""
    values["window_notice"] = _fill("window_notice", values)
    cpf_in_force = _in_force(parameters, "classic_vae.cpf_full_path_since", day)
    values["cpf_sentence"] = _fill("cpf_full_path", values) if cpf_in_force else ""
    values["cpf_source"] = f"{NBSP}; {values['cpf_vae_decree']}" if cpf_in_force else ""
    values["classic_public"] = _fill("classic_public", values)
    values["exceptional_aid_status"] = _exceptional_aid_status(parameters, day, values)
    aid = parameters.get("aids.exceptional_aid_max")
    first_day, first_reference = aid.references[0]
    values["source_exceptional_aid_status"] = (first_reference if day < first_day else aid.reference_on(day)).title
    for topic in templates():
        if topic.startswith(TENSE_PREFIX):
            values[topic] = _fill(topic, values)
    ways = alternatives(day, parameters=parameters)
    closed = status.phase is Phase.CLOSED
    values["alternatives"] = alternatives_text(ways, values) if closed else ""
    values["alternatives_short"] = alternatives_short_text(ways, values) if closed else ""
    return values


def _exceptional_aid_status(parameters: ParameterSet, day: dt.date, values: dict[str, str]) -> str:
    """« existe pour les contrats conclus jusqu'au … » or « n'existe plus depuis le … », on ``day``."""
    amount = parameters.get("aids.exceptional_aid_max")
    end = next((start for start, value in amount.values if value is None), None)
    # The age limit ended with the aid: the last value it had is the one to name.
    age = next(value for _, value in reversed(parameters.get("aids.exceptional_aid_age_limit").values) if value)
    parts = {"exceptional_aid_age": _years(int(age))}
    if end is None or day < end:
        parts["exceptional_aid_amount"] = format_euros(amount.value_or_first(day))
        return _fill("exceptional_aid_in_force", {**values, **parts})
    return _fill("exceptional_aid_ended", {**values, **parts, "exceptional_aid_end": format_date(end)})


def _in_force(parameters: ParameterSet, name: str, day: dt.date) -> bool:
    try:
        parameters.value(name, day)
    except ParameterError:
        return False
    return True


def _way_topic(prefix: str, way: Alternative) -> str:
    if way.code == "classic_contract":
        return f"{prefix}_classic_contract_{'applies' if way.applies else 'to_check'}"
    return f"{prefix}_{way.code}"


def alternatives_text(ways: list[Alternative], values: dict[str, str]) -> str:
    """« Ce qui reste possible aujourd'hui : » and one line per way."""
    lines = [_fill("alternatives_heading", values)]
    lines += [_fill(_way_topic("alternative", way), values) for way in ways]
    return "\n".join(lines)


def alternatives_short_text(ways: list[Alternative], values: dict[str, str]) -> str:
    """The same ways in one sentence."""
    labels = [_fill(_way_topic("short", way), values) for way in ways]
    # Semicolons, since a way's label may hold a comma of its own.
    joined = f"{NBSP}; ".join(labels[:-1]) + f"{NBSP}; ou " + labels[-1] if len(labels) > 1 else labels[0]
    return _fill("alternatives_short", {**values, "ways": joined})


def fill(topic: str, values: dict[str, str]) -> str:
    """The text of ``topic`` with ``values`` filled in."""
    return _fill(topic, values)


def buttons_of(topic: str) -> tuple[Button, ...]:
    """The buttons of ``topic``."""
    return tuple(Button(**button) for button in templates()[topic].get("buttons") or ())


def _fill(topic: str, values: dict[str, str]) -> str:
    template = templates()[topic]
    text = template.get(f"text_{values.get('phase', Phase.OPEN.value)}", template["text"])
    text = text.format_map(values)
    # An empty optional part ({window_caveat}) must not leave a blank line behind.
    return "\n".join(line for line in text.splitlines() if line.strip())


def status_topic(status: ExperimentStatus) -> str:
    """The template that describes the experiment's status."""
    return f"experiment_status_{status.phase.value}"


def render(topic: str, day: dt.date, parameters: ParameterSet | None = None) -> Answer:
    """Render ``topic`` as it reads on ``day``."""
    values = response_values(day, parameters)
    return Answer(topic=topic, text=_fill(topic, values), buttons=buttons_of(topic))
