"""A slow or stopped Redis: the message that needs it waits at most CALL_TIMEOUT_S and goes
through (fail open), the other conversations of the server are not delayed at all, and the log
says it once. The real Redis (127.0.0.1:6379, db 14) is slowed by a TCP proxy written here."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import uuid
from types import SimpleNamespace
from typing import Any, Callable, Iterator, Optional

import pytest
from multidict import CIMultiDict

from channels import ratelimit, shared
from channels.ratelimit import RateLimiter, RedisRateLimiter
from channels.rest import RestChannel
from channels.shared import CALL_TIMEOUT_S, ChannelMemory, SharedRedis
from tests.channels.redis_server import redis_client
from tests.servers import free_port

REDIS_DB = 14  # shared with tests/channels/test_ratelimit.py, flushed around each test
DELAY_S = 3.0  # per packet, each way: longer than the old synchronous client's 2 s timeout
VISITOR = "81.2.69.142"
# The bound plus what a busy 2-core machine may add to a timer; far below DELAY_S either way.
BOUND_S = CALL_TIMEOUT_S + 0.25
OTHERS_BOUND_S = 0.1  # an independent coroutine's round trip through the loop


class SlowProxy:
    """TCP proxy to the real Redis that holds every packet ``delay_s`` before passing it on.

    It runs its own event loop in a thread: a client that blocked the test's loop must not also
    stop the proxy, or the test would measure the proxy instead of the client.
    """

    def __init__(self, delay_s: float) -> None:
        self.delay_s = delay_s
        self.on_request: Optional[Callable[[], None]] = None  # called, in the proxy's thread, per client packet
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/{REDIS_DB}"

    def start(self) -> "SlowProxy":
        self._thread.start()
        server = asyncio.run_coroutine_threadsafe(asyncio.start_server(self._serve, "127.0.0.1", 0), self._loop)
        self._server = server.result(5)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            self._server.close()
            for task in asyncio.all_tasks() - {asyncio.current_task()}:
                task.cancel()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        redis_reader, redis_writer = await asyncio.open_connection("127.0.0.1", 6379)
        try:
            await asyncio.gather(self._pipe(client_reader, redis_writer, True),
                                 self._pipe(redis_reader, client_writer, False), return_exceptions=True)
        finally:
            for writer in (client_writer, redis_writer):
                writer.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, from_client: bool) -> None:
        while data := await reader.read(65536):
            if from_client and self.on_request is not None:
                self.on_request()
            await asyncio.sleep(self.delay_s)  # the fault itself, not a synchronisation
            writer.write(data)
            await writer.drain()
        writer.close()


@pytest.fixture()
def redis_db() -> Iterator[Any]:
    client = redis_client(REDIS_DB)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture()
def slow_redis(redis_db: Any) -> Iterator[SlowProxy]:
    proxy = SlowProxy(DELAY_S).start()
    yield proxy
    proxy.stop()


def _signal(loop: asyncio.AbstractEventLoop, future: asyncio.Future) -> Callable[[], None]:
    """A callback for the proxy's thread that resolves ``future`` in ``loop`` (once)."""
    return lambda: loop.call_soon_threadsafe(lambda: future.done() or future.set_result(None))


async def _other_conversation(other: RateLimiter, sender: str) -> float:
    """What another visitor's handler does without Redis, timed: one round trip through the loop
    and the in-process limiter."""
    started = time.perf_counter()
    loop = asyncio.get_running_loop()
    tick = loop.create_future()
    loop.call_soon(tick.set_result, None)
    await tick
    await other.refused(sender)
    return time.perf_counter() - started


