"""The contact form's answers read from free text: what is kept (E.164 phone, e-mail, SIRET) and what is refused."""

from __future__ import annotations

import pytest

from bot.leads.contact import (
    CompanyAnswer,
    parse_company,
    parse_contact,
    parse_contact_name,
    parse_lead_message,
    parse_postal_code,
    parse_profile,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06 12 34 56 78", {"phone": "+33612345678"}),
        ("+33 (0)6 12 34 56 78", {"phone": "+33612345678"}),
        ("+33 (0) 6 12 34 56 78", {"phone": "+33612345678"}),
        ("0033 6 12 34 56 78", {"phone": "+33612345678"}),
        ("mon numéro : 06.12.34.56.78 merci", {"phone": "+33612345678"}),
        ("0692 12 34 56", {"phone": "+262692123456"}),
        # a phone after a date in the same message
        ("disponible à partir du 12/03/2026, 06 12 34 56 78", {"phone": "+33612345678"}),
        ("le 12/03/2026 06 12 34 56 78", {"phone": "+33612345678"}),
        ("à partir du 12/03 06 12 34 56 78", {"phone": "+33612345678"}),
        ("le 2026-03-12 06 12 34 56 78", {"phone": "+33612345678"}),
        ("rappel le 12.03.2026 - 06.12.34.56.78", {"phone": "+33612345678"}),
        # the first French number, not a foreign or special-rate one
        ("+32 470 12 34 56 ou 06 12 34 56 78", {"phone": "+33612345678"}),
        ("+32 470 12 34 56", {}),
        ("08 00 12 34 56", {}),
        ("06 12 34 56 7A", {}),
        ("06 12", {}),
        # e-mails, accented domains included
        ("marie.dupont@exemple.fr", {"email": "marie.dupont@exemple.fr"}),
        ("jean@café.fr", {"email": "jean@café.fr"}),
        ("Jean@CAFÉ.fr ou +33 (0)6 12 34 56 78", {"email": "Jean@café.fr", "phone": "+33612345678"}),
        ("marié@exemple.fr", {}),
        ("julie.martin@", {}),
        ("pas de mail", {}),
    ],
)
def test_contact(text: str, expected: dict[str, str]) -> None:
    assert parse_contact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Durand SAS, SIRET 732 829 320 00074", CompanyAnswer("Durand SAS", "73282932000074")),
        ("Durand SAS, SIRET 732.829.320.00074", CompanyAnswer("Durand SAS", "73282932000074")),
        ("Durand SAS 73282932000074", CompanyAnswer("Durand SAS", "73282932000074")),
        ("La Poste, 356 000 000 49837", CompanyAnswer("La Poste", "35600000049837")),
        # the SIRET's key is right but its SIREN's is not: refused
        ("Durand SAS 10000000010007", CompanyAnswer("Durand SAS", None, siret_refused=True)),
        ("Durand SAS, SIRET 123 456 789 00011", CompanyAnswer("Durand SAS", None, siret_refused=True)),
        ("Durand SAS", CompanyAnswer("Durand SAS")),
        ("SIRET 73282932000074", CompanyAnswer(None, "73282932000074")),
    ],
)
def test_company_and_siret(text: str, expected: CompanyAnswer) -> None:
    assert parse_company(text) == expected


@pytest.mark.parametrize(
    ("text", "profile"),
    [("je suis candidat", "candidat"), ("DRH d'une PME", "employeur"),
     ("je suis conseillère France Travail", "recruteur"), ("bof", None)],
)
def test_profile(text: str, profile: str | None) -> None:
    assert parse_profile(text) == profile


@pytest.mark.parametrize(
    ("text", "expected"),
    [("69003 Lyon", "69003"), ("c'est le 2a004", "2A004"), ("96000", None), ("Lyon", None)],
)
def test_postal_code(text: str, expected: str | None) -> None:
    assert parse_postal_code(text) == expected


def test_name_and_message() -> None:
    assert parse_contact_name("je m'appelle Julie Martin") == "Julie Martin"
    assert parse_contact_name("123") is None
    assert parse_lead_message("non merci") == ""
    assert parse_lead_message("Rappelez-moi le matin") == "Rappelez-moi le matin"


def test_the_module_needs_no_rasa() -> None:
    import subprocess
    import sys

    code = "import sys, bot.leads.contact; print(any(m.split('.')[0] in {'rasa', 'rasa_sdk'} for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
