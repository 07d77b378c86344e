"""Scripted visitors (``tests/personas/personas.yml``) against the real servers: turns to the
first verdict, and whether that verdict is the one the rules give on the persona's true facts.

One Rasa server (HTTP API on, behind a token) serves every persona; the action server is started
once per ``today`` of the personas, with ``VAE_TODAY`` set. Each persona sends its opening, then
answers each fact the tracker's ``requested_slot`` asks for, until one of ``VERDICT_ACTIONS`` runs
(a verdict), the assistant asks nothing and gives no verdict or asks a fact the persona has no
answer for (stuck), or ``MAX_TURNS`` messages were sent (cap).

The verdict is right when the rules, called directly, give the same outcome on the slots the
tracker held at verdict time as on the persona's true facts (:func:`rules_outcome`).

    scripts/personas.py [--json PATH] [--before PATH] [--only ID ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.answers.checks import candidate_result  # noqa: E402
from bot.parsing.profile import DiplomaLevel  # noqa: E402
from bot.rules.employer import employer_eligibility  # noqa: E402
from bot.rules.experiment import experiment_status  # noqa: E402
from bot.rules.opco import likely_opco  # noqa: E402
from bot.rules.salary import minimum_salary  # noqa: E402
from tests import servers  # noqa: E402

PERSONAS = ROOT / "tests" / "personas" / "personas.yml"
MAX_TURNS = 12
UNKNOWN = "unknown"

# Actions that give a check's answer: the first one run ends a persona's conversation.
VERDICT_ACTIONS = frozenset({
    "action_give_candidate_verdict",
    "action_give_recruiter_summary",
    "action_give_employer_estimate",
    "action_give_opco",
    "action_give_minimum_salary",
    "action_update_facts",
})
# The action that answers each check; an action absent from this table (action_update_facts, a
# what-if after a check) answers whichever check the conversation is in.
CHECK_ACTIONS = {
    "candidate": "action_give_candidate_verdict",
    "recruiter": "action_give_recruiter_summary",
    "employer": "action_give_employer_estimate",
    "opco": "action_give_opco",
    "salary": "action_give_minimum_salary",
}
ROLES = ("candidate", "employer", "recruiter")
# The facts each check may ask (the forms' required slots, in any order).
CHECK_FACTS = {
    "candidate": ("age", "situation", "diploma_level", "certification_type", "contract_start"),
    "recruiter": ("age", "situation", "diploma_level", "certification_type", "contract_start"),
    "employer": ("employer_type", "sector", "hires", "duration_months", "age", "diploma_level"),
    "salary": ("age", "diploma_level"),
    "opco": ("sector",),
}
FACT_SLOTS = ("age", "situation", "diploma_level", "certification_type", "contract_start",
              "employer_type", "sector", "idcc", "hires", "duration_months")


@dataclass(frozen=True)
class Persona:
    """One scripted visitor (see the header of ``personas.yml``)."""

    id: str
    role: str
    today: dt.date
    check: str
    opening: str
    answers: dict[str, str]
    facts: dict[str, Any]

    @property
    def window(self) -> str:
        """``open`` or ``closed`` (or ``before``) on the persona's day."""
        return experiment_status(self.today).phase.value


