"""socket.io: a session that gets its answers, only from the configured origins."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlsplit

import pytest
import requests
import websockets

from channels.origins import default_origins

SESSION = "origin-test-session"


async def receive(socket) -> str:
    """The next packet that is not an Engine.IO ping (answered, as a client must)."""
    while True:
        packet = await asyncio.wait_for(socket.recv(), 60)
        if packet != "2":
            return packet
        await socket.send("3")


async def handshake(rasa_url: str, origin: str, message: str = "") -> list[str]:
    """Engine.IO open, Socket.IO connect, session request (, a message): the server's packets."""
    url = f"ws://{urlsplit(rasa_url).netloc}/socket.io/?EIO=4&transport=websocket"
    async with websockets.connect(url, origin=origin) as socket:
        received = [await receive(socket)]
        await socket.send("40")
        received.append(await receive(socket))
        await socket.send('42["session_request",{"session_id":"' + SESSION + '"}]')
        received.append(await receive(socket))
        if message:
            await socket.send("42" + json.dumps(["user_uttered", {"message": message, "session_id": SESSION}]))
            received.append(await receive(socket))
        return received


def test_the_landing_page_origin_gets_a_session(rasa_url: str, web_port: int) -> None:
    for origin in default_origins(web_port):
        opened, connected, confirmed = asyncio.run(handshake(rasa_url, origin))
        assert opened.startswith("0{") and connected.startswith("40")
        assert json.loads(confirmed[2:]) == ["session_confirm", SESSION]


def test_a_session_gets_the_answers_to_its_messages(rasa_url: str, web_port: int) -> None:
    *_, answer = asyncio.run(handshake(rasa_url, default_origins(web_port)[0], "Bonjour"))
    event, payload = json.loads(answer[2:])
    assert event == "bot_uttered" and payload["text"].startswith("Bonjour et bienvenue")


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:1"])
def test_a_foreign_origin_is_refused(rasa_url: str, origin: str) -> None:
    with pytest.raises(websockets.exceptions.InvalidStatusCode) as refused:
        asyncio.run(handshake(rasa_url, origin))
    assert refused.value.status_code == 400


def test_http_cors_and_polling_answer_only_the_configured_origins(rasa_url: str, web_port: int) -> None:
    allowed = default_origins(web_port)[0]
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    rest = f"{rasa_url}/webhooks/rest/webhook"
    ok = requests.options(rest, headers={"Origin": allowed, **preflight}, timeout=10)
    assert ok.headers.get("Access-Control-Allow-Origin") == allowed
    foreign = requests.options(rest, headers={"Origin": "http://evil.example", **preflight}, timeout=10)
    assert "Access-Control-Allow-Origin" not in foreign.headers
    polling = f"{rasa_url}/socket.io/?EIO=4&transport=polling"
    assert requests.get(polling, headers={"Origin": "http://evil.example"}, timeout=10).status_code == 400
    opened = requests.get(polling, headers={"Origin": allowed}, timeout=10)
    assert opened.status_code == 200 and opened.text.startswith("0{")
    assert opened.headers.get("Access-Control-Allow-Origin") == allowed  # once, from Sanic-CORS
