"""French answers of the personalised checks: candidate, employer, recruiter, OPCO, salary, aids.

Facts arrive as the conversation stored them (plain values; ``"unknown"`` for « je ne sais
pas »), read through ``bot.facts.Facts``; the rules decide, this module only words their results.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from bot.answers import (
    Answer,
    alternatives_short_text,
    alternatives_text,
    buttons_of,
    fill,
    response_values,
    templates,
)
from bot.formatting import NBSP, format_date, format_euros, format_percent, format_quantity, format_times
from bot.checks import Check, questions
from bot.facts import Facts
from bot.rules.aids import Aid, hiring_aids
from bot.rules.alternatives import Audience, alternatives
from bot.rules.candidate import CandidateEligibility, candidate_eligibility
from bot.rules.classic_contract import in_classic_public
from bot.rules.employer import employer_eligibility
from bot.rules.experiment import Phase, experiment_status
from bot.rules.financing import FinancingCategory, financing_estimate
from bot.rules.opco import likely_opco, opcos
from bot.rules.parameters import ParameterError, default_parameters
from bot.rules.salary import minimum_salary
from bot.rules.verdict import Eligibility, Reason, combine
from bot.rules.window import check_window

SlotValues = Mapping[str, Any]
"""The conversation's slots: plain values, ``"unknown"`` for « je ne sais pas » (``bot.facts``)."""

SECTOR_TEXT_MAX = 60
JOBSEEKER_AID_LABELS = {
    "france_travail_jobseeker_26_plus": ("aid_label_france_travail", "aids.jobseeker_26_plus_min_age"),
    "state_jobseeker_45_plus": ("aid_label_state", "aids.jobseeker_45_plus_min_age"),
}


def _reason_lines(reasons: list[Reason], missing: list[str], values: dict[str, str]) -> list[str]:
    lines = []
    for reason in reasons:
        if reason.code == "window_closed":
            continue  # said first, on its own
        line = "• " + fill(f"reason_{reason.code}", values)
        if reason.reference:
            line += " " + fill("source_line", {"title": reason.reference.title})
        lines.append(line)
    lines += ["• " + fill(f"missing_{name}", values) for name in missing]
    return lines


def with_short_window_notice(
    day: dt.date, answers: list[Answer], slots: SlotValues | None = None
) -> list[Answer]:
    """Put a notice first when the window is closed on ``day`` (salary, OPCO, aids).

    « Ce qui suit vaut aussi pour un contrat de professionnalisation classique » is said only when
    the facts put the person in that contract's public (L6325-1); otherwise the notice says so.
    """
    if experiment_status(day).phase is not Phase.CLOSED:
        return answers
    values = response_values(day)
    profile = Facts.from_slots(slots or {}).profile()
    public = in_classic_public(day, age=profile["age"], jobseeker=profile["jobseeker"],
                               minimum_income=profile["minimum_income"])
    state = {True: "applies", False: "not_applicable", None: "to_check"}[public]
    ways = alternatives(day, audience=Audience.CANDIDATE, **profile)
    text = "\n".join([
        fill("window_closed_short", values),
        fill(f"classic_contract_{state}", values),
        alternatives_short_text(ways, values),
    ])
    return [Answer("window_closed_short", text), *answers]


def _window_notice(
    closed: bool, values: dict[str, str], day: dt.date, facts: Facts, audience: Audience
) -> list[Answer]:
    if not closed:
        return []
    if experiment_status(day).phase is not Phase.CLOSED:  # open today, closed on the contract's date
        return [Answer("window_closes_before_contract", fill("window_closes_before_contract", values))]
    ways = alternatives(day, audience=audience, **facts.profile())
    text = fill("window_closed_first", {**values, "alternatives": alternatives_text(ways, values)})
    return [Answer("window_closed_first", text)]


def _heading(prefix: str, result: Eligibility, values: dict[str, str]) -> str:
    """The verdict's first line; once the window is closed, what the rest of the facts would give."""
    if not result.window_closed:
        return fill(f"{prefix}_{result.verdict.value}", values)
    others = [reason for reason in result.reasons if reason.code != "window_closed"]
    verdict = combine(others, result.missing)
    return fill(f"{prefix}_{verdict.value}", {**values, "phase": Phase.CLOSED.value})


def candidate_result(day: dt.date, slots: SlotValues) -> CandidateEligibility:
    """The rules' verdict on the facts gathered about a candidate."""
    facts = Facts.from_slots(slots)
    return candidate_eligibility(
        day,
        age=facts.age,
        already_cdi_with_employer=facts.on_cdi,
        contract_start=facts.contract_start,
        certification_type=facts.certification_known,
    )


