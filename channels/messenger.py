"""Facebook Messenger channel: credentials from the environment, answer at once, work in background.

Facebook retries a webhook that does not answer quickly, and the user then gets the answer twice.
So the webhook checks the signature, acknowledges with 200 at once, ignores a message id (``mid``)
already taken (by any server: ``channels.shared``), and lets the assistant answer in a background
task through the Send API.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Iterable

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.failures import TurnWatch, rasa_agent, turn_apology
from channels.quick_replies import choice_from_number, messenger_messages
from channels.ratelimit import check_rate
from channels.shared import ChannelMemory
from channels.text import safe_text

logger = logging.getLogger(__name__)

DEFAULT_GRAPH_URL = "https://graph.facebook.com/v19.0"
SEND_TIMEOUT_S = 10
NOT_CONFIGURED = (
    "Messenger n’est pas configuré sur ce serveur\u00a0: définissez FACEBOOK_VERIFY_TOKEN, "
    "FACEBOOK_APP_SECRET et FACEBOOK_PAGE_ACCESS_TOKEN (voir le README, section «\u00a0Messenger\u00a0»)."
)
ONLY_TEXT = "Je ne lis que les messages écrits\u00a0: posez-moi votre question en quelques mots."


@dataclass(frozen=True)
class MessengerSettings:
    """What the Facebook app gives (see README « Messenger »)."""

    verify_token: str = ""
    app_secret: str = ""
    page_access_token: str = ""
    graph_url: str = DEFAULT_GRAPH_URL

    @classmethod
    def from_env(cls) -> "MessengerSettings":
        return cls(
            verify_token=os.environ.get("FACEBOOK_VERIFY_TOKEN", ""),
            app_secret=os.environ.get("FACEBOOK_APP_SECRET", ""),
            page_access_token=os.environ.get("FACEBOOK_PAGE_ACCESS_TOKEN", ""),
            graph_url=(os.environ.get("FACEBOOK_GRAPH_URL") or DEFAULT_GRAPH_URL).rstrip("/"),
        )

    @property
    def configured(self) -> bool:
        return bool(self.verify_token and self.app_secret and self.page_access_token)


def signature_is_valid(app_secret: str, body: bytes, headers: Any) -> bool:
    """Check ``X-Hub-Signature-256`` (``sha256=…``), or the older SHA-1 ``X-Hub-Signature``."""
    for header, algorithm in (("X-Hub-Signature-256", hashlib.sha256), ("X-Hub-Signature", hashlib.sha1)):
        value = headers.get(header) or ""
        if value:
            _, _, signature = value.partition("=")
            expected = hmac.new(app_secret.encode(), body, algorithm).hexdigest()
            return hmac.compare_digest(signature, expected)
    return False


def event_text(event: dict[str, Any]) -> str | None:
    """What the user said: a quick reply's or postback's payload, or the text; None otherwise."""
    message = event.get("message") or {}
    quick_reply = message.get("quick_reply") or {}
    if quick_reply.get("payload"):
        return str(quick_reply["payload"])
    if message.get("text"):
        return str(message["text"])
    postback = event.get("postback") or {}
    if postback.get("payload"):
        return str(postback["payload"])
    return None


def event_mid(event: dict[str, Any]) -> str | None:
    return (event.get("message") or {}).get("mid") or (event.get("postback") or {}).get("mid")


class SendApi:
    """The Send API over aiohttp: never blocks the event loop, logs and swallows its errors."""

    def __init__(self, settings: MessengerSettings) -> None:
        self.settings = settings

    async def post(self, body: dict[str, Any]) -> bool:
        """Send ``body``; whether Facebook accepted it."""
        url = f"{self.settings.graph_url}/me/messages"
        params = {"access_token": self.settings.page_access_token}
        try:
            timeout = aiohttp.ClientTimeout(total=SEND_TIMEOUT_S)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.post(url, params=params, json=body) as reply:
                    if reply.status >= 400:
                        logger.error("Send API answered %s: %s", reply.status, (await reply.text())[:500])
                        return False
                    return True
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error("Send API unreachable: %s", error)
            return False


class MessengerOutput(OutputChannel):
    """Sends the assistant's messages; buttons become quick replies plus a numbered list if needed."""

    @classmethod
    def name(cls) -> str:
        return "facebook"

    def __init__(self, api: SendApi, memory: ChannelMemory) -> None:
        super().__init__()
        self.api = api
        self.memory = memory  # the last buttons shown to each user, so « 3 » picks the third
        self.sent = False

    async def _send_messages(self, recipient_id: str, messages: Iterable[dict[str, Any]]) -> None:
        for message in messages:
            self.sent = True
            await self.api.post({"messaging_type": "RESPONSE", "recipient": {"id": recipient_id}, "message": message})

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_messages(recipient_id, messenger_messages(text, []))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.memory.remember_choices(recipient_id, buttons)
        await self._send_messages(recipient_id, messenger_messages(text, buttons))

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        attachment = {"type": "image", "payload": {"url": image, "is_reusable": True}}
        await self._send_messages(recipient_id, [{"attachment": attachment}])

    async def send_custom_json(self, recipient_id: str, json_message: Any, **kwargs: Any) -> None:
        await self._send_messages(recipient_id, [json_message])

    async def send_action(self, recipient_id: str, sender_action: str) -> None:
        await self.api.post({"recipient": {"id": recipient_id}, "sender_action": sender_action})


