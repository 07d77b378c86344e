"""Issue 15's personas (scripts/personas.py): the verdict's judge and the scripted visitors
themselves, without a server."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.intake import read_message
from bot.rules.opco import likely_opco
from scripts import personas as measure

OPEN_DAY = dt.date(2025, 6, 2)
CLOSED_DAY = dt.date(2026, 12, 4)
PERSONAS = measure.load_personas()
PARSED_FACTS = [name for name in measure.FACT_SLOTS if name not in ("sector", "idcc")]


def test_a_candidate_verdict_is_right_only_when_the_rules_agree_on_the_slots() -> None:
    truth = {"age": 15, "situation": "student", "certification_type": "diploma", "contract_start": "2025-09-01"}
    assert measure.verdict_is_right("candidate", OPEN_DAY, truth, dict(truth))
    # Without the age, the rules cannot refuse: « à vérifier » is not the under-16 refusal.
    assert not measure.verdict_is_right("candidate", OPEN_DAY, truth, {**truth, "age": None})
    assert not measure.verdict_is_right("candidate", OPEN_DAY, truth, {**truth, "age": 45})
    # Once the window is closed, the refusal stands whatever the facts the bot did not ask.
    assert measure.verdict_is_right("candidate", CLOSED_DAY, {**truth, "contract_start": "2027-01-01"}, {})


def test_the_verdict_of_another_check_is_wrong() -> None:
    truth = {"age": 45, "certification_type": "titre_pro", "contract_start": "2025-09-01"}
    assert measure.verdict_is_right("candidate", OPEN_DAY, truth, truth, "action_give_candidate_verdict")
    assert measure.verdict_is_right("candidate", OPEN_DAY, truth, truth, "action_update_facts")
    assert not measure.verdict_is_right("candidate", OPEN_DAY, truth, truth, "action_give_minimum_salary")


def test_an_employer_verdict_reads_the_employer_type() -> None:
    town_hall = {"employer_type": "local_authority", "sector": "l'animation"}
    assert measure.rules_outcome("employer", OPEN_DAY, town_hall) == "not_eligible"
    assert measure.rules_outcome("employer", OPEN_DAY, {"employer_type": "association"}) == "eligible"
    assert measure.rules_outcome("employer", OPEN_DAY, {}) == "to_check"
    assert not measure.verdict_is_right("employer", OPEN_DAY, town_hall, {"employer_type": "private_company"})
    assert not measure.verdict_is_right("employer", OPEN_DAY, town_hall, {"employer_type": "unknown"})


def test_a_salary_is_right_when_the_amount_is() -> None:
    at_19 = {"age": 19, "diploma_level": "bac_pro"}
    both = measure.salary_outcome(OPEN_DAY, {"age": 19})
    assert isinstance(both, list) and both[0] < both[1]  # the diploma changes the rate at 19
    assert measure.rules_outcome("salary", OPEN_DAY, at_19) == both[1]
    assert not measure.verdict_is_right("salary", OPEN_DAY, at_19, {"age": 19, "diploma_level": "unknown"})
    assert not measure.verdict_is_right("salary", OPEN_DAY, at_19, {"age": 19, "diploma_level": "cap_bep"})
    # From 26 on the diploma changes nothing: an answer without it is right.
    assert measure.verdict_is_right("salary", OPEN_DAY, {"age": 30, "diploma_level": "none"}, {"age": 30})
    assert measure.salary_outcome(OPEN_DAY, {"age": 15}) is None
    assert measure.salary_outcome(OPEN_DAY, {}) == "missing"
    assert not measure.verdict_is_right("salary", OPEN_DAY, {"age": 15}, {})


def test_an_opco_is_right_when_the_sector_gives_the_same_one() -> None:
    assert measure.verdict_is_right("opco", OPEN_DAY, {"sector": "le transport routier"},
                                    {"sector": "Nous sommes une entreprise de transport routier"})
    assert not measure.verdict_is_right("opco", OPEN_DAY, {"sector": "la coiffure"}, {"sector": "le bâtiment"})


def test_summary_counts_turns_over_the_verdicts_only() -> None:
    rows = [
        {"turns": 2, "right": True, "status": "verdict"},
        {"turns": 6, "right": False, "status": "verdict"},
        {"turns": 3, "right": True, "status": "verdict"},
        {"turns": None, "right": False, "status": "stuck"},
    ]
    assert measure.summary(rows) == {"personas": 4, "verdicts": 3, "median_turns": 3.0, "mean_turns": 3.67,
                                     "right": 2, "stuck": 1, "cap": 0}


def test_the_personas_cover_issue_15s_cases() -> None:
    assert len(PERSONAS) >= 24 and len({p.id for p in PERSONAS}) == len(PERSONAS)
    assert {p.role for p in PERSONAS} == set(measure.ROLES)
    assert {p.today for p in PERSONAS} == {OPEN_DAY, CLOSED_DAY}
    assert {p.window for p in PERSONAS} == {"open", "closed"}
    cases = {(p.check, p.window) for p in PERSONAS}
    assert {("candidate", "open"), ("candidate", "closed"), ("employer", "open"), ("recruiter", "open")} <= cases
    assert any(p.facts.get("situation") == "jobseeker" and p.window == "closed" for p in PERSONAS)
    assert any(p.check == "candidate" and p.facts["age"] < 16 for p in PERSONAS)
    assert any(p.facts.get("employer_type") == "local_authority" for p in PERSONAS)
    assert any(p.check == "salary" and p.facts["age"] > 26 for p in PERSONAS)
    assert any(p.check == "salary" and p.facts["age"] == 19 for p in PERSONAS)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.id)
def test_each_persona_answers_every_fact_of_its_check_as_its_facts_say(persona: measure.Persona) -> None:
    assert persona.role in measure.ROLES and persona.check in measure.CHECK_FACTS
    needed = measure.CHECK_FACTS[persona.check]
    assert set(needed) <= set(persona.answers) and set(needed) <= set(persona.facts)
    for fact, text in persona.answers.items():
        if fact == "sector":
            assert likely_opco(sector_text=text).confidence == "sector", text
            continue
        read = read_message(text, persona.today, [fact], requested=fact).facts
        assert read.get(fact) == persona.facts[fact], (fact, text)
    start = persona.facts.get("contract_start")
    assert start is None or dt.date.fromisoformat(start) > persona.today


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.id)
def test_what_an_opening_states_for_the_check_is_among_the_personas_facts(persona: measure.Persona) -> None:
    """Other facts an opening may state (« mon entreprise » as an employer's type in an OPCO
    question) are not the check's: the conversation may keep them, the verdict does not read them."""
    wanted = [fact for fact in measure.CHECK_FACTS[persona.check] if fact in PARSED_FACTS]
    stated = read_message(persona.opening, persona.today, wanted).facts
    assert {fact: persona.facts.get(fact) for fact in stated} == stated