def load_personas(path: Path = PERSONAS) -> list[Persona]:
    """The personas of ``path``, in file order."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["personas"]
    return [
        Persona(row["id"], row["role"], dt.date.fromisoformat(str(row["today"])), row["check"],
                " ".join(row["opening"].split()), dict(row["answers"]), dict(row["facts"]))
        for row in rows
    ]


# --- The rules, called directly -----------------------------------------------------------------

def _known(facts: Mapping[str, Any], name: str) -> Any:
    value = facts.get(name)
    return None if value in (None, "", UNKNOWN) else value


def salary_outcome(day: dt.date, facts: Mapping[str, Any]) -> Any:
    """The minimum monthly gross pay for the facts: one amount, or [low, high] when the diploma
    is not known (or a general bac) and changes the rate; None below the minimum age;
    ``"missing"`` without an age."""
    age = _known(facts, "age")
    if age is None:
        return "missing"
    level = _known(facts, "diploma_level")
    bac_pro = DiplomaLevel(level).bac_pro_or_above if level else None
    try:
        low = minimum_salary(day, age=int(age), bac_pro_or_above=False).monthly_gross_eur
        high = minimum_salary(day, age=int(age), bac_pro_or_above=True).monthly_gross_eur
    except ValueError:  # below eligibility.min_age: no minimum pay
        return None
    if bac_pro is None:
        return low if low == high else [low, high]
    return high if bac_pro else low


def rules_outcome(check: str, day: dt.date, facts: Mapping[str, Any]) -> Any:
    """What the rules answer for ``check`` on ``day`` from ``facts`` (slot values): a verdict's
    value, a minimum pay (:func:`salary_outcome`) or an OPCO's code."""
    if check in ("candidate", "recruiter"):
        return candidate_result(day, facts).verdict.value
    if check == "employer":
        return employer_eligibility(day, employer_type=_known(facts, "employer_type"),
                                    sector=_known(facts, "sector")).verdict.value
    if check == "salary":
        return salary_outcome(day, facts)
    if check == "opco":
        idcc = _known(facts, "idcc")
        return likely_opco(sector_text=_known(facts, "sector"), idcc=int(idcc) if idcc else None).opco
    raise ValueError(f"unknown check {check!r}")


def verdict_is_right(check: str, day: dt.date, true_facts: Mapping[str, Any], slots: Mapping[str, Any],
                     action: str | None = None) -> bool:
    """True when the bot answered ``check`` (``action``, when given, is that check's or
    ``action_update_facts``) and the rules give the same outcome on its slots as on the true facts."""
    if action is not None and action in CHECK_ACTIONS.values() and action != CHECK_ACTIONS[check]:
        return False
    return rules_outcome(check, day, slots) == rules_outcome(check, day, true_facts)


# --- Talking to the servers ---------------------------------------------------------------------

@dataclass
class Turn:
    """One message sent, what came back, and the tracker after it."""

    user: str
    bot: list[str]
    requested_slot: str | None
    actions: list[str]


@dataclass
class Result:
    """One persona's conversation. ``status``: verdict, stuck or cap; ``turns``: messages sent up
    to the verdict (None without one)."""

    id: str
    role: str
    check: str
    window: str
    status: str
    turns: int | None
    right: bool
    action: str | None = None
    expected: Any = None
    given: Any = None
    note: str = ""
    slots: dict[str, Any] = field(default_factory=dict)
    transcript: list[Turn] = field(default_factory=list)


class Chat:
    """One conversation over the REST channel, with the tracker read through the HTTP API."""

    def __init__(self, rasa_url: str, token: str) -> None:
        self.rasa_url, self.token = rasa_url, token
        self.sender = f"persona-{uuid.uuid4().hex}"

    def say(self, text: str) -> list[str]:
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook",
                                 json={"sender": self.sender, "message": text}, timeout=120)
        response.raise_for_status()
        return [message.get("text", "") for message in response.json() if message.get("text")]

    def tracker(self) -> dict[str, Any]:
        response = requests.get(f"{self.rasa_url}/conversations/{self.sender}/tracker",
                                params={"token": self.token}, timeout=60)
        response.raise_for_status()
        return response.json()


def turn_actions(tracker: Mapping[str, Any]) -> list[str]:
    """The actions run since the latest user message."""
    events = tracker.get("events") or []
    last_user = max((i for i, event in enumerate(events) if event.get("event") == "user"), default=-1)
    return [event["name"] for event in events[last_user + 1:]
            if event.get("event") == "action" and event.get("name") != "action_listen"]


