"""Legal figures live only in the parameter files; every text users read is careful French."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.answers import TEMPLATE_FILES, TEXT_KEYS
from bot.formatting import typography_errors

ROOT = Path(__file__).resolve().parents[2]


def domain_texts() -> dict[str, str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    texts = {}
    for name, variants in domain["responses"].items():
        for index, variant in enumerate(variants):
            texts[f"{name}[{index}]"] = variant["text"]
            for button in variant.get("buttons", []):
                texts[f"{name}[{index}] button"] = button["title"]
    return texts


def template_texts() -> dict[str, str]:
    templates = {}
    for path in TEMPLATE_FILES:
        templates.update(yaml.safe_load(path.read_text(encoding="utf-8")))
    texts = {}
    for topic, template in templates.items():
        for key in TEXT_KEYS:  # the dated variants too (before and after the contract window)
            if key in template:
                texts[topic if key == "text" else f"{topic}[{key}]"] = template[key]
        for button in template.get("buttons", []):
            texts[f"{topic} button"] = button["title"]
    return texts


ALL_TEXTS = {**domain_texts(), **template_texts()}
# Not legal figures: a numbered list's "1. ", quoted examples of answers (« 18 mois »,
# « IDCC 3248 ») and diploma names (bac+2). Every other digit must come from a parameter.
NOT_FIGURES = re.compile(r"^\d\. |«[^»]*»|bac\s?\+\s?\d", re.MULTILINE | re.IGNORECASE)


@pytest.mark.parametrize("name", sorted(ALL_TEXTS))
def test_no_figure_is_typed_in_a_text(name: str) -> None:
    text = NOT_FIGURES.sub("", ALL_TEXTS[name])
    assert not re.search(r"\d", text), f"{name} types a figure: use a parameter placeholder"


@pytest.mark.parametrize("name", sorted(ALL_TEXTS))
def test_typography(name: str) -> None:
    text = re.sub(r"\{[a-z_]+\}", "x", ALL_TEXTS[name])
    assert typography_errors(text) == []


@pytest.mark.parametrize("name", sorted(domain_texts()))
def test_domain_responses_use_vouvoiement(name: str) -> None:
    text = ALL_TEXTS[name].lower()
    assert not re.search(r"\b(tu|toi|ton|ta|tes)\b", text), name


def test_domain_button_payloads_have_no_braces() -> None:
    """Rasa fills {placeholders} in domain responses, buttons included: JSON there breaks."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in domain["responses"].items():
        for variant in variants:
            for button in variant.get("buttons", []):
                assert "{" not in button["payload"], name
