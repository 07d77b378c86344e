"""What a check says around its answer, as a visitor reads it."""

from __future__ import annotations

import datetime as dt
import json

from bot.answers import checks, followups
from bot.checks import Check
from bot.formatting import NBSP, typography_errors

OPEN_DAY = dt.date(2025, 10, 1)
CLOSED_DAY = dt.date(2026, 12, 4)


def test_under_the_minimum_age_there_is_no_pay_rate_to_compute() -> None:
    answer = checks.salary_answer(OPEN_DAY, {"age": 15})
    assert answer.topic == "salary_under_min_age"
    assert f"au moins 16{NBSP}ans" in answer.text and typography_errors(answer.text) == []


def test_from_26_the_diploma_is_not_needed() -> None:
    text = checks.salary_answer(OPEN_DAY, {"age": 30}).text
    assert "quel que soit le diplôme" in text and f"100{NBSP}%" in text


def test_a_diploma_not_known_gives_both_rates() -> None:
    text = checks.salary_answer(OPEN_DAY, {"age": 19, "diploma_level": "unknown"}).text
    assert f"55{NBSP}%" in text and f"65{NBSP}%" in text and typography_errors(text) == []
    assert checks.salary_answer(OPEN_DAY, {"age": 19}) is None  # not answered yet: the form asks it


def test_what_changed_is_said_with_the_old_value() -> None:
    answer = followups.changes_answer(Check.SALARY, {"age": 19, "diploma_level": "cap_bep"},
                                      {"age": 24, "diploma_level": "cap_bep"})
    assert answer.text == f"C'est noté{NBSP}: âge 24{NBSP}ans (précédemment{NBSP}: 19{NBSP}ans). Voici la réponse mise à jour."
    answer = followups.changes_answer(Check.CANDIDATE, {"situation": "jobseeker"}, {"situation": "employee_cdi"})
    assert f"situation salarié en CDI (précédemment{NBSP}: demandeur d'emploi)" in answer.text
    assert followups.changes_answer(Check.SALARY, {"age": 19}, {"age": 19, "situation": "student"}) is None


def test_refinements_are_buttons_that_start_the_check_again_with_one_fact() -> None:
    answers = followups.with_refinements(Check.CANDIDATE, CLOSED_DAY, {"situation": "jobseeker"},
                                         checks.candidate_answers(CLOSED_DAY, {"situation": "jobseeker"}))
    offer = next(answer for answer in answers if answer.topic == "refine")
    assert answers[-1].topic == "next_steps_candidate"  # the next steps still close the answer
    assert [button.title for button in offer.buttons] == ["L'âge", "La certification visée"]
    payload = offer.buttons[0].payload
    assert payload.startswith("/check_candidate_eligibility") and json.loads(payload.split("eligibility", 1)[1]) == {
        "fact": "age"}
    assert followups.refinement_answer(Check.SALARY, OPEN_DAY, {"age": 30}) is None


def test_an_employer_without_a_sector_is_not_told_an_unknown_opco() -> None:
    topics = [answer.topic for answer in checks.employer_answers(CLOSED_DAY, {"employer_type": "private_company"})]
    assert "opco" not in topics and "financing_estimate" not in topics
    topics = [answer.topic for answer in checks.employer_answers(OPEN_DAY, {
        "employer_type": "private_company", "idcc": 3248, "duration_months": 18})]
    assert "opco" in topics and "financing_estimate" in topics


def test_the_recruiter_summary_words_the_facts() -> None:
    answers = checks.candidate_answers(OPEN_DAY, {"age": 32, "situation": "jobseeker", "diploma_level": "cap_bep",
                                                  "certification_type": "titre_pro"}, recruiter=True)
    summary = answers[-1].text
    assert "situation : demandeur d'emploi".replace(" :", f"{NBSP}:") in summary
    assert f"diplôme{NBSP}: CAP ou BEP" in summary and f"certification visée{NBSP}: titre professionnel" in summary
