"""The per-sender sliding window: the (limit+1)-th message in a window gets a polite French answer."""

from __future__ import annotations

import pytest

from bot.formatting import typography_errors
from channels import ratelimit
from channels.ratelimit import RateLimiter
from tests.channels.redis_server import redis_client


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_is_per_sender_and_the_window_slides() -> None:
    clock = Clock()
    limiter = RateLimiter(3, 60, clock)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # another visitor is not slowed down
    clock.now += 59.9
    assert not limiter.allow("a")
    clock.now += 0.2  # the first three left the window
    assert limiter.allow("a")


def test_refused_messages_do_not_extend_the_wait() -> None:
    clock = Clock()
    limiter = RateLimiter(1, 10, clock)
    assert limiter.allow("a")
    for _ in range(50):
        clock.now += 0.1
        assert not limiter.allow("a")
    clock.now += 5.1
    assert limiter.allow("a")


def test_idle_senders_are_forgotten() -> None:
    clock = Clock()
    limiter = RateLimiter(2, 10, clock)
    for number in range(1001):
        limiter.allow(f"s{number}")
    clock.now += 11
    limiter.allow("last")
    assert len(limiter._seen) < 1001


def test_the_answer_is_french_with_the_configured_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAE_RATE_LIMIT_MESSAGES", "2")
    monkeypatch.setenv("VAE_RATE_LIMIT_WINDOW_S", "90")
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    monkeypatch.setattr(ratelimit, "_limiter", None)
    assert ratelimit.check_rate("x") is None and ratelimit.check_rate("x") is None
    answer = ratelimit.check_rate("x")
    assert answer is not None
    assert "2 messages en 90 secondes" in answer and "Merci de patienter" in answer
    assert typography_errors(answer) == []


def test_defaults_when_the_settings_are_missing_or_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAE_RATE_LIMIT_MESSAGES", "beaucoup")
    monkeypatch.delenv("VAE_RATE_LIMIT_WINDOW_S", raising=False)
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    monkeypatch.setattr(ratelimit, "_limiter", None)
    limiter = ratelimit.limiter()
    assert (limiter.limit, limiter.window_s) == (ratelimit.DEFAULT_MESSAGES, ratelimit.DEFAULT_WINDOW_S)


def _redis():
    return redis_client(9)


def test_with_redis_two_servers_share_one_count() -> None:
    import uuid

    from channels.ratelimit import RedisRateLimiter

    client = _redis()
    clock = Clock()
    first, second = RedisRateLimiter(client, 3, 60, clock), RedisRateLimiter(client, 3, 60, clock)
    sender = f"shared-{uuid.uuid4().hex}"
    assert [first.allow(sender), second.allow(sender), first.allow(sender)] == [True, True, True]
    assert not second.allow(sender) and not first.allow(sender)
    clock.now += 60.1
    assert second.allow(sender)
    client.delete(f"vae:rate:{sender}")


def test_a_redis_failure_lets_messages_through() -> None:
    import redis

    from channels.ratelimit import RedisRateLimiter

    unreachable = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=1)
    limiter = RedisRateLimiter(unreachable, 1, 60, Clock())
    assert limiter.allow("x") and limiter.allow("x")


def test_lock_store_url_selects_the_shared_limiter(monkeypatch: pytest.MonkeyPatch) -> None:
    from channels.ratelimit import RedisRateLimiter

    monkeypatch.setenv("LOCK_STORE_URL", "redis://127.0.0.1:6379/9")
    monkeypatch.setattr(ratelimit, "_limiter", None)
    assert isinstance(ratelimit.limiter(), RedisRateLimiter)
