"""Rasa's own checks: the training data validates, and the test stories pass end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.servers import ROOT, server_env


def rasa(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args],
        cwd=ROOT,
        env=env or {**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_training_data_validates_without_warnings() -> None:
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_test_stories_pass(model_path: Path, action_server_port: int, tmp_path: Path) -> None:
    env = server_env(action_server_port, tmp_path / "tracker.db")
    result = rasa(
        "test", "core", "--model", str(model_path), "--stories", "tests/stories",
        "--endpoints", "endpoints.yml", "--out", str(tmp_path), "--fail-on-prediction-errors",
        env=env,
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert result.returncode == 0, details[-6000:] or (result.stdout[-3000:] + result.stderr[-3000:])
    assert "Failed stories: 0" not in details
