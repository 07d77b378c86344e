"""The improvement loop on a real SQLite tracker store and real NLU files: what is exported for
labelling, and what is added to the training data (never a held-out message)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import insert

from bot.knowledge.__main__ import main
from bot.knowledge.nlu_files import examples
from bot.leads.db import make_engine
from bot.privacy.conversations import events, metadata

NOW = dt.datetime.now(dt.timezone.utc)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project with two intents, one training file and a held-out set."""
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "tests" / "heldout").mkdir(parents=True)
    (tmp_path / "domain.yml").write_text("intents: [ask_financing, ask_steps]\n", encoding="utf-8")
    (tmp_path / "data" / "nlu" / "financing.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: ask_financing\n  examples: |\n    - qui paie la formation ?\n',
        encoding="utf-8")
    (tmp_path / "tests" / "heldout" / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: ask_steps\n  examples: |\n    - ça se passe comment concrètement\n',
        encoding="utf-8")
    return tmp_path


@pytest.fixture
def tracker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "tracker.db"
    monkeypatch.setenv("TRACKER_DB", str(database))
    monkeypatch.delenv("TRACKER_DIALECT", raising=False)
    engine = make_engine(f"sqlite:///{database}")
    metadata.create_all(engine)
    rows = [
        ("nlu_fallback", "Ça se passe comment, concrètement ?", None, NOW),
        ("nlu_fallback", "ça se passe comment concrètement", None, NOW),  # the same, typed otherwise
        ("ask_financing", "c'est l'opco qui raque ?", 0.45, NOW),
        ("ask_financing", "qui finance ?", 0.95, NOW),  # understood: not exported
        ("ask_steps", "/ask_steps", 0.2, NOW),  # a button's payload
        ("nlu_fallback", "rappelez-moi au 06 12 34 56 78", None, NOW),
        ("nlu_fallback", "un vieux message", None, NOW - dt.timedelta(days=60)),
    ]
    with engine.begin() as connection:
        for intent, text, confidence, at in rows:
            parse_data = {"text": text, "intent": {"name": intent, "confidence": confidence or 0.3},
                          "intent_ranking": [{"name": intent, "confidence": confidence or 0.3},
                                             {"name": "ask_steps", "confidence": 0.1}]}
            connection.execute(insert(events).values(
                sender_id="visitor", type_name="user", timestamp=at.timestamp(), intent_name=intent,
                data=json.dumps({"event": "user", "text": text, "parse_data": parse_data})))
    engine.dispose()


def run(*argv: str, root: Path) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out, root=root), out.getvalue()


def test_review_then_add(root: Path, tracker: None, tmp_path: Path) -> None:
    exported = tmp_path / "review.yml"
    code, said = run("review", "--out", str(exported), root=root)
    assert (code, said.strip()) == (0, f"3 message(s) to label in {exported}")
    content = exported.read_text(encoding="utf-8")
    assert content.startswith("# Messages the assistant did not understand")
    messages = yaml.safe_load(content)["messages"]
    assert [(item["text"], item["seen"]) for item in messages] == [
        ("Ça se passe comment, concrètement ?", 2), ("c'est l'opco qui raque ?", 1),
        ("rappelez-moi au [téléphone]", 1)]
    assert messages[1]["guesses"] == ["ask_financing 0.45", "ask_steps 0.10"]
    assert "06 12" not in content and "visitor" not in content

    messages[0]["intent"] = "ask_steps"  # a held-out message: refused
    messages[1]["intent"] = "ask_financing"
    exported.write_text(yaml.safe_dump({"messages": messages + [
        {"text": "Qui paie la formation", "intent": "ask_financing"},  # already trained
        {"text": "combien de temps ?", "intent": "ask_duration"}]}, allow_unicode=True), encoding="utf-8")
    code, said = run("add", str(exported), root=root)
    assert code == 1  # an unknown intent is reported
    assert said.splitlines() == [
        "1 added to data/nlu/review.yml, 1 refused (held-out set), 1 already trained, 1 without a label",
        "unknown intents (not in domain.yml): ask_duration"]
    assert examples(root / "data" / "nlu" / "review.yml") == [("ask_financing", "c'est l'opco qui raque ?")]

    code, said = run("add", str(exported), root=root)  # twice: nothing more
    assert said.startswith("0 added") and examples(root / "data" / "nlu" / "review.yml") == [
        ("ask_financing", "c'est l'opco qui raque ?")]


def test_review_of_a_store_rasa_has_not_created_yet(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "none" / "tracker.db"))
    monkeypatch.delenv("TRACKER_DIALECT", raising=False)
    code, said = run("review", "--out", str(tmp_path / "out.yml"), root=root)
    assert (code, said.split(" in ")[0]) == (0, "0 message(s) to label")
