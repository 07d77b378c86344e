"""Issue 12's corrections, as a visitor reads them on 1 December 2026: each test fails on the old text.

Corrections 1, 2 and 4 (references) are in tests/rules/test_references.py; 10 (SMIC of
1 May 2023) in tests/rules/test_salary.py and the dated table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from bot.answers import checks, render
from bot.formatting import NBSP

DAY = dt.date(2026, 12, 1)
ROOT = Path(__file__).resolve().parents[2]


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def topic(name: str, day: dt.date = DAY) -> str:
    return plain(render(name, day).text)


# 3. Statements in the present tense that the end of the window made false.
@pytest.mark.parametrize(
    ("name", "stale", "dated"),
    [
        ("definition", "Le dispositif est une expérimentation ouverte à", "Le dispositif a été une expérimentation"),
        ("advantages_candidate", "Pour le candidat, la VAE inversée permet de", "Pour les contrats signés jusqu'au 28 février 2026"),
        ("role_porteur_de_projet", "et dépose le projet auprès de la DGEFP", "L'appel à projets est terminé"),
        ("step_positionnement", "Il dépose le projet auprès de la DGEFP", "il déposait le projet"),
        ("step_evaluation", "En cas d'échec, le contrat peut être renouvelé.", "aucun nouveau contrat expérimental ne peut commencer après le 28 février 2026"),
    ],
)
def test_what_the_end_of_the_window_made_false_is_now_dated(name: str, stale: str, dated: str) -> None:
    text = topic(name)
    assert stale not in text
    assert dated in text


def test_the_definition_no_longer_lives_in_the_domain() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for response in ("utter_definition", "utter_advantages_candidate", "utter_advantages_employer"):
        assert response not in domain["responses"]
        assert f"action_explain_{response.removeprefix('utter_')}" in domain["actions"]


# 4. The pedagogical cap's two readings; no HT claim; the support cap's source and France VAE.
def test_financing_says_both_readings_of_the_pedagogical_cap_and_no_ht() -> None:
    text = topic("financing")
    assert "« par bénéficiaire » selon la page de présentation du dispositif, « par an » selon les présentations de la FAQ du ministère" in text
    assert "hors taxes" not in text and " HT" not in text
    assert "montant annuel de 9 000 € au plus par parcours individuel (Décret n° 2023-408 du 26 mai 2023, article 2" in text
    assert "jusqu'à 2 000 €, selon la page de présentation du dispositif (montant non lu dans un texte officiel)" in text
    assert "peut aussi être financé par France VAE" in text
    for name in ("financing_pedagogique", "financing_conception"):
        assert "hors taxes" not in topic(name)


@pytest.mark.parametrize(
    ("months", "per_year"), [(6, "3 000 €"), (24, "12 000 €")]
)
def test_the_estimate_prorates_the_pedagogical_cap_read_per_year(months: int, per_year: str) -> None:
    answers = checks.employer_answers(DAY, {"employer_type": "private_company", "duration_months": months})
    estimate = plain(next(a.text for a in answers if a.topic == "financing_estimate"))
    assert f"jusqu'à 6 000 € « par bénéficiaire » selon la page de présentation du dispositif ; lu « par an », comme dans les présentations de la FAQ du ministère, jusqu'à {per_year} pour {months} mois" in estimate
    assert "HT" not in estimate


# 5. Hiring aids: up to, prorated, two instalments; the six months off the staff; « à vérifier en 2026 ».
def test_the_france_travail_aid_is_up_to_prorated_and_in_two_instalments() -> None:
    text = plain(checks.aids_answer(DAY, {"age": 27, "situation": "jobseeker"}).text)
    assert "aide forfaitaire de France Travail pour l'embauche d'un demandeur d'emploi d'au moins 26 ans : jusqu'à 2 000 €, proratisée pour un temps partiel et versée en deux fois (à vérifier en 2026" in text


def test_the_state_aid_requires_six_months_off_the_staff() -> None:
    text = plain(checks.aids_answer(DAY, {"age": 50, "situation": "jobseeker"}).text)
    assert "si la personne n'a pas fait partie de l'effectif de l'entreprise dans les 6 mois précédant l'embauche (à vérifier en 2026" in text


def test_an_employee_on_a_cdi_entering_by_avenant_gets_neither_aid() -> None:
    text = plain(checks.aids_answer(DAY, {"age": 50, "situation": "employee_cdi"}).text)
    assert text.count("ne s'applique pas à une personne déjà salariée de l'entreprise") == 2
    assert "jusqu'à 2 000 €" not in text


# 6. « Ce qui suit vaut aussi pour un contrat de professionnalisation classique » only for its public.
@pytest.mark.parametrize(
    ("facts", "said"),
    [
        ({"age": 22, "diploma_level": "cap_bep"}, "Ce qui suit vaut aussi pour un contrat de professionnalisation classique : d'après ce que vous m'avez indiqué"),
        ({"age": 30, "situation": "jobseeker", "diploma_level": "bac_pro"}, "Ce qui suit vaut aussi pour un contrat de professionnalisation classique : d'après ce que vous m'avez indiqué"),
        ({"age": 30, "diploma_level": "bac_pro"}, "Ce qui suit vaut aussi pour un contrat de professionnalisation classique si la personne fait partie de son public : personnes de 16 ans à 25 ans révolus"),
        ({"age": 30, "situation": "employee_cdi", "diploma_level": "bac_pro"}, "la personne n'en fait pas partie. Ce qui suit vaut donc seulement pour un contrat de VAE inversée signé jusqu'au 28 février 2026"),
    ],
)
def test_the_classic_contract_is_named_only_for_its_public(facts: dict, said: str) -> None:
    answers = checks.with_short_window_notice(DAY, [checks.salary_answer(DAY, facts)], facts)
    assert said in plain(answers[0].text)


def test_an_employee_of_thirty_on_a_cdi_is_not_told_the_classic_contract_applies() -> None:
    facts = {"age": 30, "situation": "employee_cdi", "diploma_level": "bac_pro"}
    notice = plain(checks.with_short_window_notice(DAY, [checks.salary_answer(DAY, facts)], facts)[0].text)
    assert "Ce qui suit vaut aussi pour un contrat de professionnalisation classique" not in notice


# 7. France VAE covers only part of the certifications; the CPF's conditions.
def test_classic_vae_names_the_certificateur_and_the_cpf_conditions() -> None:
    text = topic("difference_classic_vae")
    assert "ce qui n'est le cas que d'une partie des certifications ; pour les autres, la candidature se fait directement auprès du certificateur" in text
    assert "Depuis le 1er août 2025, tout le parcours (accompagnement et frais de jury) peut être financé par le CPF, à condition de passer par un prestataire référencé sur Mon Compte Formation et de s'inscrire sur France VAE quand la certification y est proposée (décret n° 2025-663 du 18 juillet 2025)" in text


# 8. The tutor: the twelve months limit the exercise of the role, not the training.
@pytest.mark.parametrize("name", ["financing_tutorat", "role_tuteur", "financing"])
def test_the_tutoring_limit_is_on_the_exercise_of_the_role(name: str) -> None:
    text = topic(name)
    assert "l'exercice de la fonction tutorale pendant 12 mois au plus" in text
    assert "la formation des tuteurs et l'exercice de la fonction tutorale, pendant" not in text


# 9. « Mes réponses s'appuient sur les textes officiels » says which figures come from elsewhere.
def test_the_bot_says_which_answers_rest_on_the_faq_or_the_seed_page() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    text = plain(domain["responses"]["utter_iamabot"][0]["text"])
    assert "pour certains montants, sur la FAQ du ministère du Travail ou la page de présentation du dispositif" in text
    assert "je signale ce qui reste à confirmer" in text


# Every « closed » answer offers what can be done today.
@pytest.mark.parametrize(
    "name", ["experiment_status_closed", "definition", "eligibility", "advantages_candidate",
             "advantages_employer", "legal_framework"],
)
def test_every_closed_answer_offers_what_exists_now(name: str) -> None:
    text = topic(name)
    assert "Ce qui reste possible aujourd'hui" in text
    assert "période de reconversion" in text and "porteur de projet" in text
