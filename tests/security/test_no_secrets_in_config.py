"""Secrets come only from the environment: no secret-looking literal in the configuration files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG_GLOBS = ["*.yml", "*.yaml", "*.ini", "*.cfg", "*.toml", "*.env", ".env*", "Makefile", "scripts/*.sh",
                "channels/*.yml", "bot/**/*.yml", "bot/**/*.yaml", "bot/**/*.ini", "docs/**/*", ".ci/*"]
SECRET_KEY = re.compile(
    r"(?i)\b([\w-]*(password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[\w-]*)\b\"?\s*[:=]\s*(.*)$")
# Values that are not secrets: references to the environment, templates, placeholders, nothing.
ALLOWED_VALUE = re.compile(
    r"""^\s*(|["']{2}|~|null|none|true|false|\$\{?\w+(:?-[^}]*)?\}?.*|["']?\$\(.*|….*|\{\{.*\}\}.*|<[^>]+>.*|[#|>].*)\s*,?\s*$""",
    re.IGNORECASE,
)
URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+]*://[^\s:/@]+:([^\s@/]+)@")
KNOWN_FORMATS = re.compile(r"(AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|xox[bap]-[0-9A-Za-z-]{10,}|EAA[0-9A-Za-z]{30,})")


def config_files() -> list[Path]:
    found = {path for pattern in CONFIG_GLOBS for path in ROOT.glob(pattern) if path.is_file()}
    return sorted(path for path in found if ".venv" not in path.parts and "var" not in path.parts)


def secret_literals(text: str) -> list[str]:
    """Lines of ``text`` that hold what looks like a secret typed in."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        match = SECRET_KEY.search(line)
        naming_a_secret = match and re.search(r"(?i)(existingsecret|secretname|secretkeyref|secretref|passwordkey)$", match.group(1))
        if match and not naming_a_secret and not ALLOWED_VALUE.match(match.group(3).strip().strip("`")):
            found.append(f"{number}: {line.strip()}")
        password = URL_PASSWORD.search(line)
        if password and not re.match(r"^(\$\{?\w+\}?|\$\(\w+\)|<[^>]+>|\{\{.*\}\}|\*+)$", password.group(1)):
            found.append(f"{number}: {line.strip()}")
        if KNOWN_FORMATS.search(line):
            found.append(f"{number}: {line.strip()}")
    return found


@pytest.mark.parametrize(
    "line",
    ["password: hunter2", "DASHBOARD_PASSWORD=s3cret-Value", 'api_key: "abcd1234efgh"',
     "url: postgresql://rasa:Sup3rS3cret@db:5432/rasa", "AKIAIOSFODNN7EXAMPLE", "password: secret123", "  auth_token: 4f9a8b7c6d5e"],
)
def test_the_check_finds_a_planted_secret(line: str) -> None:
    assert secret_literals(line)


@pytest.mark.parametrize(
    "line",
    ["password: ${TRACKER_PASSWORD}", "TRACKER_PASSWORD=", "token: \"\"", "secretKeyRef:", "password: <mot de passe>",
     "url: postgresql://rasa:${PGPASSWORD}@db/rasa", "DASHBOARD_SECRET (cookie signing)", "existingSecret: rasa-secrets",
     "token: {{ .Values.token }}", "password:", "name: TRACKER_PASSWORD", "secretName: rasa-secrets",
     'TRACKER_PASSWORD="$(cat /run/secrets/tracker-password)"', "value: redis://:$(REDIS_PASSWORD)@redis:6379/1"],
)
def test_references_to_the_environment_are_fine(line: str) -> None:
    assert secret_literals(line) == []


def test_no_secret_literal_in_the_configuration_files() -> None:
    files = config_files()
    assert ROOT / "endpoints.yml" in files and ROOT / "credentials.yml" in files
    problems = {str(path.relative_to(ROOT)): found for path in files
                if (found := secret_literals(path.read_text(encoding="utf-8", errors="replace")))}
    assert problems == {}
