"""The dashboard's client of the live channel, against a small real aiohttp server."""

from __future__ import annotations

import asyncio
import socket
from typing import Any, Awaitable, Callable

import pytest
from aiohttp import web

from bot.live.client import LiveClient, LiveUnavailable
from bot.live.settings import LiveSettings

TOKEN = "secret-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(test: Callable[[str, list[dict[str, Any]]], Awaitable[None]]) -> list[dict[str, Any]]:
    """Run ``test(base_url, calls)`` against a live-channel stand-in; return the calls it received."""
    calls: list[dict[str, Any]] = []
    finished: list[asyncio.Event] = []  # made in the server's loop; set when the test is over

    async def handle(request: web.Request) -> web.Response:
        sender, action = request.match_info["sender_id"], request.match_info["action"]
        calls.append({"sender": sender, "action": action, "auth": request.headers.get("Authorization"),
                      "json": await request.json()})
        if sender == "boom":
            return web.Response(status=500, text="Internal Server Error")
        if sender == "slow":
            await finished[0].wait()  # no answer while the test runs: the client's timeout must end the call
        return web.json_response({"delivered": action != "message" or sender != "rest-visitor",
                                  "channel": "socketio"})

    async def main() -> None:
        finished.append(asyncio.Event())
        app = web.Application()
        app.router.add_post("/webhooks/live/conversations/{sender_id}/{action}", handle)
        runner = web.AppRunner(app)
        await runner.setup()
        port = free_port()
        site = web.TCPSite(runner, "127.0.0.1", port)
        await site.start()
        try:
            await test(f"http://127.0.0.1:{port}/", calls)
        finally:
            finished[0].set()
            await runner.cleanup()

    asyncio.run(main())
    return calls


def test_take_send_release_send_the_token_and_the_agent() -> None:
    results: list[bool] = []

    async def scenario(url: str, _calls: list) -> None:
        client = LiveClient(url, TOKEN)
        results.append(await client.take("visitor:1", "marie.dupont"))
        results.append(await client.send("visitor:1", "marie.dupont", "Bonjour !"))
        results.append(await client.send("rest-visitor", "marie.dupont", "Bonjour !"))
        results.append(await client.release("visitor:1", "marie.dupont"))

    calls = serve(scenario)
    assert results == [True, True, False, True]
    assert [(call["sender"], call["action"]) for call in calls] == [
        ("visitor:1", "take"), ("visitor:1", "message"), ("rest-visitor", "message"), ("visitor:1", "release")]
    assert {call["auth"] for call in calls} == {f"Bearer {TOKEN}"}
    assert calls[0]["json"] == {"agent": "marie.dupont"}
    assert calls[1]["json"] == {"agent": "marie.dupont", "text": "Bonjour !"}
    assert calls[3]["json"] == {"agent": "marie.dupont", "form": False}


def test_a_server_error_is_unavailable_in_french() -> None:
    errors: list[LiveUnavailable] = []

    async def scenario(url: str, _calls: list) -> None:
        with pytest.raises(LiveUnavailable) as caught:
            await LiveClient(url, TOKEN).take("boom", "marie")
        errors.append(caught.value)

    serve(scenario)
    assert errors[0].status == 500
    assert str(errors[0]) == "L'assistant ne répond pas pour le moment\u00a0: réessayez dans un instant."


def test_a_refused_connection_and_a_silent_server_are_unavailable() -> None:
    async def refused() -> None:
        with pytest.raises(LiveUnavailable) as caught:
            await LiveClient(f"http://127.0.0.1:{free_port()}", TOKEN).send("visitor", "marie", "Bonjour")
        assert caught.value.status is None and "ne répond pas" in str(caught.value)

    asyncio.run(refused())

    async def silent(url: str, _calls: list) -> None:
        with pytest.raises(LiveUnavailable):
            await LiveClient(url, TOKEN, timeout_s=0.2).release("slow", "marie")

    serve(silent)


def test_settings_from_the_environment() -> None:
    settings = LiveSettings.from_env({"LIVE_API_TOKEN": " abc ", "LIVE_RASA_URL": "http://rasa:5005/",
                                      "LIVE_HOURS_FILE": "/etc/vae/hours.yaml"})
    assert (settings.api_token, settings.rasa_url, str(settings.hours_file)) == (
        "abc", "http://rasa:5005", "/etc/vae/hours.yaml")
    assert settings.configured
    default = LiveSettings.from_env({})
    assert not default.configured and default.api_token is None
    assert default.rasa_url == "http://127.0.0.1:5005" and default.hours_file.name == "hours.yaml"