def candidate_answers(day: dt.date, slots: SlotValues, *, recruiter: bool = False) -> list[Answer]:
    """The verdict for a candidate, its reasons and the next steps."""
    facts = Facts.from_slots(slots)
    result = candidate_result(day, slots)
    values = response_values(day)
    voice = "recruiter" if recruiter else "candidate"
    heading = _heading(f"verdict_{voice}", result, values)
    body = "\n".join([heading, *_reason_lines(result.reasons, result.missing, values)])
    body += "\n" + fill("no_diploma_needed", values)
    answers = _window_notice(result.window_closed, values, day, facts, Audience.CANDIDATE)
    answers.append(Answer(f"verdict_{voice}", body))
    if recruiter:
        answers.append(recruiter_summary(day, slots, result))
    else:
        answers.append(Answer("next_steps_candidate", fill("next_steps_candidate", values),
                              buttons_of("next_steps_candidate")))
    return answers


def fact_text(slots: SlotValues, name: str, values: dict[str, str] | None = None) -> str:
    """A fact's value as a visitor would write it: « demandeur d'emploi », « bac pro », a date."""
    facts = Facts.from_slots(slots)
    value = getattr(facts, name)
    if value is None:
        return fill("not_given", values or {})
    if name == "age":
        return format_quantity(value, "an", "ans")
    if name == "duration_months":
        return format_quantity(value, "mois")
    if name == "hires":
        return format_quantity(value, "recrutement", "recrutements")
    if name == "contract_start":
        return format_date(value)
    if name == "idcc":
        return f"IDCC {value}"
    if name == "sector" and len(value) > SECTOR_TEXT_MAX:
        # The sector may be a whole message that names it: say its first words.
        return f"«{NBSP}" + value[:SECTOR_TEXT_MAX].rsplit(" ", 1)[0] + f"…{NBSP}»"
    topic = f"value_{name}_{getattr(value, 'value', value)}"
    return fill(topic, {}) if topic in templates() else str(value)


def start_in_the_past(day: dt.date, start: dt.date) -> Answer:
    """Why a start date is refused: it is before ``day``."""
    values = {**response_values(day), "start_date": format_date(start)}
    return Answer("contract_start_in_the_past", fill("contract_start_in_the_past", values))


def recruiter_summary(day: dt.date, slots: SlotValues, result: CandidateEligibility) -> Answer:
    """The qualification summary a recruiter hands to the porteur de projet."""
    values = response_values(day)
    texts = {
        "age_text": fact_text(slots, "age", values),
        "situation_text": fact_text(slots, "situation", values),
        "diploma_text": fact_text(slots, "diploma_level", values),
        "certification_text": fact_text(slots, "certification_type", values),
        "start_text": fact_text(slots, "contract_start", values),
        "verdict_text": fill(f"verdict_word_{result.verdict.value}",
                             {**values, "phase": Phase.CLOSED.value} if result.window_closed else values),
    }
    return Answer("recruiter_summary", fill("recruiter_summary", {**values, **texts}),
                  buttons_of("recruiter_summary"))


def qualification(day: dt.date, slots: SlotValues) -> dict[str, Any]:
    """Structured qualification of a candidate, ready to attach to a lead."""
    result = candidate_result(day, slots)
    return {
        "verdict": result.verdict.value,
        "reasons": [
            {"code": r.code, "verdict": r.verdict.value, "source": r.reference.title if r.reference else None}
            for r in result.reasons
        ],
        "missing": list(result.missing),
        "facts": {name: slots.get(name) for name in
                  ("age", "situation", "diploma_level", "certification_type", "contract_start")},
        "checked_on": day.isoformat(),
    }


def opco_answer(slots: SlotValues) -> Answer:
    """The likely OPCO from an IDCC or a sector description."""
    facts = Facts.from_slots(slots)
    idcc, sector = facts.idcc, facts.sector
    guess = likely_opco(sector_text=None if idcc else sector, idcc=idcc)
    names = opcos()
    if guess.opco and guess.confidence == "idcc":
        text = fill("opco_by_idcc", {"opco": names[guess.opco].name, "idcc": str(idcc)})
    elif guess.opco and len(guess.candidates) > 1:
        listed = ", ".join(names[code].name for code in guess.candidates)
        text = fill("opco_split", {"candidates": listed})
    elif guess.opco:
        text = fill("opco_by_sector", {"opco": names[guess.opco].name})
    else:
        text = fill("opco_unknown", {})
    return Answer("opco", text)


