"""Messenger's memory (message ids taken, choices shown) is shared through Redis, so a redelivery
or a typed number reaching another server behaves as on one server; without Redis, or when it
fails, each process remembers for itself."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, Iterator

import pytest

from channels.messenger import MessengerChannel, MessengerOutput, MessengerSettings
from bot.privacy.memory import MESSENGER_PREFIX as KEY_PREFIX
from channels.shared import ChannelMemory, SharedRedis, shared_redis
from tests.channels.redis_server import redis_client
from tests.channels.send_api import SendApi
from tests.channels.test_messenger_channel import SECRET, request, route

REDIS_URL = "redis://127.0.0.1:6379/11"
CHOICES = [{"title": f"Choix {n}", "payload": f"/choice{n}"} for n in range(1, 16)]


@pytest.fixture()
def redis_db() -> Iterator[Any]:
    client = redis_client(11)
    yield client
    for key in client.scan_iter(f"{KEY_PREFIX}*"):
        client.delete(key)
    client.close()


async def remembers(memory: ChannelMemory) -> bool:
    """Ids and choices kept, whoever keeps them."""
    ids = await memory.first_delivery("m1") and not await memory.first_delivery("m1")
    await memory.remember_choices("u1", CHOICES)
    return ids and await memory.first_delivery(None) and await memory.choices("u1") == CHOICES


def test_without_redis_the_process_remembers() -> None:
    memory = ChannelMemory()
    assert asyncio.run(memory.choices("u1")) == []
    assert asyncio.run(remembers(memory))


def test_lock_store_url_selects_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    assert shared_redis() is None and ChannelMemory.from_env()._redis is None
    monkeypatch.setenv("LOCK_STORE_URL", REDIS_URL)
    assert shared_redis().url == REDIS_URL and ChannelMemory.from_env()._redis is shared_redis()


def test_two_servers_share_ids_and_choices(redis_db: Any) -> None:
    first, second = ChannelMemory(SharedRedis(REDIS_URL)), ChannelMemory(SharedRedis(REDIS_URL))
    mid, user = f"m-{uuid.uuid4().hex}", f"u-{uuid.uuid4().hex}"

    async def scenario() -> None:
        assert await first.first_delivery(mid)
        assert not await second.first_delivery(mid)  # Facebook's redelivery reached the other server
        await first.remember_choices(user, CHOICES)
        assert await second.choices(user) == CHOICES
        for memory in (first, second):
            await memory._redis.close()

    asyncio.run(scenario())
    assert 0 < redis_db.ttl(f"{KEY_PREFIX}mid:{mid}") <= 24 * 3600


def test_when_redis_fails_each_process_remembers_and_nothing_is_dropped() -> None:
    assert asyncio.run(remembers(ChannelMemory(SharedRedis("redis://127.0.0.1:1/11"))))


def test_a_redelivery_and_a_typed_number_at_another_server(redis_db: Any) -> None:
    """Server A shows 15 choices and takes message m1; Facebook redelivers m1 to server B, then
    the user's « 14 » reaches B: B ignores m1 and reads « 14 » as the fourteenth choice."""
    api = SendApi().start()
    try:
        settings = MessengerSettings("v", SECRET, "t", api.url)
        server_a = MessengerChannel(settings, ChannelMemory(SharedRedis(REDIS_URL)))
        server_b = MessengerChannel(settings, ChannelMemory(SharedRedis(REDIS_URL)))
        user, mid = f"u-{uuid.uuid4().hex}", f"m-{uuid.uuid4().hex}"
        said: list[tuple[str, str]] = []

        def on_new_message(server: str):
            async def handle(message: Any) -> None:
                said.append((server, message.text))
                if message.text == "Bonjour":
                    await MessengerOutput(server_a.api, server_a.memory).send_text_with_buttons(
                        message.sender_id, "Que souhaitez-vous faire ?", CHOICES)
            return handle

        def event(mid: str, text: str) -> dict:
            return {"object": "page", "entry": [{"messaging": [
                {"sender": {"id": user}, "message": {"mid": mid, "text": text}}]}]}

        async def scenario() -> None:
            await route(server_a, "POST", on_new_message("A"))(request(event(mid, "Bonjour")))
            await asyncio.gather(*server_a.tasks)
            receive_b = route(server_b, "POST", on_new_message("B"))
            assert (await receive_b(request(event(mid, "Bonjour")))).status == 200
            await receive_b(request(event(f"m-{uuid.uuid4().hex}", "14")))
            await asyncio.gather(*server_b.tasks)
            for server in (server_a, server_b):
                await server.memory._redis.close()

        asyncio.run(scenario())
        assert said == [("A", "Bonjour"), ("B", "/choice14")]
    finally:
        api.stop()
