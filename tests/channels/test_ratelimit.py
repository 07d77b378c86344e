"""The per-sender sliding window: the (limit+1)-th message in a window gets a polite French answer."""

from __future__ import annotations

import pytest

from bot.formatting import typography_errors
from channels import ratelimit
from channels.ratelimit import RateLimiter


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
    monkeypatch.setattr(ratelimit, "_limiter", None)
    assert ratelimit.check_rate("x") is None and ratelimit.check_rate("x") is None
    answer = ratelimit.check_rate("x")
    assert answer is not None
    assert "2 messages en 90 secondes" in answer and "Merci de patienter" in answer
    assert typography_errors(answer) == []


def test_defaults_when_the_settings_are_missing_or_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAE_RATE_LIMIT_MESSAGES", "beaucoup")
    monkeypatch.delenv("VAE_RATE_LIMIT_WINDOW_S", raising=False)
    monkeypatch.setattr(ratelimit, "_limiter", None)
    limiter = ratelimit.limiter()
    assert (limiter.limit, limiter.window_s) == (ratelimit.DEFAULT_MESSAGES, ratelimit.DEFAULT_WINDOW_S)
