"""One message, several facts; a lone number answers only the question just asked."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.intake import IN_THE_PAST, UNKNOWN, Refusal, facts_from_message, read_message

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


@pytest.mark.parametrize(
    ("text", "requested", "expected"),
    [
        # a lone number is read in the question's unit by the fact's parser: its range applies
        ("j'ai 150", "age", {}),
        ("5", "age", {}),
        ("150", "age", {}),
        ("euh 45 je crois", "age", {"age": 45}),
        ("600", "hires", {}),
        ("12345", "idcc", {}),
        ("3248", "idcc", {"idcc": 3248}),
        ("18", "duration_months", {"duration_months": 18}),
        # weeks and days are months, rounded
        ("3 semaines", "duration_months", {"duration_months": 1}),
        ("quinze jours", "duration_months", {"duration_months": 1}),
        ("10 semaines", "duration_months", {"duration_months": 2}),
        # negations
        ("je ne suis pas demandeur d'emploi", "situation", {}),
        ("je ne suis plus au chômage", "situation", {}),
        ("je ne suis plus au chômage, je suis en CDI", "situation", {"situation": "employee_cdi"}),
        # a diploma in progress is not held; « sans bac » is below the bac
        ("BTS en cours", "diploma_level", {"diploma_level": "bac_general"}),
        ("sans bac", "diploma_level", {"diploma_level": "none"}),
        # « fin » is the last day, « mi » the 15th, the next ones from today (26 November 2026)
        ("fin mars", "contract_start", {"contract_start": "2027-03-31"}),
        ("mi-juin", "contract_start", {"contract_start": "2027-06-15"}),
        ("fin novembre", "contract_start", {"contract_start": "2026-11-30"}),
        ("dès que possible", "contract_start", {"contract_start": "2026-11-26"}),
    ],
)
def test_the_cases_of_issue_15(text: str, requested: str, expected: dict) -> None:
    assert facts_from_message(text, TODAY, ALL, requested) == expected


@pytest.mark.parametrize(
    ("text", "requested", "facts", "refused"),
    [
        ("le 1er mars 2026", "contract_start", {}, {"contract_start": Refusal(IN_THE_PAST, "2026-03-01")}),
        ("01/03/2026", "contract_start", {}, {"contract_start": Refusal(IN_THE_PAST, "2026-03-01")}),
        ("25/11/2026", "contract_start", {}, {"contract_start": Refusal(IN_THE_PAST, "2026-11-25")}),
        ("26/11/2026", "contract_start", {"contract_start": "2026-11-26"}, {}),
        ("j'ai 45 ans, début le 01/03/2026", None, {"age": 45},
         {"contract_start": Refusal(IN_THE_PAST, "2026-03-01")}),
    ],
)
def test_a_start_in_the_past_is_refused(text: str, requested: str | None, facts: dict, refused: dict) -> None:
    reading = read_message(text, TODAY, ALL, requested)
    assert reading.facts == facts
    assert reading.refused == refused


@pytest.mark.parametrize(("text", "facts"), [
    ("Je voudrais qualifier une candidate de 32 ans, titulaire d'un CAP, qui vise le titre professionnel "
     "d'agent de propreté.", {"age": 32, "diploma_level": "cap_bep", "certification_type": "titre_pro"}),
    ("je veux préparer un BTS, j'ai le bac", {"diploma_level": "bac_general", "certification_type": "diploma"}),
    ("objectif : un CQP de soudeur", {"certification_type": "cqp"}),
    ("j'ai un CAP", {"diploma_level": "cap_bep"}),  # a diploma held, not a target
    ("je ne sais pas quoi viser", {}),
])
def test_a_target_named_in_a_message_is_read_unasked(text: str, facts: dict) -> None:
    wanted = ["age", "diploma_level", "certification_type"]
    assert read_message(text, dt.date(2025, 6, 2), wanted).facts == facts
