"""Fixtures for the rules: a private copy of the parameter tree that a test may edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.rules.parameters import PARAMETERS_DIR


@pytest.fixture
def parameter_copy(tmp_path: Path) -> Path:
    """A copy of the product's parameter folder, to edit as an operator would."""
    return Path(shutil.copytree(PARAMETERS_DIR, tmp_path / "parameters"))
