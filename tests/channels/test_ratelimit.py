"""The sliding windows: the (limit+1)-th message of a sender, or of a client address, in a window
gets a polite French answer; counted in the process, or in Redis shared by every server."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, Iterator

import pytest

from bot.formatting import typography_errors
from channels import ratelimit, shared
from channels.ratelimit import ADDRESS, SENDER, RateLimiter, RedisRateLimiter
from channels.shared import SharedRedis
from tests.channels.redis_server import redis_client

REDIS_DB = 14  # this file's and tests/faults/test_slow_redis.py's, flushed around each test
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
VISITOR = "81.2.69.142"  # a public address (private and loopback ones are not counted)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def admitted(limiter: RateLimiter, sender: str, address: str | None = None) -> bool:
    return asyncio.run(limiter.refused(sender, address)) is None


@pytest.fixture()
def redis_db() -> Iterator[Any]:
    client = redis_client(REDIS_DB)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture()
def fresh_limiter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's limiter is built again from the environment the test sets."""
    monkeypatch.setattr(ratelimit, "_limiter", None)
    monkeypatch.setattr(shared, "_shared", None)
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    for name in ("VAE_RATE_LIMIT_MESSAGES", "VAE_RATE_LIMIT_WINDOW_S", "VAE_RATE_LIMIT_ADDRESS_MESSAGES"):
        monkeypatch.delenv(name, raising=False)


def test_the_limit_is_per_sender_and_the_window_slides() -> None:
    clock = Clock()
    limiter = RateLimiter(3, 60, clock=clock)
    assert [admitted(limiter, "a") for _ in range(4)] == [True, True, True, False]
    assert admitted(limiter, "b")  # another visitor is not slowed down
    clock.now += 59.9
    assert not admitted(limiter, "a")
    clock.now += 0.2  # the first three left the window
    assert admitted(limiter, "a")


def test_refused_messages_do_not_extend_the_wait() -> None:
    clock = Clock()
    limiter = RateLimiter(1, 10, clock=clock)
    assert admitted(limiter, "a")
    for _ in range(50):
        clock.now += 0.1
        assert not admitted(limiter, "a")
    clock.now += 5.1
    assert admitted(limiter, "a")


def test_idle_senders_are_forgotten() -> None:
    clock = Clock()
    limiter = RateLimiter(2, 10, clock=clock)
    for number in range(1001):
        admitted(limiter, f"s{number}")
    clock.now += 11
    admitted(limiter, "last")
    assert len(limiter._seen) < 1001


def test_a_flood_from_one_address_with_a_new_sender_each_time_is_limited() -> None:
    clock = Clock()
    limiter = RateLimiter(3, 60, address_limit=5, clock=clock)
    verdicts = [asyncio.run(limiter.refused(uuid.uuid4().hex, VISITOR)) for _ in range(7)]
    assert verdicts == [None] * 5 + [ADDRESS, ADDRESS]
    assert admitted(limiter, "someone", "81.2.69.143")  # another address is not slowed down
    assert admitted(limiter, "someone-else")  # nor a channel without address (Messenger)
    clock.now += 60.1
    assert admitted(limiter, uuid.uuid4().hex, VISITOR)


def test_a_message_refused_by_one_limit_is_counted_by_neither() -> None:
    limiter = RateLimiter(2, 60, address_limit=3, clock=Clock())
    assert admitted(limiter, "a", VISITOR) and admitted(limiter, "a", VISITOR)
    assert asyncio.run(limiter.refused("a", VISITOR)) == SENDER  # not counted for the address
    assert admitted(limiter, "b", VISITOR)  # third message of the address
    assert asyncio.run(limiter.refused("c", VISITOR)) == ADDRESS  # not counted for « c »
    assert admitted(limiter, "c")


def test_the_answers_are_french_with_the_configured_figures(
        monkeypatch: pytest.MonkeyPatch, fresh_limiter: None) -> None:
    monkeypatch.setenv("VAE_RATE_LIMIT_MESSAGES", "2")
    monkeypatch.setenv("VAE_RATE_LIMIT_ADDRESS_MESSAGES", "3")
    monkeypatch.setenv("VAE_RATE_LIMIT_WINDOW_S", "90")

    async def flood() -> list[str | None]:
        return [await ratelimit.check_rate(sender, VISITOR) for sender in ("x", "x", "x", "y", "z")]

    first, second, by_sender, third, by_address = asyncio.run(flood())
    assert first is second is third is None and by_sender is not None and by_address is not None
    assert "2 messages en 90 secondes par conversation" in by_sender and "Merci de patienter" in by_sender
    assert "3 messages en 90 secondes depuis une même adresse" in by_address and "Merci de patienter" in by_address
    assert typography_errors(by_sender) == [] and typography_errors(by_address) == []


def test_defaults_when_the_settings_are_missing_or_wrong(
        monkeypatch: pytest.MonkeyPatch, fresh_limiter: None) -> None:
    monkeypatch.setenv("VAE_RATE_LIMIT_MESSAGES", "beaucoup")
    monkeypatch.setenv("VAE_RATE_LIMIT_ADDRESS_MESSAGES", "-4")
    limiter = ratelimit.limiter()
    assert (limiter.limit, limiter.window_s, limiter.address_limit) == (
        ratelimit.DEFAULT_MESSAGES, ratelimit.DEFAULT_WINDOW_S, ratelimit.DEFAULT_ADDRESS_MESSAGES)
    assert type(limiter) is RateLimiter  # no Redis needed by default


def test_with_redis_two_servers_share_one_count(redis_db: Any) -> None:
    clock = Clock()
    first = RedisRateLimiter(SharedRedis(REDIS_URL), 3, 60, clock=clock)
    second = RedisRateLimiter(SharedRedis(REDIS_URL), 3, 60, clock=clock)
    sender = f"shared-{uuid.uuid4().hex}"

    async def scenario() -> list[bool]:
        said = [await server.refused(sender) is None for server in (first, second, first, second, first)]
        clock.now += 60.1
        said.append(await second.refused(sender) is None)
        for server in (first, second):
            await server._redis.close()
        return said

    assert asyncio.run(scenario()) == [True, True, True, False, False, True]
    assert redis_db.exists(f"vae:rate:{sender}")


def test_with_redis_a_flood_from_one_address_is_limited_across_servers(redis_db: Any) -> None:
    clock = Clock()
    servers = [RedisRateLimiter(SharedRedis(REDIS_URL), 3, 60, address_limit=4, clock=clock) for _ in range(2)]

    async def flood() -> list[str | None]:
        verdicts = [await servers[n % 2].refused(uuid.uuid4().hex, VISITOR) for n in range(6)]
        verdicts.append(await servers[0].refused("x", "81.2.69.143"))  # another address
        for server in servers:
            await server._redis.close()
        return verdicts

    assert asyncio.run(flood()) == [None] * 4 + [ADDRESS, ADDRESS, None]
    # The address's count is not under the senders' prefix: no sender id can name it.
    assert redis_db.zcard(f"vae:rate-address:{VISITOR}") == 4 and not redis_db.keys(f"vae:rate:{VISITOR}*")


def test_lock_store_url_selects_the_shared_limiter(monkeypatch: pytest.MonkeyPatch, fresh_limiter: None) -> None:
    monkeypatch.setenv("LOCK_STORE_URL", REDIS_URL)
    assert isinstance(ratelimit.limiter(), RedisRateLimiter)
