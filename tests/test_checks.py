"""Which facts a check asks, and when it answers at once: one row per case, both windows."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.checks import CHECK_FACTS, Check, questions
from bot.facts import FACT_NAMES, Facts, changed
from bot.intake import PARSERS
from bot.parsing.profile import Situation

OPEN = dt.date(2025, 6, 2)
CLOSED = dt.date(2026, 12, 4)
C, R, E, O, S = Check.CANDIDATE, Check.RECRUITER, Check.EMPLOYER, Check.OPCO, Check.SALARY


@pytest.mark.parametrize(("check", "day", "slots", "needed", "optional"), [
    # the window closed on 28 February 2026: no new contract, nothing to ask before saying so
    (C, CLOSED, {}, (), ("age", "certification_type", "situation")),
    (C, CLOSED, {"situation": "jobseeker"}, (), ("age", "certification_type")),
    (R, CLOSED, {"age": 32}, (), ("certification_type", "situation", "diploma_level")),
    (E, CLOSED, {"employer_type": "private_company"}, (), ("sector", "duration_months", "hires", "age")),
    # open: the age, then the start (it may fall after the window), then the certification
    (C, OPEN, {}, ("age", "contract_start", "certification_type"), ("situation",)),
    (C, OPEN, {"age": 15}, (), ()),  # under 16: refused, even if the window were extended
    (C, OPEN, {"age": 40, "contract_start": "2026-04-01"}, (), ("certification_type", "situation")),
    (C, OPEN, {"age": 40, "contract_start": "2025-09-01", "certification_type": "unknown"}, (), ("situation",)),
    (R, OPEN, {"age": 40, "contract_start": "2025-09-01"}, ("certification_type",), ("situation", "diploma_level")),
    # an employer: its kind first; a public one is excluded whatever the rest
    (E, OPEN, {}, ("employer_type", "sector", "duration_months"), ("hires", "age")),
    (E, OPEN, {"employer_type": "local_authority"}, (), ()),
    (E, CLOSED, {"employer_type": "local_authority"}, (), ()),
    (E, OPEN, {"employer_type": "association", "idcc": 3248, "sector": "IDCC 3248"}, ("duration_months",),
     ("hires", "age")),
    # the pay rate: the diploma only where the two rates differ
    (S, OPEN, {}, ("age", "diploma_level"), ()),
    (S, OPEN, {"age": 19}, ("diploma_level",), ()),
    (S, OPEN, {"age": 23}, ("diploma_level",), ()),
    (S, OPEN, {"age": 30}, (), ()),
    (S, CLOSED, {"age": 52}, (), ()),
    (S, OPEN, {"age": 15}, (), ()),
    (S, OPEN, {"age": "unknown"}, (), ()),  # « je ne sais pas » is an answer: not asked again
    (O, OPEN, {}, ("sector",), ()),
    (O, OPEN, {"idcc": 1486}, (), ()),
])
def test_questions(check: Check, day: dt.date, slots: dict, needed: tuple, optional: tuple) -> None:
    result = questions(check, day, Facts.from_slots(slots))
    assert (result.needed, result.optional) == (needed, optional)


def test_a_refinement_is_asked_after_what_is_needed() -> None:
    facts = Facts.from_slots({})
    assert questions(C, CLOSED, facts, refine="situation").needed == ("situation",)
    assert questions(C, OPEN, facts, refine="situation").needed[-1] == "situation"
    assert questions(S, OPEN, facts, refine="hires").needed == ("age", "diploma_level")  # not a salary fact
    # an employee's age for the employer's answer brings the diploma where the pay rate needs it
    assert questions(E, CLOSED, Facts.from_slots({"employer_type": "association"}), refine="age").needed == (
        "age", "diploma_level")
    assert questions(E, CLOSED, Facts.from_slots({"employer_type": "association", "age": 40}), refine="age").needed == ()


def test_every_fact_has_a_parser_or_is_read_by_the_forms() -> None:
    assert set(PARSERS) | {"sector"} == set(FACT_NAMES)
    assert {name for names in CHECK_FACTS.values() for name in names} <= set(FACT_NAMES)


def test_facts_read_the_slots() -> None:
    facts = Facts.from_slots({"age": "45", "situation": "jobseeker", "certification_type": "unknown",
                              "contract_start": "2026-09-01", "diploma_level": "nonsense"})
    assert facts.age == 45 and facts.situation is Situation.JOBSEEKER and facts.jobseeker
    assert facts.certification_type is None and facts.is_answered("certification_type")
    assert facts.contract_start == dt.date(2026, 9, 1)
    assert facts.diploma_level is None and facts.is_answered("diploma_level")
    assert not facts.is_answered("hires") and facts.on_cdi is False


def test_changed_names_the_facts_that_differ() -> None:
    assert changed({"age": 19, "diploma_level": "cap_bep"}, {"age": 24, "diploma_level": "cap_bep"}) == ["age"]
    assert changed({}, {"situation": "employee_cdi"}) == ["situation"]
    assert changed({"age": 19}, {"age": None}) == []
