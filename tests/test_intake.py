"""One message, several facts; a lone number answers only the question just asked."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.intake import UNKNOWN, facts_from_message

TODAY = dt.date(2026, 11, 26)
ALL = ["age", "situation", "diploma_level", "certification_type", "contract_start",
       "employer_type", "idcc", "hires", "duration_months"]


@pytest.mark.parametrize(
    ("text", "requested", "expected"),
    [
        ("j'ai 45 ans et je suis demandeur d'emploi", None, {"age": 45, "situation": "jobseeker"}),
        ("jai 19ans, bac pro", None, {"age": 19, "diploma_level": "bac_pro"}),
        ("entreprise de métallurgie, IDCC 3248", None, {"employer_type": "private_company", "idcc": 3248}),
        ("18 mois", "duration_months", {"duration_months": 18}),
        ("deux ans", "duration_months", {"duration_months": 24}),
        ("3", "hires", {"hires": 3}),
        ("deux personnes", "hires", {"hires": 2}),
        ("22", "age", {"age": 22}),
        ("22", "hires", {"hires": 22}),
        ("en septembre", "contract_start", {"contract_start": "2027-09-01"}),
        ("je ne sais pas", "age", {"age": UNKNOWN}),
        ("un titre professionnel", "certification_type", {"certification_type": "titre_pro"}),
        ("CAP", "diploma_level", {"diploma_level": "cap_bep"}),
        ("c'est quoi la recevabilité ?", "age", {}),
    ],
)
def test_facts(text: str, requested: str | None, expected: dict) -> None:
    assert facts_from_message(text, TODAY, ALL, requested) == expected
