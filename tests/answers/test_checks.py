"""Personalised answers, as a visitor would read them, on dates around the window's end."""

from __future__ import annotations

import datetime as dt

from bot.answers import checks
from bot.formatting import NBSP, typography_errors

OPEN_DAY = dt.date(2025, 10, 1)
CLOSED_DAY = dt.date(2026, 11, 26)
CANDIDATE = {"age": 45, "situation": "jobseeker", "diploma_level": "cap_bep",
             "certification_type": "titre_pro", "contract_start": None}


def joined(answers: list) -> str:
    return "\n".join(answer.text for answer in answers)


def test_candidate_inside_the_window_is_eligible() -> None:
    answers = checks.candidate_answers(OPEN_DAY, CANDIDATE)
    text = joined(answers)
    assert text.startswith("Votre profil remplit les conditions")
    assert f"au moins 16{NBSP}ans" in text
    assert answers[-1].buttons[0].payload == "/request_human"
    assert all(typography_errors(answer.text) == [] for answer in answers)


def test_candidate_after_the_window_hears_it_first() -> None:
    answers = checks.candidate_answers(CLOSED_DAY, CANDIDATE)
    assert answers[0].text.startswith("Avant tout")
    assert "28 février 2026" in answers[0].text
    assert "France VAE" in answers[0].text
    # The heading says what the other facts give, instead of a bare « ne remplit pas ».
    assert answers[1].text.startswith("Si l'expérimentation était prolongée, votre profil en remplirait les conditions")


def test_under_age_candidate_is_refused_with_the_rule() -> None:
    text = joined(checks.candidate_answers(OPEN_DAY, {**CANDIDATE, "age": 15}))
    assert f"il faut avoir au moins 16{NBSP}ans" in text


def test_recruiter_summary_lists_the_facts_and_the_verdict() -> None:
    answers = checks.candidate_answers(OPEN_DAY, {**CANDIDATE, "certification_type": "unknown"}, recruiter=True)
    summary = answers[-1].text
    assert "Synthèse" in summary and f"45{NBSP}ans" in summary and "à vérifier" in summary
    assert checks.qualification(OPEN_DAY, CANDIDATE)["verdict"] == "eligible"


def test_employer_estimate_for_two_hires_over_eighteen_months() -> None:
    facts = {"employer_type": "private_company", "sector": "IDCC 3248", "idcc": 3248, "hires": 2,
             "duration_months": 18, "age": "unknown", "diploma_level": "unknown"}
    text = joined(checks.employer_answers(OPEN_DAY, facts))
    assert "Votre structure peut recruter" in text
    assert "OPCO 2i" in text
    assert f"13{NBSP}500{NBSP}€" in text and f"27{NBSP}000{NBSP}€" in text
    assert "ne s'applique plus aux contrats signés depuis le 1er mai 2024" in text


def test_public_employer_is_excluded() -> None:
    facts = {"employer_type": "local_authority", "sector": "aide à domicile"}
    assert "ne peut pas recruter" in joined(checks.employer_answers(OPEN_DAY, facts))


def test_salary_by_age_and_diploma_uses_the_smic_in_force() -> None:
    before = checks.salary_answer(dt.date(2025, 12, 31), {"age": 22, "diploma_level": "bac_pro"}).text
    after = checks.salary_answer(dt.date(2026, 1, 1), {"age": 22, "diploma_level": "bac_pro"}).text
    assert f"80{NBSP}%" in before and f"1{NBSP}801,80{NBSP}€" in before
    assert f"1{NBSP}823,03{NBSP}€" in after


def test_salary_with_a_general_bac_gives_both_rates() -> None:
    text = checks.salary_answer(OPEN_DAY, {"age": 19, "diploma_level": "bac_general"}).text
    assert f"55{NBSP}%" in text and f"65{NBSP}%" in text and "à vérifier" in text


def test_salary_needs_age_and_diploma() -> None:
    assert checks.salary_answer(OPEN_DAY, {"age": "unknown", "diploma_level": "cap_bep"}) is None
    assert "il me faut" in checks.salary_unavailable(OPEN_DAY).text


def test_short_window_notice_only_after_the_end() -> None:
    answer = checks.opco_answer({"sector": "boulangerie"})
    assert checks.with_short_window_notice(OPEN_DAY, [answer]) == [answer]
    assert checks.with_short_window_notice(CLOSED_DAY, [answer])[0].text.startswith("À noter")


def test_a_start_after_the_window_is_told_to_sign_before_while_it_is_still_open() -> None:
    """On a day inside the window, a contract dated after it: no « s'est terminée » yet."""
    facts = {**CANDIDATE, "contract_start": "2026-05-01"}
    answers = checks.candidate_answers(dt.date(2026, 2, 10), facts)
    assert answers[0].topic == "window_closes_before_contract"
    assert "ne peuvent être conclus que jusqu'au 28 février 2026" in answers[0].text
    assert "s'est terminée" not in joined(answers)
