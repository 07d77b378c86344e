"""Rasa NLU YAML files as (intent, message) pairs, entity markup removed (the product's reader)."""

from __future__ import annotations

from bot.knowledge.nlu_files import ROOT, examples, fingerprint, heldout_examples, training_examples

__all__ = ["ROOT", "examples", "fingerprint", "heldout_examples", "training_examples"]
