"""The REST channel: Rasa's RestInput plus rate limits (per sender and per client address),
French answers to malformed requests (400, never 500) and a French apology when a turn fails or
says nothing.

Registered in credentials.yml as ``channels.rest.RestChannel`` (URL unchanged:
/webhooks/rest/webhook).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.addresses import client_address, counted_address, trusted_proxies
from channels.failures import TurnWatch, rasa_agent, turn_apology
from channels.messages import message
from channels.ratelimit import check_rate
from channels.text import safe_text

logger = logging.getLogger(__name__)
SENDER_MAX = 200


def parse_body(body: bytes) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """``(fields, None)`` for a usable request, ``(None, french_error)`` otherwise."""
    try:
        data = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        return None, message("bad_json")
    if not isinstance(data, dict):
        return None, message("bad_json")
    sender = data.get("sender")
    if isinstance(sender, (int, float)) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip() or len(sender) > SENDER_MAX:
        return None, message("bad_sender")
    text = data.get("message")
    if text is None:
        text = ""
    if not isinstance(text, str):
        return None, message("bad_message")
    metadata = data.get("metadata")
    return {
        "sender": sender,
        "text": safe_text(text),
        "metadata": metadata if isinstance(metadata, dict) else None,
        "input_channel": data.get("input_channel") if isinstance(data.get("input_channel"), str) else None,
    }, None


async def with_apology(
    replies: List[Dict[str, Any]], failed_actions: List[str], agent: Any = None, sender: str = ""
) -> List[Dict[str, Any]]:
    """The visitor always reads something: an apology when an action failed or nothing was said
    (unless a team member has the conversation: channels/live.py stores their answers)."""
    said = any(reply.get("text") or reply.get("buttons") or reply.get("image") or reply.get("custom") for reply in replies)
    text = await turn_apology(failed_actions, said, agent, sender)
    return replies + [{"recipient_id": None, "text": text}] if text else replies


async def handle_turn(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    text: str,
    sender: str,
    input_channel: str,
    metadata: Optional[Dict[str, Any]],
    agent: Any = None,
) -> List[Dict[str, Any]]:
    """Run one turn through Rasa and return what the visitor reads (never an empty list, except
    while a team member has the conversation: channels/live.py stores their answers)."""
    collector = CollectingOutputChannel()
    with TurnWatch() as watch:
        try:
            await on_new_message(UserMessage(text, collector, sender, input_channel=input_channel, metadata=metadata))
        except Exception:  # noqa: BLE001 - the visitor gets an apology; the text is not logged (personal data)
            logger.exception("The turn of a REST message failed.")
            watch.failed_actions.append("turn")
    replies = await with_apology(collector.messages, watch.failed_actions, agent, sender)
    for reply in replies:
        if reply.get("recipient_id") is None:
            reply["recipient_id"] = sender
    return replies


class RestChannel(RestInput):
    """POST /webhooks/rest/webhook ``{"sender": "...", "message": "..."}`` → list of replies."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        trusted = trusted_proxies()

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            fields, error = parse_body(request.body)
            if fields is None:
                return response.json({"error": error}, status=400)
            sender = fields["sender"]
            forwarded = ",".join(request.headers.getall("X-Forwarded-For", []))
            refusal = await check_rate(sender, counted_address(client_address(request.ip, forwarded, trusted)))
            if refusal:
                return response.json([{"recipient_id": sender, "text": refusal}])
            replies = await handle_turn(
                on_new_message, fields["text"], sender, fields["input_channel"] or self.name(), fields["metadata"],
                rasa_agent(request),
            )
            return response.json(replies)

        return webhook
