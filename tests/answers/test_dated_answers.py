"""Every dated answer, rendered on the day before and the day of each change in the parameters.

The table (dated_answers.yml) checks figures and tense; below it, every answer on every one of
those days is checked for what must never be said once the window is closed, or before it opens.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import pytest
import yaml

from bot.answers import checks, render, status_topic
from bot.formatting import NBSP
from bot.rules.experiment import Phase, experiment_status

TABLE = yaml.safe_load(Path(__file__).with_name("dated_answers.yml").read_text(encoding="utf-8"))
CANDIDATE = {"age": 30, "situation": "employee_cdi", "certification_type": "titre_pro"}
YOUNG = {"age": 22, "diploma_level": "cap_bep"}
JOBSEEKER = {"age": 27, "situation": "jobseeker"}
EMPLOYER = {"employer_type": "private_company", "sector": "métallurgie", "duration_months": 12}


def _joined(answers: list[checks.Answer]) -> str:
    return "\n".join(answer.text for answer in answers)


RENDERERS: dict[str, Callable[[dt.date], str]] = {
    "status": lambda day: render(status_topic(experiment_status(day)), day).text,
    "eligibility": lambda day: render("eligibility", day).text,
    "candidate": lambda day: _joined(checks.candidate_answers(day, CANDIDATE)),
    "financing": lambda day: render("financing", day).text + "\n" + _joined(checks.employer_answers(day, EMPLOYER)),
    "estimate": lambda day: _joined(checks.employer_answers(day, EMPLOYER)),
    "salary": lambda day: _joined(checks.with_short_window_notice(day, [checks.salary_answer(day, YOUNG)], YOUNG)),
    "aids": lambda day: _joined(checks.with_short_window_notice(day, [checks.aids_answer(day, JOBSEEKER)], JOBSEEKER)),
    "classic_vae": lambda day: render("difference_classic_vae", day).text,
    "definition": lambda day: render("definition", day).text,
    "porteur": lambda day: render("role_porteur_de_projet", day).text + "\n" + render("step_positionnement", day).text,
    "renewal": lambda day: render("step_evaluation", day).text,
    "advantages_candidate": lambda day: render("advantages_candidate", day).text,
    "advantages_employer": lambda day: render("advantages_employer", day).text,
    "framework": lambda day: render("legal_framework", day).text,
}
DAYS = sorted({row["day"] for row in TABLE})


def _plain(text: str) -> str:
    return text.replace(NBSP, " ")


@pytest.mark.parametrize("row", TABLE, ids=[f"{row['day']}-{row['answer']}" for row in TABLE])
def test_the_answer_on_that_day(row: dict) -> None:
    text = _plain(RENDERERS[row["answer"]](row["day"]))
    for expected in row.get("says", []):
        assert expected in text, f"{row['day']} {row['answer']}: « {expected} » missing from:\n{text}"
    for unexpected in row.get("never", []):
        assert unexpected not in text, f"{row['day']} {row['answer']}: « {unexpected} » in:\n{text}"


# What an answer must not say on a day of that phase, whatever the topic.
WRONG_TENSE = {
    Phase.BEFORE: ["s'est terminée", "il reste", "Ce qui reste possible", "a été une expérimentation"],
    Phase.OPEN: ["s'est terminée", "Ce qui reste possible", "a été une expérimentation", "pourront être conclus"],
    Phase.CLOSED: [
        "il reste", "peuvent être conclus", "Il dépose le projet", "est une expérimentation, ouverte",
        "pourront être conclus", "le contrat peut être renouvelé, dans le cadre",
    ],
}


@pytest.mark.parametrize("answer", sorted(RENDERERS))
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_no_answer_speaks_in_the_wrong_tense(answer: str, day: dt.date) -> None:
    text = _plain(RENDERERS[answer](day))
    for phrase in WRONG_TENSE[experiment_status(day).phase]:
        assert phrase not in text, f"{answer} on {day}: « {phrase} »"
    assert "{" not in text and "}" not in text


def test_an_operator_extension_reopens_the_answers_without_retraining(tmp_path: Path) -> None:
    """An edited window_end (a new law, say) turns the « closed » answers back to the present."""
    import shutil

    from bot.rules.parameters import PARAMETERS_DIR
    from tests.rules.operator_edits import extend_window

    copy = Path(shutil.copytree(PARAMETERS_DIR, tmp_path / "parameters"))
    parameters = extend_window(copy, "2026-12-01", "2027-12-31")
    day = dt.date(2026, 12, 1)
    status = experiment_status(day, parameters)
    assert status.phase is Phase.OPEN
    text = _plain(render(status_topic(status), day, parameters).text)
    assert text.startswith("Oui") and "31 décembre 2027" in text and "Texte de prolongation" in text
    definition = _plain(render("definition", day, parameters).text)
    assert "est une expérimentation, ouverte aux contrats conclus du 28 mai 2023 au 31 décembre 2027" in definition
    assert "Ce qui reste possible" not in definition
