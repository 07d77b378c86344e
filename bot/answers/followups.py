"""What a check says around its answer: what changed since the last one, and how to refine it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Mapping

from bot.answers import Answer, Button, fill
from bot.answers import checks
from bot.checks import CHECK_FACTS, Check, questions
from bot.facts import Facts, changed

SlotValues = Mapping[str, Any]

# The intent that starts each check: a refinement button starts it again, asking one fact.
CHECK_INTENTS = {
    Check.CANDIDATE: "check_candidate_eligibility",
    Check.RECRUITER: "qualify_candidate",
    Check.EMPLOYER: "check_employer_funding",
    Check.OPCO: "ask_opco",
    Check.SALARY: "ask_salary",
}
MAX_REFINEMENTS = 3  # a Messenger button template holds three buttons


def check_answers(check: Check, day: dt.date, slots: SlotValues) -> list[Answer]:
    """The whole answer of ``check`` on ``day`` for the conversation's facts."""
    if check is Check.CANDIDATE:
        return checks.candidate_answers(day, slots)
    if check is Check.RECRUITER:
        return checks.candidate_answers(day, slots, recruiter=True)
    if check is Check.EMPLOYER:
        return checks.employer_answers(day, slots)
    if check is Check.OPCO:
        return checks.with_short_window_notice(day, [checks.opco_answer(slots)], slots)
    answer = checks.salary_answer(day, slots) or checks.salary_unavailable(day)
    return checks.with_short_window_notice(day, [answer], slots)


def refinement_answer(check: Check, day: dt.date, slots: SlotValues) -> Answer | None:
    """« Pour affiner cette réponse » with a button for each fact not given that would add to it."""
    optional = questions(check, day, Facts.from_slots(slots)).optional[:MAX_REFINEMENTS]
    if not optional:
        return None
    intent = CHECK_INTENTS[check]
    buttons = tuple(
        Button(fill(f"refine_{name}", {}), f"/{intent}{json.dumps({'fact': name})}") for name in optional
    )
    return Answer("refine", fill(f"refine_intro_{check.value}", {}), buttons)


def with_refinements(check: Check, day: dt.date, slots: SlotValues, answers: list[Answer]) -> list[Answer]:
    """``answers`` with the refinement offer placed before the closing next steps."""
    offer = refinement_answer(check, day, slots)
    if offer is None:
        return answers
    if answers and answers[-1].topic.startswith(("next_steps", "recruiter_summary")):
        return [*answers[:-1], offer, answers[-1]]
    return [*answers, offer]


def changes_answer(check: Check, before: SlotValues, after: SlotValues) -> Answer | None:
    """« C'est noté : situation salarié en CDI (précédemment : demandeur d'emploi). » for the facts
    of ``check`` that changed."""
    names = changed(before, after, CHECK_FACTS[check])
    if not names:
        return None
    parts = []
    for name in names:
        part = fill("change_part", {"label": fill(f"fact_label_{name}", {}), "value": checks.fact_text(after, name)})
        if before.get(name) not in (None, ""):
            part += " " + fill("change_instead_of", {"value": checks.fact_text(before, name)})
        parts.append(part)
    return Answer("changes", fill("changes_noted", {"changes": " ; ".join(parts)}))


def relevant_changes(check: Check, before: SlotValues, after: SlotValues) -> list[str]:
    """The facts of ``check`` that differ between ``before`` and ``after``."""
    return changed(before, after, CHECK_FACTS[check])
