"""Rasa's own checks: the training data validates, and the test stories pass end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

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
        "--endpoints", "endpoints.yml", "--out", str(tmp_path), env=env,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    failed = yaml.safe_load((tmp_path / "failed_test_stories.yml").read_text(encoding="utf-8"))
    assert not (failed or {}).get("stories"), (tmp_path / "failed_test_stories.yml").read_text(encoding="utf-8")[-8000:]
    report = json.loads((tmp_path / "story_report.json").read_text(encoding="utf-8"))
    assert report["accuracy"] == 1.0