class MessengerChannel(InputChannel):
    """``/webhooks/facebook/webhook``: verify handshake (GET) and signed events (POST)."""

    @classmethod
    def name(cls) -> str:
        return "facebook"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        # Rasa fails on an unset ${VAR} in credentials.yml, so the settings come from the env here.
        return cls(MessengerSettings.from_env())

    def __init__(self, settings: MessengerSettings, memory: ChannelMemory | None = None) -> None:
        self.settings = settings
        self.api = SendApi(settings)
        self.memory = memory or ChannelMemory.from_env()
        self.tasks: set[asyncio.Task] = set()

    def get_output_channel(self) -> OutputChannel:
        return MessengerOutput(self.api, self.memory)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("messenger_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.settings.configured else "not configured"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not self.settings.configured:
                return response.text(NOT_CONFIGURED, status=404)
            token = request.args.get("hub.verify_token") or ""
            if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(token, self.settings.verify_token):
                return response.text(request.args.get("hub.challenge") or "")
            return response.text("Jeton de vérification incorrect.", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.settings.configured:
                return response.text(NOT_CONFIGURED, status=404)
            if not signature_is_valid(self.settings.app_secret, request.body, request.headers):
                logger.warning("Messenger webhook with a wrong signature: check FACEBOOK_APP_SECRET.")
                return response.text("Signature invalide.", status=403)
            try:
                payload = request.json
                events = [event for entry in payload["entry"] for event in entry.get("messaging", [])]
            except Exception:  # any malformed body: Facebook must not retry it
                return response.text("Contenu illisible.", status=400)
            metadata = self.get_metadata(request)
            agent = rasa_agent(request)
            for event in events:
                if isinstance(event, dict) and await self.memory.first_delivery(event_mid(event)):
                    self._start(self._handle(event, on_new_message, metadata, agent))
            return response.text("EVENT_RECEIVED")

        return webhook

    def _start(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self.tasks.add(task)  # keep a reference until done, or the loop may drop the task
        task.add_done_callback(self.tasks.discard)

    async def _handle(
        self,
        event: dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        metadata: dict[str, Any] | None,
        agent: Any = None,
    ) -> None:
        """Pass one user event to the assistant; the user hears a French answer whatever happens
        (except while a team member has the conversation: channels/live.py)."""
        sender = str((event.get("sender") or {}).get("id") or "")
        message = event.get("message") or {}
        if not sender or message.get("is_echo") or not (message or event.get("postback")):
            return  # echoes, deliveries and reads need no answer
        output = MessengerOutput(self.api, self.memory)
        text = event_text(event)
        if text is None:
            await output.send_text_message(sender, ONLY_TEXT)
            return
        text = safe_text(choice_from_number(text, await self.memory.choices(sender)) or text)
        # Per sender only: every request comes from Facebook's servers, and the sender id is
        # Facebook's (signed), not the client's choice.
        refusal = await check_rate(sender)
        if refusal:
            await output.send_text_message(sender, refusal)
            return
        await output.send_action(sender, "typing_on")
        with TurnWatch() as watch:
            try:
                await on_new_message(UserMessage(text, output, sender, input_channel=self.name(), metadata=metadata))
            except Exception:  # noqa: BLE001 - the user gets an apology; no personal data in the log
                logger.exception("A Messenger message could not be handled.")
                watch.failed_actions.append("turn")
        sorry = await turn_apology(watch.failed_actions, output.sent, agent, sender)
        if sorry:
            await output.send_text_message(sender, sorry)
        await output.send_action(sender, "typing_off")