def test_a_slow_redis_costs_one_message_the_bound_and_the_others_nothing(
        slow_redis: SlowProxy, redis_db: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="channels.shared")
    redis = SharedRedis(slow_redis.url, retry_after_s=0.0)
    limiter = RedisRateLimiter(redis, 1, 60)
    measured: dict[str, Any] = {}

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        at_redis = loop.create_future()
        slow_redis.on_request = _signal(loop, at_redis)
        started = time.perf_counter()
        pending = asyncio.create_task(limiter.refused("slow", VISITOR))
        await at_redis  # the limiter's first command is now held by the proxy
        # Meanwhile, other conversations on the same server (the same event loop).
        other, latencies = RateLimiter(30, 60), []
        for number in range(20):
            latencies.append(await _other_conversation(other, f"other-{number}"))
        assert not pending.done(), "the limiter's call was over before the others ran: it blocked the loop"
        measured["others_max_s"] = max(latencies)
        assert await pending is None  # fail open: the message goes through
        measured["limiter_s"] = time.perf_counter() - started
        # Redis is healthy again: the next message is counted there, and refused past the limit.
        slow_redis.delay_s = 0.0
        assert await limiter.refused("back", VISITOR) is None
        assert await limiter.refused("back", VISITOR) == ratelimit.SENDER
        await redis.close()

    asyncio.run(scenario())
    print(f"limiter call with Redis slowed by {DELAY_S} s: {measured['limiter_s'] * 1000:.0f} ms; "
          f"another conversation meanwhile: at most {measured['others_max_s'] * 1000:.2f} ms")
    assert measured["limiter_s"] < BOUND_S
    assert measured["others_max_s"] < OTHERS_BOUND_S
    assert redis_db.exists("vae:rate:back") and not redis_db.exists("vae:rate:slow")
    logged = [record.getMessage() for record in caplog.records if record.name == "channels.shared"]
    assert len(logged) == 2 and "TimeoutError" in logged[0] and logged[1] == "Redis answers again."


def test_messenger_memory_with_a_slow_redis_falls_back_to_the_process_within_the_bound(
        slow_redis: SlowProxy) -> None:
    memory = ChannelMemory(SharedRedis(slow_redis.url))

    async def scenario() -> tuple[bool, bool, float, float]:
        started = time.perf_counter()
        first = await memory.first_delivery("m1")
        slow_call = time.perf_counter() - started
        started = time.perf_counter()
        again = await memory.first_delivery("m1")  # Redis left alone a while: at once, from the process
        skipped_call = time.perf_counter() - started
        await memory._redis.close()
        return first, again, slow_call, skipped_call

    first, again, slow_call, skipped_call = asyncio.run(scenario())
    print(f"Messenger id with Redis slowed: {slow_call * 1000:.0f} ms, then {skipped_call * 1000:.2f} ms")
    assert first and not again
    assert slow_call < BOUND_S and skipped_call < 0.01


def test_a_stopped_redis_lets_every_message_through_and_is_logged_once(
        caplog: pytest.LogCaptureFixture) -> None:
    closed = f"redis://127.0.0.1:{free_port()}/{REDIS_DB}"  # nothing listens there
    limiter = RedisRateLimiter(SharedRedis(closed, retry_after_s=0.0), 1, 60)  # tried every time

    async def flood() -> list[tuple[Optional[str], float]]:
        verdicts = []
        for _ in range(5):
            started = time.perf_counter()
            verdicts.append((await limiter.refused("x", VISITOR), time.perf_counter() - started))
        return verdicts

    verdicts = asyncio.run(flood())
    assert [verdict for verdict, _ in verdicts] == [None] * 5
    assert max(duration for _, duration in verdicts) < BOUND_S
    logged = [record for record in caplog.records if record.name == "channels.shared"]
    assert len(logged) == 1 and "ConnectionError" in logged[0].getMessage()


def test_rest_with_a_stopped_redis_answers_normally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCK_STORE_URL", f"redis://127.0.0.1:{free_port()}/{REDIS_DB}")
    monkeypatch.setenv("VAE_RATE_LIMIT_MESSAGES", "1")
    monkeypatch.setattr(ratelimit, "_limiter", None)
    monkeypatch.setattr(shared, "_shared", None)

    async def on_new_message(user_message: Any) -> None:
        await user_message.output_channel.send_text_message(user_message.sender_id, "Bonjour !")

    blueprint = RestChannel().blueprint(on_new_message)
    receive = next(r.handler for r in blueprint._future_routes if r.uri == "/webhook")
    body = json.dumps({"sender": uuid.uuid4().hex, "message": "Bonjour"}).encode()

    async def twice() -> list[Any]:
        return [await receive(SimpleNamespace(body=body, ip=VISITOR, headers=CIMultiDict())) for _ in range(2)]

    for reply in asyncio.run(twice()):
        assert reply.status == 200 and json.loads(reply.body)[-1]["text"] == "Bonjour !"
