"""Build (and cache) the « bare » Rasa model the benchmark compares against.

The bare project keeps the real config.yml (same NLU pipeline and policies), the same NLU data
and the same ``utter_*`` responses, but has no custom action, form or slot: rules map every
intent to one response. Its model is trained once per hash of those inputs.

Usage: python scripts/bench_bare.py [--dir var/bench/bare]   (prints the model's path)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# Intents without an ``utter_<intent>`` response: the response a scripted visitor would first
# read (a form's first question for the checks, the lead form's first question for a contact).
RESPONSE_FOR_INTENT = {
    "bot_challenge": "utter_iamabot",
    "ask_capabilities": "utter_capabilities",
    "request_human": "utter_ask_lead_profile",
    "ask_eligibility": "utter_ask_age",
    "check_candidate_eligibility": "utter_ask_age",
    "qualify_candidate": "utter_ask_recruiter_qualification_form_age",
    "check_employer_funding": "utter_ask_employer_type",
    "ask_opco": "utter_ask_sector",
    "ask_salary": "utter_ask_salary_form_age",
    "stop": "utter_form_stopped",
    "erase_data": "utter_data_erased",
}
FALLBACK_RESPONSE = "utter_fallback_contact"
INPUTS = ["config.yml", "domain.yml", "scripts/bench_bare.py", "data/nlu"]


def component_files(config: Path) -> list[Path]:
    """Our own components named in config.yml (``pipeline.x.Class`` -> pipeline/x.py)."""
    steps = yaml.safe_load(config.read_text(encoding="utf-8")).get("pipeline") or []
    modules = {step["name"].rsplit(".", 1)[0] for step in steps if "." in step.get("name", "")}
    return [ROOT / (module.replace(".", "/") + ".py") for module in sorted(modules)]


def input_files() -> list[Path]:
    """Every file whose content changes the bare model, in a stable order."""
    files: list[Path] = []
    for name in INPUTS:
        path = ROOT / name
        files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix == ".yml")
                     if path.is_dir() else [path])
    return files + [path for path in component_files(ROOT / "config.yml") if path.exists()]


def inputs_hash() -> str:
    digest = hashlib.sha256()
    for path in input_files():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def response_for(intent: str, responses: set[str]) -> str:
    if f"utter_{intent}" in responses:
        return f"utter_{intent}"
    chosen = RESPONSE_FOR_INTENT.get(intent, FALLBACK_RESPONSE)
    return chosen if chosen in responses else FALLBACK_RESPONSE


def bare_domain(domain: dict) -> dict:
    """Intents, entities and responses of the real domain; nothing that needs the action server."""
    return {
        "version": domain.get("version", "3.1"),
        "intents": domain["intents"],
        "entities": domain.get("entities", []),
        "responses": domain["responses"],
        "session_config": domain.get("session_config", {}),
    }


def bare_rules(intents: list[str], responses: set[str]) -> dict:
    rules = [
        {"rule": f"answer {intent}", "steps": [{"intent": intent}, {"action": response_for(intent, responses)}]}
        for intent in intents
    ]
    rules.append({"rule": "low NLU confidence",
                  "steps": [{"intent": "nlu_fallback"}, {"action": "utter_ask_which_topic"}]})
    return {"version": "3.1", "rules": rules}


def bare_stories(intents: list[str], responses: set[str]) -> dict:
    """Multi-turn stories so that TEDPolicy trains and predicts over a history, as in the real bot."""
    rng = random.Random(42)
    stories = []
    for index in range(40):
        steps = []
        for intent in rng.sample(intents, 6):
            steps += [{"intent": intent}, {"action": response_for(intent, responses)}]
        stories.append({"story": f"chain {index}", "steps": steps})
    return {"version": "3.1", "stories": stories}


def write_project(directory: Path) -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    intents = [name if isinstance(name, str) else next(iter(name)) for name in domain["intents"]]
    responses = set(domain["responses"])
    directory.mkdir(parents=True, exist_ok=True)
    dump = lambda name, data: (directory / name).write_text(  # noqa: E731
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    dump("domain.yml", bare_domain(domain))
    dump("rules.yml", bare_rules(intents, responses))
    dump("stories.yml", bare_stories(intents, responses))
    (directory / "endpoints.yml").write_text(
        "# Same tracker store as the real assistant; no action server.\n"
        "tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: ${TRACKER_DB}\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default=str(ROOT / "var" / "bench" / "bare"))
    args = parser.parse_args()
    directory = Path(args.dir).resolve()
    name = f"bare-{inputs_hash()}"
    model = directory / "models" / f"{name}.tar.gz"
    if model.exists():
        print(model)
        return 0
    write_project(directory)
    print(f"Training the bare model {name} (about 4 min, cached afterwards)…", file=sys.stderr)
    log = directory / "train.log"
    with log.open("w") as out:
        done = subprocess.run(
            [sys.executable, "-m", "rasa", "train", "--fixed-model-name", name, "--out", str(directory / "models"),
             "--config", "config.yml", "--domain", str(directory / "domain.yml"),
             "--data", "data/nlu", str(directory / "rules.yml"), str(directory / "stories.yml")],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=os.environ.copy())
    if done.returncode != 0 or not model.exists():
        print(f"Training the bare model failed; end of {log}:", file=sys.stderr)
        print("\n".join(log.read_text(errors="replace").splitlines()[-20:]), file=sys.stderr)
        return 1
    print(model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
