"""« Je veux parler à quelqu'un »: queued when the team answers live now, else the contact form;
at the end of the wait, the form if nobody took the conversation. On a real SQLite leads
database, migrated, and an hours file the test writes."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.leads import lead_values
from actions.live import ActionLiveWaitOver, ActionRequestHuman
from bot.formatting import typography_errors
from bot.leads import service
from bot.leads.db import migrate
from bot.live import queue

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WAIT_S = 240
FORM = FollowupAction("action_start_lead")
LISTEN = FollowupAction("action_listen")


def hours_text(open_: bool) -> str:
    """Open all day every day, or never."""
    slot = '[["00:00", "23:59"]]' if open_ else "[]"
    week = "\n".join(f"  {day}: {slot}" for day in DAYS)
    return (f"valid_from: 2026-01-01\ntimezone: Europe/Paris\nwait_seconds: {WAIT_S}\npublic_holidays: none\n"
            f"closed_days: []\nweek:\n{week}\n")


@pytest.fixture()
def hours_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "hours.yaml"
    path.write_text(hours_text(True), encoding="utf-8")
    monkeypatch.setenv("LIVE_HOURS_FILE", str(path))
    monkeypatch.setenv("LIVE_API_TOKEN", "jeton")
    monkeypatch.delenv("LIVE_WAIT_SECONDS", raising=False)
    return path


@pytest.fixture(autouse=True)
def leads_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'leads.db'}"
    migrate(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("LIVE_API_TOKEN", raising=False)
    service._factories.clear()
    return url


def tracker(sender: str = "widget-session", channel: str = "socketio", **slots: object) -> Tracker:
    message = {"text": "je veux parler à quelqu'un", "intent": {"name": "request_human", "confidence": 0.9}}
    events = [{"event": "user", "text": message["text"], "parse_data": message, "input_channel": channel}]
    return Tracker(sender, dict(slots), message, events, False, None, {}, "action_listen")


def run(action, tracker_: Tracker) -> tuple[list[dict], list[str]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return events, [message["text"] for message in dispatcher.messages]


def entry(sender: str = "widget-session") -> queue.LiveEntry | None:
    with service.session_factory().begin() as session:
        return queue.get(session, sender)


def test_not_configured_the_contact_form_starts_at_once() -> None:
    assert run(ActionRequestHuman(), tracker()) == ([FORM], [])
    assert run(ActionLiveWaitOver(), tracker()) == ([LISTEN], [])


def test_open_the_conversation_waits_for_the_team_with_a_reminder(hours_file: Path) -> None:
    before = dt.datetime.now(dt.timezone.utc)
    events, said = run(ActionRequestHuman(), tracker())
    reminder, followup = events
    assert followup == LISTEN
    assert (reminder["event"], reminder["intent"], reminder["name"], reminder["kill_on_user_msg"]) == (
        "reminder", "EXTERNAL_live_wait_over", "live_wait", False)
    trigger = dt.datetime.fromisoformat(reminder["date_time"])
    assert trigger.tzinfo is not None
    assert before + dt.timedelta(seconds=WAIT_S - 1) <= trigger <= before + dt.timedelta(seconds=WAIT_S + 60)
    assert len(said) == 1 and "équipe" in said[0] and "minute" in said[0] and typography_errors(said[0]) == []
    waiting = entry()
    assert waiting is not None and (waiting.status, waiting.channel) == ("waiting", "socketio")

    # Asking again keeps the place and the deadline.
    again, _ = run(ActionRequestHuman(), tracker())
    assert again[0]["date_time"] == reminder["date_time"]


def test_closed_the_hours_are_given_and_the_contact_form_starts(hours_file: Path) -> None:
    hours_file.write_text(hours_text(False), encoding="utf-8")
    events, said = run(ActionRequestHuman(), tracker())
    assert events == [FORM]
    assert len(said) == 1 and "en direct" in said[0] and typography_errors(said[0]) == []
    assert entry() is None


def test_a_broken_hours_file_or_database_offers_the_form(hours_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hours_file.write_text("week: [", encoding="utf-8")
    events, said = run(ActionRequestHuman(), tracker())
    assert events == [FORM] and len(said) == 1
    hours_file.write_text(hours_text(True), encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    service._factories.clear()
    events, said = run(ActionRequestHuman(), tracker())
    assert events == [FORM] and len(said) == 1


def test_still_waiting_at_the_end_the_form_is_offered(hours_file: Path) -> None:
    run(ActionRequestHuman(), tracker())
    events, said = run(ActionLiveWaitOver(), tracker())
    assert events == [FORM]
    assert len(said) == 1 and typography_errors(said[0]) == []
    assert entry().status == "missed"
    assert run(ActionLiveWaitOver(), tracker()) == ([LISTEN], [])


def test_already_taken_at_the_end_nothing_is_said(hours_file: Path) -> None:
    run(ActionRequestHuman(), tracker())
    with service.session_factory().begin() as session:
        assert queue.take(session, "widget-session", "marie.dupont", dt.datetime.now(dt.timezone.utc))
    assert run(ActionLiveWaitOver(), tracker()) == ([LISTEN], [])
    assert entry().status == "taken"
    # A request while taken (after a session restart, say) changes nothing and says nothing.
    assert run(ActionRequestHuman(), tracker()) == ([LISTEN], [])


def test_the_lead_names_the_person_who_had_the_conversation() -> None:
    assert lead_values(tracker(live_agent="marie.dupont"))["author"] == "marie.dupont"
    assert lead_values(tracker())["author"] is None
