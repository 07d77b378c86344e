"""Rasa's own checks: the training data validates, and the test stories pass end to end."""

from __future__ import annotations

import json
import re
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


# Responses that forms ask (utter_ask_*) and validation actions send (utter_invalid_*…): Rasa's
# validator only looks for responses in stories and rules, so it cannot see these uses
# (utter_default is the core fallback's).
USED_OUTSIDE_STORIES = re.compile(r"The utterance '(utter_ask_\w+|utter_invalid_\w+|utter_duration_out_of_range|utter_default)' is not used")


def test_training_data_validates_without_warnings() -> None:
    result = rasa("data", "validate")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    warnings = [
        line for line in output.splitlines()
        if "UserWarning" in line and not USED_OUTSIDE_STORIES.search(line)
    ]
    assert warnings == []
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    forms = domain["forms"]
    for name in USED_OUTSIDE_STORIES.findall(output):
        slot = re.sub(r"^utter_(ask|invalid)_(\w+_form_)?", "", name)
        assert name in ("utter_duration_out_of_range", "utter_default") or any(
            slot in form["required_slots"] for form in forms.values()
        ), name


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
