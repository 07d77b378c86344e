"""The client address the limit counts: X-Forwarded-For believed only from TRUSTED_PROXIES; and
through the REST and socket.io handlers, a flood with a new sender id each message is limited."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import uuid
from types import SimpleNamespace
from typing import Any, Optional

import pytest
from multidict import CIMultiDict

from channels import ratelimit, shared
from channels.addresses import client_address, counted_address, trusted_proxies
from channels.messages import message
from channels.rest import RestChannel
from channels.socketio import SocketIOChannel

PROXIES = trusted_proxies({"TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.5 2001:db8::/32"})
VISITOR, OTHER = "81.2.69.142", "81.2.69.143"  # public addresses


def address(peer: Optional[str], forwarded: str = "") -> Optional[str]:
    return counted_address(client_address(peer, forwarded, PROXIES))


def test_trusted_proxies_comma_or_space_separated_and_wrong_entries_ignored(caplog: pytest.LogCaptureFixture) -> None:
    assert PROXIES == (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("192.168.1.5/32"),
                       ipaddress.ip_network("2001:db8::/32"))
    assert trusted_proxies({"TRUSTED_PROXIES": "10.1.2.3,,proxy.internal  ::1"}) == (
        ipaddress.ip_network("10.1.2.3/32"), ipaddress.ip_network("::1/128"))
    assert "proxy.internal" in caplog.text
    assert trusted_proxies({}) == ()


def test_x_forwarded_for_is_ignored_from_an_untrusted_peer() -> None:
    assert address(VISITOR, OTHER) == VISITOR
    assert address(VISITOR, f"10.0.0.1, {OTHER}") == VISITOR
    assert client_address("192.168.1.6", VISITOR, PROXIES) == ipaddress.ip_address("192.168.1.6")


def test_x_forwarded_for_is_honoured_from_a_trusted_peer() -> None:
    assert address("10.0.0.7", VISITOR) == VISITOR
    assert address("192.168.1.5", f"{OTHER} , {VISITOR}") == VISITOR  # the hop the proxy saw
    assert address("10.0.0.7", f"{OTHER}, 10.9.9.9") == OTHER  # a chain of trusted proxies
    assert address("2001:db8::5", VISITOR) == VISITOR
    assert address("::ffff:10.0.0.7", VISITOR) == VISITOR  # IPv4 seen through an IPv6 socket


def test_what_a_client_writes_before_the_proxy_cannot_choose_its_address() -> None:
    # The proxy appends the address it saw; whatever the client sent is further left.
    assert address("10.0.0.7", f"1.2.3.4, 127.0.0.1, {VISITOR}") == VISITOR
    # Garbled where the proxy writes: the proxy is the last address vouched for.
    assert client_address("10.0.0.7", f"{OTHER}, pas-une-adresse", PROXIES) == ipaddress.ip_address("10.0.0.7")
    assert address("10.0.0.7", f"pas-une-adresse, {VISITOR}") == VISITOR  # garbled by the client: never read
    assert address("10.0.0.7", "") is None  # the proxy itself (a health check): private, not counted


def test_only_public_addresses_are_counted() -> None:
    for peer in ("127.0.0.1", "::1", "10.1.2.3", "172.17.0.1", "192.168.0.9", "100.64.0.1", None, "unix:/run/x"):
        assert address(peer) is None, peer
    assert address(VISITOR) == VISITOR and address("2a01:e0a::1") == "2a01:e0a::1"


@pytest.fixture()
def limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh in-process limiter: 3 per sender, 4 per address."""
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    monkeypatch.setenv("VAE_RATE_LIMIT_MESSAGES", "3")
    monkeypatch.setenv("VAE_RATE_LIMIT_ADDRESS_MESSAGES", "4")
    monkeypatch.setenv("VAE_RATE_LIMIT_WINDOW_S", "60")
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8")
    monkeypatch.setattr(ratelimit, "_limiter", None)
    monkeypatch.setattr(shared, "_shared", None)


REFUSED = message("rate_limited_address", messages="4", seconds="60")


