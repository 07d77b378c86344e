"""The benchmark's own pieces: the bare project it compares against and the figures it prints."""

from __future__ import annotations

from pathlib import Path

import yaml

from scripts import bench_bare, bench_load


def test_bare_project_answers_every_intent_with_a_response_and_needs_no_action_server(tmp_path: Path) -> None:
    bench_bare.write_project(tmp_path)
    domain = yaml.safe_load((tmp_path / "domain.yml").read_text(encoding="utf-8"))
    real = yaml.safe_load((bench_bare.ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert not {"actions", "forms", "slots"} & set(domain)
    assert domain["intents"] == real["intents"] and domain["responses"] == real["responses"]
    rules = yaml.safe_load((tmp_path / "rules.yml").read_text(encoding="utf-8"))["rules"]
    answered = {rule["steps"][0]["intent"]: rule["steps"][1]["action"] for rule in rules}
    assert set(real["intents"]) | {"nlu_fallback"} == set(answered)
    assert set(answered.values()) <= set(real["responses"])
    assert answered["greet"] == "utter_greet" and answered["request_human"] == "utter_ask_lead_profile"
    stories = yaml.safe_load((tmp_path / "stories.yml").read_text(encoding="utf-8"))["stories"]
    assert all(len(story["steps"]) >= 10 for story in stories)  # TEDPolicy reads a history
    assert "action_endpoint" not in (tmp_path / "endpoints.yml").read_text(encoding="utf-8")


def test_bare_model_name_changes_with_the_pipeline(tmp_path: Path, monkeypatch) -> None:
    for name in bench_bare.INPUTS + ["pipeline"]:
        source = bench_bare.ROOT / name
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            target.mkdir()
            for path in source.glob("*"):
                if path.is_file():
                    (target / path.name).write_bytes(path.read_bytes())
        else:
            target.write_bytes(source.read_bytes())
    monkeypatch.setattr(bench_bare, "ROOT", tmp_path)
    before = bench_bare.inputs_hash()
    assert bench_bare.inputs_hash() == before
    config = tmp_path / "config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("max_history: 5", "max_history: 4"), encoding="utf-8")
    assert bench_bare.inputs_hash() != before
    changed = bench_bare.inputs_hash()
    (tmp_path / "pipeline" / "message_truncator.py").write_text("# another truncator\n", encoding="utf-8")
    assert bench_bare.inputs_hash() != changed  # a component named in config.yml
    changed = bench_bare.inputs_hash()
    (tmp_path / "pipeline" / "rasa_speedups.py").write_text("# serving only\n", encoding="utf-8")
    assert bench_bare.inputs_hash() == changed  # not a component: the model is the same


def test_conversations_are_realistic_and_submit_a_lead_with_a_unique_email() -> None:
    assert all(10 <= len(script) <= 20 for script in bench_load.CONVERSATIONS)
    for index, turn in bench_load.SUBMIT_TURNS.items():
        script = bench_load.CONVERSATIONS[index]
        assert any("{email}" in text for text in script[:turn - 1])  # the e-mail comes before the last answer
    assert bench_load.SUBMIT_TURNS, "at least one conversation leaves a lead"


def test_table_reports_ratios_against_the_bare_server() -> None:
    def level(users: int, throughput: float, p95: int) -> dict:
        return {"users": users, "throughput_msg_s": throughput, "p50_ms": 40, "p95_ms": p95, "p99_ms": 300,
                "p50_by_turns_ms": {"1-5": 30, "6-10": 45}, "errors": 0, "leads_submitted": 3,
                "leads_confirmed": 3, "leads_stored": 3}

    real = {"taken_at": "2026-11-26 13:00 UTC", "first_answer_s": 41.2, "levels": [level(10, 20.0, 150)],
            "rss_peak_mb": {"Rasa server": 1500}}
    bare = {"first_answer_s": 30.0, "levels": [level(10, 25.0, 100)], "rss_peak_mb": {"Rasa server": 1300}}
    fixed = {"first_answer_s": 20.0, "levels": [level(10, 40.0, 75)], "rss_peak_mb": {"Rasa server": 1200}}
    markdown = bench_load.table(real, bare, fixed)
    assert "| 10 | assistant ÷ bare | 0.80× | 1.00× | 1.50× |" in markdown
    assert "| 10 | assistant ÷ bare + fixes | 0.50× | 1.00× | 2.00× |" in markdown
    assert "bare + fixes Rasa server 1200 MB" in markdown and "bare + fixes 20.0 s" in markdown
    assert "| 10 | assistant | 20.0 | 40 | 150 | 300 | 30 / 45 / – / – | 0 | 3 / 3 / 3 |" in markdown
    assert "Rasa server 1500 MB" in markdown and "41.2 s" in markdown


def test_percentile_and_process_roles() -> None:
    assert bench_load.percentile([float(n) for n in range(1, 101)], 0.95) == 95.0
    assert bench_load.process_name(".venv/bin/python -m rasa run --model m.tar.gz") == "Rasa server"
    assert bench_load.process_name(".venv/bin/python -m rasa_sdk --actions actions") == "action server"
    assert bench_load.process_name("python -m bot.leads dispatch --interval 5") == "dispatcher"
    assert bench_load.process_name("curl http://x") is None