def run_persona(persona: Persona, rasa_url: str, token: str) -> Result:
    """Hold the persona's conversation up to the first verdict, a dead end or the cap."""
    chat = Chat(rasa_url, token)
    transcript: list[Turn] = []
    asked_again: list[str] = []
    message = persona.opening
    for number in range(1, MAX_TURNS + 1):
        replies = chat.say(message)
        tracker = chat.tracker()
        slots = tracker.get("slots") or {}
        requested = slots.get("requested_slot")
        transcript.append(Turn(message, replies, requested, turn_actions(tracker)))
        verdicts = [name for name in transcript[-1].actions if name in VERDICT_ACTIONS]
        if verdicts:
            return _judged(persona, number, verdicts[0], slots, transcript, asked_again)
        if not requested:
            return _unfinished(persona, "stuck", "no question and no verdict", transcript, asked_again)
        if requested not in persona.answers:
            return _unfinished(persona, "stuck", f"asked {requested}: no answer scripted", transcript, asked_again)
        if len(transcript) >= 2 and transcript[-2].requested_slot == requested:
            asked_again.append(requested)
        message = persona.answers[requested]
    return _unfinished(persona, "cap", f"no verdict in {MAX_TURNS} messages", transcript, asked_again)


def _again(asked_again: list[str]) -> str:
    return f"asked again: {', '.join(asked_again)}" if asked_again else ""


def _unfinished(persona: Persona, status: str, note: str, transcript: list[Turn], asked_again: list[str]) -> Result:
    return Result(persona.id, persona.role, persona.check, persona.window, status, None, False,
                  expected=rules_outcome(persona.check, persona.today, persona.facts),
                  note="; ".join(filter(None, [note, _again(asked_again)])), transcript=transcript)


def _judged(persona: Persona, turns: int, action: str, slots: Mapping[str, Any], transcript: list[Turn],
            asked_again: list[str]) -> Result:
    other_check = action in CHECK_ACTIONS.values() and action != CHECK_ACTIONS[persona.check]
    return Result(
        persona.id, persona.role, persona.check, persona.window, "verdict", turns,
        right=verdict_is_right(persona.check, persona.today, persona.facts, slots, action),
        action=action,
        expected=rules_outcome(persona.check, persona.today, persona.facts),
        given=rules_outcome(persona.check, persona.today, slots),
        note="; ".join(filter(None, [f"answered with {action}" if other_check else "", _again(asked_again)])),
        slots={name: slots.get(name) for name in FACT_SLOTS if slots.get(name) is not None},
        transcript=transcript,
    )


def run_all(personas: list[Persona], log: Any = sys.stderr) -> list[Result]:
    """Every persona, one Rasa server for all, one action server per distinct ``today``."""
    token = secrets.token_hex(24)  # never starts with « - », which argparse would read as an option
    results: dict[str, Result] = {}
    with tempfile.TemporaryDirectory(prefix="personas-") as folder:
        workdir = Path(folder)
        action_port, rasa_port = servers.free_port(), servers.free_port()
        started = time.monotonic()
        with servers.rasa_server(rasa_port, action_port, workdir,
                                 extra_args=["--enable-api", "--auth-token", token]) as rasa_url:
            print(f"Rasa server up in {time.monotonic() - started:.0f} s", file=log)
            for day in sorted({persona.today for persona in personas}):
                env = {"VAE_TODAY": day.isoformat()}
                with servers.action_server(action_port, workdir, extra_env=env, log_name=f"actions-{day}.log"):
                    for persona in (p for p in personas if p.today == day):
                        results[persona.id] = run_persona(persona, rasa_url, token)
                        print(f"  {persona.id}: {results[persona.id].status}", file=log)
    return [results[persona.id] for persona in personas]


# --- Figures ------------------------------------------------------------------------------------