def salary_answer(day: dt.date, slots: SlotValues, values: dict[str, str] | None = None) -> Answer | None:
    """The minimum salary for the employee's age, and diploma where it counts; None when the rules
    cannot give one (age not known, or the diploma when it would change the rate).

    ``values``: the day's ``response_values``, when the caller already has them.
    """
    facts = Facts.from_slots(slots)
    age = facts.age
    min_age = default_parameters().value_or_first("eligibility.min_age", day)
    values = values or response_values(day)
    if age is not None and age < min_age:
        return Answer("salary_under_min_age", fill("salary_under_min_age", {
            **values, "age_text": format_quantity(age, "an", "ans")}), buttons_of("salary_under_min_age"))
    if age is None or questions(Check.SALARY, day, facts).needed:
        return None
    try:
        low = minimum_salary(day, age=age, bac_pro_or_above=False)
    except ParameterError:  # no SMIC or pay rule dated on or before that day
        return Answer("salary_not_on_day", fill("salary_not_on_day", values))
    level = facts.diploma_level
    high = minimum_salary(day, age=age, bac_pro_or_above=True)
    any_diploma = low.share == high.share
    if not any_diploma and (level is None or level.bac_pro_or_above is None):  # « je ne sais pas », a general bac
        text = fill("salary_bac_general" if level else "salary_two_levels", {
            "age_text": format_quantity(age, "an", "ans"),
            "share_low": _percent(low.share), "monthly_low": format_euros(low.monthly_gross_eur),
            "share_high": _percent(high.share), "monthly_high": format_euros(high.monthly_gross_eur),
        })
        return Answer("salary", text + "\n" + _smic_caveat(low))
    # In the oldest band, or where both levels share a rate, the diploma changes nothing.
    result = minimum_salary(day, age=age, bac_pro_or_above=bool(level and level.bac_pro_or_above))
    branch_note = ""
    if result.note_branch_minimum and result.branch_minimum_share:
        branch_note = fill("salary_branch_note", {"branch_share": _percent(result.branch_minimum_share)})
    text = fill("salary_minimum", {
        **values,
        "age_text": format_quantity(age, "an", "ans"),
        "diploma_text": fill("salary_any_diploma", {}) if any_diploma else (
            "bac pro ou plus" if level and level.bac_pro_or_above else "niveau inférieur au bac pro"),
        "share": _percent(result.share),
        "monthly": format_euros(result.monthly_gross_eur),
        "smic": format_euros(result.smic_monthly),
        "smic_date": format_date(_smic_since(day)),
        "branch_note": branch_note,
        "source": result.reference.title,
        "smic_source": result.smic_reference.title,
    })
    return Answer("salary", text + "\n" + _smic_caveat(result))


def salary_unavailable(day: dt.date) -> Answer:
    """What is needed before a salary can be computed."""
    return Answer("salary_unavailable", fill("salary_unavailable", response_values(day)),
                  buttons_of("salary_unavailable"))


def _smic_since(day: dt.date) -> dt.date:
    values = default_parameters().get("salary.smic_monthly_gross").values
    return max(start for start, _ in values if start <= day)


def _smic_caveat(result: Any) -> str:
    checked = result.smic_checked_on
    return fill("salary_smic_caveat", {"smic_checked_on": format_date(checked)}) if checked else ""


def _percent(share: float) -> str:
    return format_percent(share)


def aids_answer(day: dt.date, slots: SlotValues) -> Answer:
    """The hiring aids for a contract signed on the planned start date (today when unknown)."""
    facts = Facts.from_slots(slots)
    contract_date = facts.contract_start or day
    aids = hiring_aids(
        day,
        contract_date=contract_date,
        candidate_age=facts.age,
        jobseeker=facts.jobseeker,
        on_staff=bool(facts.on_cdi),
    )
    lines = [fill("aids_intro", {"contract_date": format_date(contract_date)})]
    lines += [_aid_line(aid, contract_date) for aid in aids]
    return Answer("hiring_aids", "\n".join(lines))


