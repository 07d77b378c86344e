"""Every generated bad message as the answer to every question of the contact form (lead_form):
validate_lead_form never fails, answers (a value kept, or the question's French « invalid » reply),
and every value it keeps can be stored in the leads database as typed, cleaned of what no
database accepts."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.leads import ValidateLeadForm, lead_values
from bot.leads import service
from bot.leads.models import Lead
from tests.badinput.generate import generate

FIELDS = ["lead_profile", "consent", "contact_name", "contact", "company", "postal_code", "lead_message"]
MESSAGES = generate()
RESPONSES = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))["responses"]
CONSENT = "2026-11-26T10:00:00+00:00"


def tracker(text: str, requested: str, **slots: Any) -> Tracker:
    message = {"text": text, "intent": {"name": "inform", "confidence": 0.9}, "entities": []}
    base = {"requested_slot": requested, "lead_profile": "employeur", "consent": CONSENT}
    return Tracker("bad-visitor", {**base, **slots}, message, [], False, None, {}, "action_listen")


def validate(text: str, field: str) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateLeadForm().run(dispatcher, tracker(text, field), {"responses": RESPONSES}))
    return events, dispatcher.messages


@pytest.mark.parametrize("field", FIELDS)
def test_every_bad_answer_is_kept_or_asked_again_in_french(field: str) -> None:
    for message in MESSAGES:
        events, said = validate(message.text, field)
        where = f"{field} ← {message.category}: {message.text[:60]!r}"
        if message.text.strip().startswith("/"):
            continue  # a payload: Rasa reads it as an intent, the form does not see it
        assert all(event["event"] == "slot" for event in events), where
        kept = {event["name"]: event["value"] for event in events}
        if kept.get(field) is None:
            responses = [item.get("response") for item in said]
            assert all(RESPONSES.get(response) for response in responses), where
            if f"utter_invalid_{field}" in RESPONSES:
                assert f"utter_invalid_{field}" in responses, where
            else:  # the form asks its question again
                assert RESPONSES.get(f"utter_ask_{field}"), where


def test_every_kept_value_is_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'leads.db'}")
    monkeypatch.setenv(service.SPOOL_VARIABLE, str(tmp_path / "spool"))
    monkeypatch.delenv("LEAD_WEBHOOK_URL", raising=False)
    service._factories.clear()
    stored = 0
    for number, message in enumerate(MESSAGES[::4]):
        slots: dict[str, Any] = {"lead_profile": "employeur", "consent": CONSENT, "contact_name": "Nom",
                                 "email": "contact@exemple.fr", "postal_code": "75001"}
        for field in ("contact_name", "company", "lead_message", "postal_code", "contact"):
            events, _ = validate(message.text, field)
            slots.update({event["name"]: event["value"] for event in events if event["value"] not in (None, "ok")})
        conversation = f"bad-{number}"
        values = lead_values(Tracker(conversation, slots, {}, [], False, None, {}, "action_listen"))
        outcome = service.submit_lead(values)
        assert outcome.reference and not outcome.deferred, message
        stored += 1
        with service.session_factory().begin() as session:
            lead = session.execute(select(Lead).where(Lead.conversation_id == conversation)).scalar_one()
            for text in (lead.name, lead.company, lead.message):
                assert text is None or ("\x00" not in text and len(text) <= 50_000)
    assert stored == len(MESSAGES[::4])