def summary(results: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Median and mean turns over the personas that reached a verdict; right, stuck and cap counts."""
    rows = list(results)
    turns = [row["turns"] for row in rows if row["turns"] is not None]
    return {
        "personas": len(rows),
        "verdicts": len(turns),
        "median_turns": float(statistics.median(turns)) if turns else None,
        "mean_turns": round(float(statistics.mean(turns)), 2) if turns else None,
        "right": sum(1 for row in rows if row["right"]),
        "stuck": sum(1 for row in rows if row["status"] == "stuck"),
        "cap": sum(1 for row in rows if row["status"] == "cap"),
    }


def _turns(row: Mapping[str, Any] | None) -> str:
    if row is None:
        return "–"
    return str(row["turns"]) if row["turns"] is not None else row["status"]


def _right(row: Mapping[str, Any] | None) -> str:
    return "–" if row is None else ("yes" if row["right"] else "NO")


def table(rows: list[Mapping[str, Any]], before: list[Mapping[str, Any]] | None = None) -> str:
    """A Markdown table: one line per persona, with the earlier run's columns when given."""
    if before is None:
        head = ["persona", "check", "window", "turns", "verdict right?", "note"]
        cells = [[r["id"], r["check"], r["window"], _turns(r), _right(r), r["note"]] for r in rows]
    else:
        earlier = {row["id"]: row for row in before}
        head = ["persona", "check", "window", "turns before", "turns after", "right before", "right after",
                "note (after)"]
        cells = [[r["id"], r["check"], r["window"], _turns(earlier.get(r["id"])), _turns(r),
                  _right(earlier.get(r["id"])), _right(r), r["note"]] for r in rows]
    lines = [head, ["---"] * len(head), *cells]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def summary_text(now: Mapping[str, Any], before: Mapping[str, Any] | None = None) -> str:
    """The summary lines; with ``before``, both runs side by side and the ratio of medians."""
    def figures(data: Mapping[str, Any]) -> dict[str, str]:
        return {
            "median turns to the first verdict": str(data["median_turns"]),
            "mean turns to the first verdict": str(data["mean_turns"]),
            "verdicts right": f"{data['right']}/{data['personas']}",
            "reached a verdict": f"{data['verdicts']}/{data['personas']}",
            "stuck": str(data["stuck"]),
            f"no verdict in {MAX_TURNS} messages": str(data["cap"]),
        }

    now_figures = figures(now)
    if before is None:
        return "\n".join(f"{label}: {value}" for label, value in now_figures.items())
    before_figures = figures(before)
    lines = [f"{label}: {before_figures[label]} before, {value} after" for label, value in now_figures.items()]
    if now["median_turns"] and before["median_turns"]:
        lines.append(f"median after ÷ before: {now['median_turns'] / before['median_turns']:.2f}")
    return "\n".join(lines)


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personas", type=Path, default=PERSONAS)
    parser.add_argument("--model", type=Path, default=servers.MODEL)
    parser.add_argument("--json", type=Path, help="write the results there")
    parser.add_argument("--before", type=Path, help="an earlier --json, shown side by side")
    parser.add_argument("--only", nargs="*", help="persona ids to run")
    args = parser.parse_args(argv)
    servers.MODEL = args.model.resolve()
    personas = [p for p in load_personas(args.personas) if not args.only or p.id in args.only]
    started = time.monotonic()
    results = [asdict(result) for result in run_all(personas)]
    seconds = round(time.monotonic() - started, 1)
    report = {
        "commit": git("rev-parse", "--short", "HEAD"),
        "changed_files": git("diff", "--name-only", "HEAD").split(),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "model": str(args.model),
        "seconds": seconds,
        "summary": summary(results),
        "results": results,
    }
    before = json.loads(args.before.read_text(encoding="utf-8")) if args.before else None
    this_run = f"{report['commit']}{' + uncommitted changes' if report['changed_files'] else ''}"
    title = f"Personas: turns to the first verdict ({this_run}"
    title += f"; before: {before['commit']} on {before['date'][:10]})" if before else ")"
    print(f"\n## {title}\n")
    # The earlier run's figures over the same personas as this run (--only, personas added since).
    earlier = [row for row in before["results"] if row["id"] in {p.id for p in personas}] if before else None
    print(table(results, earlier))
    print()
    print(summary_text(report["summary"], summary(earlier) if earlier is not None else None))
    print(f"\n{len(personas)} personas in {seconds:.0f} s (servers' start included)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
