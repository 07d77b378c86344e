"""Settings from the environment, and ``python -m bot.dashboard`` as ``make run`` starts it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from bot.dashboard.config import settings
from bot.dashboard.tracker import tracker_url_from_env
from bot.leads.config import ConfigError
from tests.servers import ROOT, free_port


def test_the_tracker_url_follows_the_shared_contract() -> None:
    assert tracker_url_from_env({}) == "sqlite:///var/tracker.db"
    assert tracker_url_from_env({"TRACKER_DB": "/data/t.db"}) == "sqlite:////data/t.db"
    url = tracker_url_from_env({
        "TRACKER_DIALECT": "postgresql", "TRACKER_HOST": "db", "TRACKER_PORT": "5433",
        "TRACKER_USER": "rasa", "TRACKER_PASSWORD": "p@ss", "TRACKER_DB": "tracker",
    })
    assert url == "postgresql://rasa:p%40ss@db:5433/tracker"


def test_settings_defaults_and_errors() -> None:
    config = settings({})
    assert (config.user, config.password, config.session_hours) == ("porteur", "", 8.0)
    assert (config.trusted_proxies, config.lock_store_url) == ((), "")
    assert [str(network) for network in settings({"TRUSTED_PROXIES": " 127.0.0.1, 10.0.0.0/8  fd00::/8,"}).trusted_proxies] == [
        "127.0.0.1/32", "10.0.0.0/8", "fd00::/8"]
    # Read as the chat channels read it (channels/addresses.py): a bad entry is ignored, the rest kept.
    kept = settings({"TRUSTED_PROXIES": "10.0.0.0/33 proxy.example 127.0.0.1;10.0.0.1 192.168.1.5"}).trusted_proxies
    assert [str(network) for network in kept] == ["192.168.1.5/32"]
    with pytest.raises(ConfigError, match="LOCK_STORE_URL"):
        settings({"LOCK_STORE_URL": "memcached://127.0.0.1"})
    assert settings({"DASHBOARD_PASSWORD": "x", "DASHBOARD_SESSION_HOURS": "0.5"}).session_hours == 0.5
    with pytest.raises(ConfigError):
        settings({"DASHBOARD_SESSION_HOURS": "huit"})
    assert config.freshness_months == 6
    assert settings({"DASHBOARD_FRESHNESS_MONTHS": " 3 "}).freshness_months == 3
    for bad in ("six", "-1", "2.5"):
        with pytest.raises(ConfigError):
            settings({"DASHBOARD_FRESHNESS_MONTHS": bad})


def test_live_takeover_settings() -> None:
    config = settings({})
    assert (config.live_rasa_url, config.live_api_token, config.live_configured) == ("http://127.0.0.1:5005", "", False)
    config = settings({"LIVE_RASA_URL": " https://rasa.exemple.fr/ ", "LIVE_API_TOKEN": " secret "})
    assert (config.live_rasa_url, config.live_api_token, config.live_configured) == ("https://rasa.exemple.fr", "secret", True)
    with pytest.raises(ConfigError, match="LIVE_RASA_URL"):
        settings({"LIVE_RASA_URL": "rasa:5005"})


def test_the_module_starts_closed_without_a_password(tmp_path: Path) -> None:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DASHBOARD_", "TRACKER_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'leads.db'}", TRACKER_DB=str(tmp_path / "tracker.db"))
    log = (tmp_path / "dashboard.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "bot.dashboard", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "dashboard.log").read_text()
            try:
                response = requests.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "the dashboard did not start"
                time.sleep(0.2)
        assert response.status_code == 503 and "DASHBOARD_PASSWORD" in response.text
    finally:
        process.terminate()
        process.wait(20)
        log.close()
    assert "Tableau de bord désactivé" in (tmp_path / "dashboard.log").read_text()


def test_every_question_intent_of_the_domain_has_a_french_topic_label() -> None:
    import yaml

    from bot.dashboard.topics import KNOWLEDGE_BASE_LABEL, TOPIC_LABELS, topic_label
    from bot.formatting import typography_errors

    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])
    # Two questions in one message are labelled by their parts (bot.dashboard.topics.topic_label).
    questions = {intent for intent in intents if intent.startswith(("ask_", "check_", "qualify_")) and "+" not in intent}
    assert topic_label("ask_definition+ask_financing") == "Définition de la VAE inversée + Financement"
    assert topic_label("faq") == KNOWLEDGE_BASE_LABEL
    assert questions <= set(TOPIC_LABELS), sorted(questions - set(TOPIC_LABELS))
    assert set(TOPIC_LABELS) <= intents, sorted(set(TOPIC_LABELS) - intents)
    assert all(not typography_errors(label) and "'" not in label for label in TOPIC_LABELS.values())
