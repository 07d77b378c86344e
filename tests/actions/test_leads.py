"""Lead collection on a real Tracker and a real SQLite database: what is stored, and when not."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.leads import (
    ActionEraseMyData,
    ActionSubmitLead,
    ValidateLeadForm,
    parse_contact,
    parse_profile,
)
from bot.leads import service
from bot.leads.models import Delivery, Lead


@pytest.fixture(autouse=True)
def leads_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'leads.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("LEAD_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    monkeypatch.setenv(service.SPOOL_VARIABLE, str(tmp_path / "spool"))
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.delenv("TRACKER_DIALECT", raising=False)
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    service._factories.clear()
    return url


def tracker(text: str = "", requested: str | None = None, sender: str = "visitor-1", **slots: Any) -> Tracker:
    message = {"text": text, "intent": {"name": "inform", "confidence": 0.9}, "entities": []}
    return Tracker(sender, {"requested_slot": requested, **slots}, message, [], False, None, {}, "action_listen")


def run(action, tracker_: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return events, dispatcher.messages


@pytest.mark.parametrize(
    ("text", "profile"),
    [("je suis candidat", "candidat"), ("Employeur", "employeur"), ("DRH d'une PME", "employeur"),
     ("je suis conseillère France Travail", "recruteur"), ("bof", None)],
)
def test_profile(text: str, profile: str | None) -> None:
    assert parse_profile(text) == profile


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("marie.dupont@exemple.fr", {"email": "marie.dupont@exemple.fr"}),
        ("06 12 34 56 78", {"phone": "+33612345678"}),
        ("+33 6 12 34 56 78 ou marie@exemple.fr", {"email": "marie@exemple.fr", "phone": "+33612345678"}),
        ("+33 (0)6 12 34 56 78", {"phone": "+33612345678"}),
        ("dispo à partir du 12/03/2026, 06 12 34 56 78", {"phone": "+33612345678"}),
        ("marie@café.fr", {"email": "marie@café.fr"}),
        ("06 12", {}),
        ("pas de mail", {}),
    ],
)
def test_contact(text: str, expected: dict) -> None:
    assert parse_contact(text) == expected


def test_refused_consent_skips_every_personal_question() -> None:
    events, _ = run(ValidateLeadForm(), tracker("non merci", "consent", lead_profile="candidat"))
    assert SlotSet("consent", False) in events
    assert SlotSet("contact_name", "") in events and SlotSet("contact", "") in events


def test_invalid_contact_is_asked_again_with_an_example() -> None:
    events, messages = run(ValidateLeadForm(), tracker("06 12", "contact"))
    assert events == [SlotSet("contact", None)]
    assert messages[0]["response"] == "utter_invalid_contact"


def test_a_mistyped_email_is_asked_again_even_if_nlu_saw_another_question() -> None:
    mistyped = tracker("julie.martin@", "contact")
    mistyped.latest_message["intent"] = {"name": "request_human", "confidence": 0.95}
    events, messages = run(ValidateLeadForm(), mistyped)
    assert events == [SlotSet("contact", None)]
    assert messages[0]["response"] == "utter_invalid_contact"


def test_a_name_is_a_name_even_if_nlu_saw_a_request_for_a_human() -> None:
    name = tracker("je m'appelle Julie Martin", "contact_name")
    name.latest_message["intent"] = {"name": "request_human", "confidence": 0.97}
    events, _ = run(ValidateLeadForm(), name)
    assert events == [SlotSet("contact_name", "Julie Martin")]


@pytest.mark.parametrize("answer", ["123", "?!?!", "😀😀😀"])
def test_a_name_without_letters_is_asked_again_with_an_example(answer: str) -> None:
    events, messages = run(ValidateLeadForm(), tracker(answer, "contact_name"))
    assert events == [SlotSet("contact_name", None)]
    assert messages[0]["response"] == "utter_invalid_contact_name"


def test_invalid_siret_is_said_and_not_kept() -> None:
    events, messages = run(ValidateLeadForm(), tracker("Durand SAS, SIRET 123 456 789 00011", "company"))
    assert SlotSet("company", "Durand SAS") in events
    assert not any(event.get("name") == "siret" for event in events)
    assert messages[0]["response"] == "utter_invalid_siret"


def test_contact_details_are_stored_as_read() -> None:
    events, messages = run(ValidateLeadForm(), tracker("le 12/03/2026 au +33 (0)6 12 34 56 78", "contact"))
    assert events == [SlotSet("contact", "ok"), SlotSet("phone", "+33612345678")] and messages == []


def test_a_siret_typed_with_dots_is_kept() -> None:
    events, messages = run(ValidateLeadForm(), tracker("Durand SAS, SIRET 732.829.320.00074", "company"))
    assert events == [SlotSet("company", "Durand SAS"), SlotSet("siret", "73282932000074")] and messages == []


def test_a_siret_whose_siren_fails_its_key_is_refused() -> None:
    events, messages = run(ValidateLeadForm(), tracker("Durand SAS 10000000010007", "company"))
    assert events == [SlotSet("company", "Durand SAS")]
    assert messages[0]["response"] == "utter_invalid_siret"


LEAD_SLOTS = dict(
    lead_profile="candidat", consent="2026-11-26T10:00:00+00:00", contact_name="<b>Marie</b> '; DROP TABLE leads; --",
    email="marie@exemple.fr", phone=None, company="", postal_code="69003", lead_message="😀 bonjour",
    qualification={"verdict": "to_check", "reasons": []},
)


def test_consented_lead_is_stored_with_its_qualification_and_a_pending_delivery() -> None:
    _, messages = run(ActionSubmitLead(), tracker(**LEAD_SLOTS))
    assert messages[0]["response"] == "utter_lead_saved"
    with service.session_factory().begin() as session:
        lead = session.execute(select(Lead)).scalar_one()
        assert lead.reference == messages[0]["lead_reference"]
        assert lead.name == "<b>Marie</b> '; DROP TABLE leads; --"
        assert lead.region == "Auvergne-Rhône-Alpes"
        assert lead.qualification["verdict"] == "to_check"
        assert lead.consent_at is not None and lead.conversation_id == "visitor-1"
        assert session.execute(select(Delivery.status)).scalars().all() == ["pending"]


def test_no_consent_stores_nothing() -> None:
    _, messages = run(ActionSubmitLead(), tracker(**{**LEAD_SLOTS, "consent": False}))
    assert messages[0]["response"] == "utter_no_consent"
    with service.session_factory().begin() as session:
        assert session.execute(select(Lead)).first() is None


def test_database_down_spools_the_lead_and_stores_it_when_back(monkeypatch: pytest.MonkeyPatch, leads_database: str) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/test")  # nothing listens there
    service._factories.clear()
    _, messages = run(ActionSubmitLead(), tracker(**LEAD_SLOTS))
    assert messages[0]["response"] == "utter_lead_deferred"
    assert len(list(service.spool_dir().glob("*.json"))) == 1

    monkeypatch.setenv("DATABASE_URL", leads_database)
    assert service.flush_spool() == 1
    assert list(service.spool_dir().glob("*.json")) == []
    with service.session_factory().begin() as session:
        assert session.execute(select(Lead.email)).scalars().all() == ["marie@exemple.fr"]


def test_erase_removes_this_conversations_leads_and_restarts_the_conversation() -> None:
    run(ActionSubmitLead(), tracker(**LEAD_SLOTS))
    events, messages = run(ActionEraseMyData(), tracker(**LEAD_SLOTS))
    assert [message["response"] for message in messages] == ["utter_data_erased_with_leads"]
    assert messages[0]["erased_leads"] == "1\u00a0demande de contact supprimée"
    assert events == [Restarted()]  # every slot goes; the tracker store keeps nothing from before
    with service.session_factory().begin() as session:
        assert session.execute(select(Lead)).first() is None
    events, messages = run(ActionEraseMyData(), tracker())
    assert [message["response"] for message in messages] == ["utter_data_erased"]


def test_an_erasure_that_fails_says_so_and_keeps_the_conversation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:9/none")  # nothing listens there
    service._factories.clear()
    events, messages = run(ActionEraseMyData(), tracker(**LEAD_SLOTS))
    assert [message["response"] for message in messages] == ["utter_data_erase_failed"]
    assert events == []
