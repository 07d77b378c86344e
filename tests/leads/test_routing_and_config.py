"""Routing to porteurs de projet (porteurs.yaml) and the settings read from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.leads.config import DEFAULT_DATABASE_URL, ROOT, ConfigError, settings
from bot.leads.routing import DEFAULT_CODE, PorteursError, load_porteurs, route

PORTEURS = """
porteurs:
  - code: idf-industrie
    name: Industrie IDF
    email: i@p.example
    regions: [ile de france]
    keywords: [industri, usinage]
  - {code: idf, name: Porteur IDF, email: idf@p.example, regions: [Île-de-France]}
  - {code: metallurgie, name: Métallurgie, email: m@p.example, keywords: [métallurgi]}
  - {code: sante, name: Santé, keywords: [sante, medico-social]}
"""


@pytest.fixture
def directory(tmp_path: Path):
    path = tmp_path / "porteurs.yaml"
    path.write_text(PORTEURS, encoding="utf-8")
    return load_porteurs(path, default_email="")


@pytest.mark.parametrize(
    ("region", "sector", "code"),
    [
        ("Île-de-France", "Industrie automobile", "idf-industrie"),
        ("Île-de-France", "Métallurgie", "idf"),
        ("Île-de-France", None, "idf"),
        ("Bretagne", "la MÉTALLURGIE lourde", "metallurgie"),
        ("Bretagne", "Industrie", DEFAULT_CODE),
        (None, "secteur médico-social", "sante"),
        (None, "santé", "sante"),
        (None, "assainissement", DEFAULT_CODE),
        ("Atlantide", None, DEFAULT_CODE),
        (None, None, DEFAULT_CODE),
    ],
)
def test_route(directory, region: str | None, sector: str | None, code: str) -> None:
    assert route(region, sector, directory).code == code


def test_the_default_porteur(directory) -> None:
    porteur = directory.get("a-code-that-left-the-file")
    assert (porteur.code, porteur.name, porteur.email) == ("default", "Porteur de projet", "")
    assert directory.get("idf").email == "idf@p.example"


def test_the_shipped_file_routes_everything_to_the_default_porteur_with_lead_mail_to(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEAD_MAIL_TO", "porteur@exemple.fr")
    porteur = route("Bretagne", "industrie")
    assert (porteur.code, porteur.name, porteur.email) == ("default", "Porteur de projet", "porteur@exemple.fr")


def test_porteurs_file_from_the_environment_and_reread_when_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "porteurs.yaml"
    path.write_text("porteurs:\n  - {code: bzh, name: BZH, regions: [Bretagne]}\n", encoding="utf-8")
    monkeypatch.setenv("PORTEURS_FILE", str(path))
    assert route("Bretagne", None).code == "bzh"
    path.write_text("porteurs:\n  - {code: breizh, name: Breizh, regions: [Bretagne]}\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert route("Bretagne", None).code == "breizh"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("porteurs:\n  - {code: a, regions: [Atlantide]}\n", "unknown région"),
        ("porteurs:\n  - {code: a, regions: [Corse]}\n  - {code: a, regions: [Corse]}\n", "duplicate"),
        ("porteurs:\n  - {code: a, region: [Corse]}\n", "unknown keys"),
        ("porteurs:\n  - {code: a, name: A}\n", "needs regions or keywords"),
        ("porteurs:\n  - {code: default, regions: [Corse]}\n", "default porteur takes no criteria"),
        ("porteurs:\n  - {name: sans code}\n", "needs a code"),
        ("porteurs: {code: a}\n", "must be a list"),
    ],
)
def test_a_malformed_file_is_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "porteurs.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PorteursError, match=message):
        load_porteurs(path)


def test_settings_defaults() -> None:
    config = settings({})
    assert config.database_url == DEFAULT_DATABASE_URL == "sqlite:///var/leads.db"
    assert config.retention_months == 12
    assert config.webhook_timeout_s == 5.0
    assert config.porteurs_file == ROOT / "bot" / "leads" / "porteurs.yaml"
    assert config.smtp_starttls is True
    assert config.channel_names == []


def test_settings_from_the_environment() -> None:
    config = settings(
        {
            "DATABASE_URL": "postgresql://u@h/db", "LEADS_RETENTION_MONTHS": "24",
            "LEAD_WEBHOOK_URL": "https://p.example/h", "LEAD_WEBHOOK_SECRET": "s3cret",
            "LEAD_WEBHOOK_TIMEOUT_S": "2.5", "SMTP_HOST": "smtp.example", "SMTP_PORT": "2525",
            "SMTP_USER": "u", "SMTP_PASSWORD": "p", "SMTP_STARTTLS": "false", "LEAD_MAIL_FROM": "bot@exemple.fr",
            "LEAD_MAIL_TO": "porteur@exemple.fr", "PORTEURS_FILE": "/etc/porteurs.yaml",
        }
    )
    assert (config.database_url, config.retention_months) == ("postgresql://u@h/db", 24)
    assert config.webhook_timeout_s == 2.5
    assert (config.smtp_port, config.smtp_starttls, config.mail_to) == (2525, False, "porteur@exemple.fr")
    assert config.porteurs_file == Path("/etc/porteurs.yaml")
    assert config.channel_names == ["webhook", "email"]


@pytest.mark.parametrize(
    "environ",
    [{"LEADS_RETENTION_MONTHS": "douze"}, {"LEADS_RETENTION_MONTHS": "0"}, {"SMTP_PORT": "x"},
     {"LEAD_WEBHOOK_TIMEOUT_S": "-1"}, {"SMTP_STARTTLS": "peut-être"}],
)
def test_unusable_settings_are_refused(environ: dict) -> None:
    with pytest.raises(ConfigError):
        settings(environ)
