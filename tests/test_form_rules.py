"""data/rules/forms.yml is what scripts/generate_form_rules.py writes, and matches the domain."""

from __future__ import annotations

import importlib.util

import yaml

from tests.nlu_data import ROOT

spec = importlib.util.spec_from_file_location("generate_form_rules", ROOT / "scripts" / "generate_form_rules.py")
generator = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generator)


def test_generated_rules_are_up_to_date() -> None:
    assert generator.OUTPUT.read_text(encoding="utf-8") == generator.render(), (
        "run: .venv/bin/python scripts/generate_form_rules.py"
    )


def test_every_form_and_digression_exists_in_the_domain() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert set(generator.FORMS) == set(domain["forms"])
    actions = set(domain["actions"]) | set(domain["responses"])
    for intent, action in generator.DIGRESSIONS.items():
        assert intent in domain["intents"] and action in actions, intent
