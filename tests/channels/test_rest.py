"""The REST channel's pure parts: malformed requests get a French 400 message; a turn that
failed or said nothing still gives the visitor something to read."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.formatting import typography_errors
from channels.failures import TurnWatch
from channels.messages import MESSAGES_FILE, message
from channels.rest import handle_turn, parse_body, with_apology


@pytest.mark.parametrize(
    ("body", "key"),
    [
        (b"", "bad_json"), (b"{", "bad_json"), (b"\xff\xfe", "bad_json"), (b"[1, 2]", "bad_json"),
        (b'"texte"', "bad_json"), (b'{"message": "bonjour"}', "bad_sender"),
        (b'{"sender": "", "message": "bonjour"}', "bad_sender"), (b'{"sender": ["a"], "message": "x"}', "bad_sender"),
        (b'{"sender": "' + b"a" * 201 + b'", "message": "x"}', "bad_sender"),
        (b'{"sender": "a", "message": 12}', "bad_message"), (b'{"sender": "a", "message": {"t": 1}}', "bad_message"),
    ],
)
def test_malformed_requests_are_explained_in_french(body: bytes, key: str) -> None:
    fields, error = parse_body(body)
    assert fields is None and error == message(key)


def test_a_missing_message_is_an_empty_one_and_a_numeric_sender_is_kept() -> None:
    fields, error = parse_body(b'{"sender": 42}')
    assert error is None and fields == {"sender": "42", "text": "", "metadata": None, "input_channel": None}


def test_every_message_follows_french_typography() -> None:
    import yaml

    for key, text in yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8")).items():
        assert typography_errors(text.format(messages="30", seconds="60")) == [], key


def test_a_failed_action_adds_an_apology_and_silence_gets_one() -> None:
    assert asyncio.run(with_apology([{"text": "Bonjour"}], [])) == [{"text": "Bonjour"}]
    assert asyncio.run(with_apology([{"text": "Bonjour"}], ["action_x"]))[-1]["text"] == message("action_failed")
    assert asyncio.run(with_apology([], []))[-1]["text"] == message("no_reply")


def test_the_failure_logged_by_rasas_processor_is_seen_by_this_turn_only() -> None:
    async def turn_with_a_failed_action(message_):  # what MessageProcessor._run_action does
        logging.getLogger("rasa.core.processor").error(
            "Encountered an exception while running action 'validate_lead_form'.Bot will continue, …")

    async def quiet_turn(message_):
        message_.output_channel.messages.append({"text": "Voici la réponse."})

    async def both():
        return await asyncio.gather(
            handle_turn(turn_with_a_failed_action, "x", "a", "rest", None),
            handle_turn(quiet_turn, "y", "b", "rest", None),
        )

    failed, fine = asyncio.run(both())
    assert [reply["text"] for reply in failed] == [message("action_failed")]
    assert failed[0]["recipient_id"] == "a"
    assert [reply["text"] for reply in fine] == ["Voici la réponse."]


def test_an_exception_in_the_turn_becomes_an_apology() -> None:
    async def broken(message_):
        raise RuntimeError("tracker store down")

    replies = asyncio.run(handle_turn(broken, "x", "a", "rest", None))
    assert [reply["text"] for reply in replies] == [message("action_failed")]


def test_the_watch_is_off_outside_a_turn() -> None:
    with TurnWatch() as watch:
        pass
    logging.getLogger("rasa.core.processor").error("Encountered an exception while running action 'x'.")
    assert watch.failed_actions == []


def test_lone_surrogates_are_replaced_before_rasa_sees_them() -> None:
    fields, error = parse_body(b'{"sender": "a", "message": "a\\udc00b\\ud83d"}')
    assert error is None and fields["text"] == "a\ufffdb\ufffd"