def rest_flood(messages: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """POST each (peer, X-Forwarded-For) with a new sender id; (texts Rasa saw, answers)."""
    seen: list[str] = []

    async def on_new_message(user_message: Any) -> None:
        seen.append(user_message.text)
        await user_message.output_channel.send_text_message(user_message.sender_id, "Bonjour !")

    blueprint = RestChannel().blueprint(on_new_message)
    receive = next(r.handler for r in blueprint._future_routes if r.uri == "/webhook")

    async def flood() -> list[str]:
        answers = []
        for number, (peer, forwarded) in enumerate(messages):
            body = json.dumps({"sender": uuid.uuid4().hex, "message": f"message {number}"}).encode()
            headers = CIMultiDict([("X-Forwarded-For", forwarded)] if forwarded else [])
            reply = await receive(SimpleNamespace(body=body, ip=peer, headers=headers))
            assert reply.status == 200
            answers.append(json.loads(reply.body)[-1]["text"])
        return answers

    return seen, asyncio.run(flood())


def test_rest_a_flood_from_one_address_with_new_senders_is_limited(limits: None) -> None:
    seen, answers = rest_flood([(VISITOR, "")] * 6 + [(OTHER, "")])
    assert seen == [f"message {n}" for n in range(4)] + ["message 6"]
    assert answers[4:6] == [REFUSED, REFUSED] and answers[6] == "Bonjour !"


def test_rest_x_forwarded_for_from_an_untrusted_peer_does_not_escape_the_limit(limits: None) -> None:
    # A new made-up address each time: ignored, the peer is counted.
    _, answers = rest_flood([(VISITOR, f"81.2.70.{n}") for n in range(5)])
    assert answers[-1] == REFUSED


def test_rest_x_forwarded_for_from_a_trusted_proxy_counts_each_visitor(limits: None) -> None:
    # Five visitors behind the proxy are not one; one visitor behind it is limited.
    _, answers = rest_flood([("10.0.0.7", f"81.2.70.{n}") for n in range(5)])
    assert REFUSED not in answers
    _, answers = rest_flood([("10.0.0.7", f"203.0.113.1, {VISITOR}") for _ in range(5)])
    assert answers[-1] == REFUSED


def test_socketio_counts_the_address_of_the_browsers_handshake(limits: None) -> None:
    channel = SocketIOChannel()
    seen: list[str] = []

    async def on_new_message(user_message: Any) -> None:
        seen.append(user_message.text)

    channel.blueprint(on_new_message)
    handshake = {"sanic.request": SimpleNamespace(ip="10.0.0.7"), "HTTP_X_FORWARDED_FOR": VISITOR}
    channel.sio.get_environ = lambda sid, namespace=None: handshake  # type: ignore[union-attr]
    sent: list[Any] = []

    async def emit(event: str, data: Any, **_: Any) -> None:
        sent.append(data)

    channel.sio.emit = emit  # type: ignore[union-attr]

    async def flood() -> None:
        for number in range(5):
            await channel._user_uttered(f"sid{number}", {"message": f"message {number}"}, on_new_message)

    asyncio.run(flood())
    assert seen == [f"message {n}" for n in range(4)]
    assert sent[-1]["text"] == REFUSED


def test_through_sanic_the_peer_and_the_header_are_read_as_a_proxy_sends_them(
        limits: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real HTTP into the REST blueprint on a bare Sanic app (no Rasa): 127.0.0.1 as the proxy."""
    import aiohttp
    from sanic import Sanic

    from tests.servers import free_port

    async def on_new_message(user_message: Any) -> None:
        await user_message.output_channel.send_text_message(user_message.sender_id, "Bonjour !")

    # Sanic 21.12 rewrites its class's handle_request at an app's start, and cannot rewrite the
    # result: test mode makes it start from the original each time; it is restored afterwards.
    monkeypatch.setattr(Sanic, "handle_request", Sanic.handle_request)
    monkeypatch.setattr(Sanic, "test_mode", True)

    async def flood(trusted: str) -> list[str]:
        monkeypatch.setenv("TRUSTED_PROXIES", trusted)
        monkeypatch.setattr(ratelimit, "_limiter", None)
        app = Sanic(f"addresses_{uuid.uuid4().hex}")
        app.blueprint(RestChannel().blueprint(on_new_message), url_prefix="/webhooks/rest")
        port = free_port()
        server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
        await server.startup()
        answers = []
        try:
            async with aiohttp.ClientSession() as session:
                for _ in range(5):
                    async with session.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                                            json={"sender": uuid.uuid4().hex, "message": "Bonjour"},
                                            headers={"X-Forwarded-For": f"1.2.3.4, {VISITOR}"}) as reply:
                        assert reply.status == 200
                        answers.append((await reply.json())[-1]["text"])
        finally:
            server.close()
            await server.wait_closed()
        return answers

    assert asyncio.run(flood("127.0.0.1"))[-1] == REFUSED  # the visitor behind the proxy is counted
    assert REFUSED not in asyncio.run(flood(""))  # the header ignored: a loopback peer, not counted