def _aid_line(aid: Aid, on: dt.date) -> str:
    state = {True: "applies", False: "does_not_apply", None: "to_check"}[aid.applies]
    if aid.code == "exceptional_aid":
        if aid.reason_code == "aid_not_in_force":
            return fill("aid_exceptional_aid_not_in_force", {"end_date": format_date(_aid_end("aids.exceptional_aid_max"))})
        return fill(f"aid_exceptional_aid_{state}", {"amount": format_euros(aid.amount_eur or 0)})
    parameters = default_parameters()
    label_topic, age_parameter = JOBSEEKER_AID_LABELS[aid.code]
    min_age = parameters.value_or_first(age_parameter, on)  # the value in force on that day
    label = fill(label_topic, {"min_age": format_quantity(int(min_age), "an", "ans")})
    if aid.reason_code == "already_on_staff":
        return fill("aid_jobseeker_already_on_staff", {"label": label})
    instalments = parameters.value_or_first("aids.france_travail_instalments", on)
    months = parameters.value_or_first("aids.state_jobseeker_45_plus_not_on_staff_months", on)
    detail = fill(f"aid_detail_{aid.code}", {
        "instalments": format_times(int(instalments)), "months": format_quantity(int(months), "mois"),
    })
    # The year no source was found for is that of the last check (« à vérifier en 2026 »).
    checked = parameters.get(f"aids.{aid.code}").last_value_still_valid_on or on
    return fill(f"aid_jobseeker_{state}", {
        "label": label, "amount": format_euros(aid.amount_eur or 0), "detail": detail,
        "checked_year": str(checked.year), "checked_on": format_date(checked),
    })


def _aid_end(name: str) -> dt.date:
    """The first day an aid's amount is null."""
    return next(start for start, value in default_parameters().get(name).values if value is None)


def employer_answers(day: dt.date, slots: SlotValues) -> list[Answer]:
    """Eligibility, likely OPCO, financing, minimum salary and aids for an employer: each part
    once its facts are known (the OPCO once the sector or the IDCC is)."""
    facts = Facts.from_slots(slots)
    values = response_values(day)
    eligibility = employer_eligibility(day, employer_type=facts.employer_type, sector=facts.sector)
    answers = _window_notice(eligibility.window_closed, values, day, facts, Audience.EMPLOYER)
    heading = _heading("verdict_employer", eligibility, values)
    answers.append(Answer("verdict_employer", "\n".join(
        [heading, *_reason_lines(eligibility.reasons, eligibility.missing, values)])))
    if facts.sector or facts.idcc:
        answers.append(opco_answer(slots))
    if facts.duration_months:
        answers.append(_financing_answer(day, facts.duration_months, facts.hires or 1, values))
    salary = salary_answer(day, slots, values)
    if salary and salary.topic == "salary":
        answers.append(salary)
    answers.append(aids_answer(day, slots))
    answers.append(Answer("next_steps_employer", fill("next_steps_employer", values),
                          buttons_of("next_steps_employer")))
    return answers


def _pedagogical_text(category: FinancingCategory, duration: str) -> str:
    """Both readings of the pedagogical cap (per beneficiary, per year) when they differ."""
    cap = format_euros(category.cap)
    if category.cap_if_per_year is None:
        return fill("pedagogical_one_reading", {"cap": cap})
    topic = "pedagogical_same_cap" if category.cap_if_per_year == category.cap else "pedagogical_two_readings"
    return fill(topic, {"cap": cap, "per_year": format_euros(category.cap_if_per_year), "duration": duration})


def _financing_answer(day: dt.date, months: int, hires: int, values: dict[str, str]) -> Answer:
    # Before the window opens, the estimate reads the caps of its first day.
    rules_day = check_window(day, default_parameters()).rules_day
    estimate = financing_estimate(rules_day, months, hires=hires)
    duration = format_quantity(months, "mois")
    lines = [fill("estimate_categories", values)] if estimate.categories else [
        fill("estimate_categories_pending", values)
    ]
    for category in estimate.categories:
        lines.append(fill(f"estimate_category_{category.code}", {
            "cap": format_euros(category.cap),
            "pedagogical_text": _pedagogical_text(category, duration),
        }))
    if estimate.categories:  # the last line of a list ends with a full stop
        lines[-1] = lines[-1].rstrip(f"{NBSP};") + ("" if lines[-1].endswith(".") else ".")
    text = fill("financing_estimate", {
        **values,
        "duration": duration,
        "total_cap": format_euros(estimate.total_cap),
        "annual_cap": format_euros(estimate.annual_cap),
        "total_all": format_euros(estimate.total_for_all_hires),
        "hires_text": format_quantity(hires, "recrutement", "recrutements"),
        "categories_text": "\n".join(lines),
        "tutoring_months": format_quantity(estimate.tutoring_max_months, "mois"),
        "source": estimate.reference.title,
    })
    return Answer("financing_estimate", text)
