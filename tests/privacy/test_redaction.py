"""What the visitor types is stored with placeholders for their contact details, and nothing
else is touched (amounts, dates, durations, references stay as typed)."""

from __future__ import annotations

import pytest

from bot.privacy.redaction import CONSENTED_SLOTS, redact_event, redact_text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("écrivez-moi à julie.martin@exemple.fr.", "écrivez-moi à [e-mail]."),
        ("julie.martin@", "[e-mail]"),  # mistyped: it still names its owner
        ("josé@café.fr", "[e-mail]"),
        ("+33 (0)6 12 34 56 78", "[téléphone]"),
        ("le 12/03/2027, rappelez-moi au 06.12.34.56.78", "le 12/03/2027, rappelez-moi au [téléphone]"),
        ("0033 6 12 34 56 78 ou 01 23 45 67 89", "[téléphone] ou [téléphone]"),
        ("tel 6 12 34 56 78", "tel [téléphone]"),
        ("SIRET 732 829 320 00074", "SIRET [SIRET]"),
        ("siret 732.829.320.00074", "siret [SIRET]"),
        ("SIREN 732 829 320", "SIREN [SIREN]"),
        ("mon code postal est 33000", "mon code postal est [code postal]"),
        ("2A004 Ajaccio", "[code postal] Ajaccio"),
        ("mon numéro 0612345678 et mon mail a@b.co", "mon numéro [téléphone] et mon mail [e-mail]"),
        # Kept as typed:
        ("j'ai 30 ans et un CAP", "j'ai 30 ans et un CAP"),
        ("un budget de 12000 € ou 15000 euros", "un budget de 12000 € ou 15000 euros"),
        ("une entreprise de 25000 salariés", "une entreprise de 25000 salariés"),
        ("2 100 heures sur 36 mois", "2 100 heures sur 36 mois"),
        ("9 000 €", "9 000 €"),
        ("né le 01/02/1990, début le 2027-03-01", "né le 01/02/1990, début le 2027-03-01"),
        ("référence VAE-2026-000123", "référence VAE-2026-000123"),
        ("entre 2023 et 2026", "entre 2023 et 2026"),
        ("", ""),
    ],
)
def test_contact_details_become_placeholders(typed: str, stored: str) -> None:
    assert redact_text(typed) == stored


def user_event(text: str) -> dict:
    return {
        "event": "user", "timestamp": 1.0, "text": text, "input_channel": "rest", "message_id": "ab12",
        "metadata": {"page": "contact 06 12 34 56 78"},
        "parse_data": {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3},
                       "entities": [{"entity": "role", "value": "julie@exemple.fr", "start": 0, "end": 16}]},
    }


def test_a_message_is_redacted_everywhere_it_is_repeated() -> None:
    stored = redact_event(user_event("julie@exemple.fr 06 12 34 56 78"), consented=False)
    assert stored["text"] == stored["parse_data"]["text"] == "[e-mail] [téléphone]"
    assert stored["parse_data"]["entities"][0]["value"] == "[e-mail]"
    assert stored["metadata"] == {"page": "contact [téléphone]"}
    assert stored["parse_data"]["intent"] == {"name": "nlu_fallback", "confidence": 0.3}
    assert stored["message_id"] == "ab12" and stored["timestamp"] == 1.0


def test_the_lead_form_slots_are_kept_after_consent_only() -> None:
    email = {"event": "slot", "name": "email", "value": "julie@exemple.fr", "timestamp": 2.0}
    assert "email" in CONSENTED_SLOTS
    assert redact_event(email, consented=True) == email
    assert redact_event(email, consented=False)["value"] == "[e-mail]"
    free_text = {"event": "slot", "name": "certification", "value": "BTS, écrivez à julie@exemple.fr"}
    assert redact_event(free_text, consented=True)["value"] == "BTS, écrivez à [e-mail]"
    consent = {"event": "slot", "name": "consent", "value": "2026-12-01T22:30:00.123456+00:00"}
    assert redact_event(consent, consented=True) == consent


def test_bot_messages_are_redacted_and_other_events_untouched() -> None:
    bot = {"event": "bot", "text": "Je note julie@exemple.fr.", "data": {"buttons": []}}
    assert redact_event(bot, consented=True)["text"] == "Je note [e-mail]."
    action = {"event": "action", "name": "action_listen", "timestamp": 3.0}
    assert redact_event(action, consented=False) is action
