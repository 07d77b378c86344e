"""The outbox dispatcher and the webhook channel against a local HTTP receiver, on both databases.

Fault tests count leads submitted against distinct leads that arrived (idempotency keys).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from typing import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from bot.leads.db import make_engine, make_session_factory
from bot.leads.handoff import DeliveryError
from bot.leads.handoff.dispatcher import MAX_ATTEMPTS, dispatch_pending, retry_delay, run_forever
from bot.leads.handoff.webhook import WebhookChannel
from bot.leads.models import DELIVERED, FAILED, PENDING, Delivery
from bot.leads.routing import PorteurDirectory
from bot.leads.store import LeadStore
from tests.leads import receiver as http_receiver
from tests.leads.conftest import NOW, free_port, lead_data

SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def receiver() -> Iterator[http_receiver.Receiver]:
    receiver = http_receiver.Receiver()
    server, thread = http_receiver.start(receiver)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/leads"  # type: ignore[attr-defined]
    yield receiver
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def webhook(
    url: str, secret: str = http_receiver.SECRET, timeout_s: float = 5.0
) -> dict[str, WebhookChannel]:
    return {"webhook": WebhookChannel(url, secret, timeout_s)}


def submit_many(
    factory: sessionmaker, porteurs: PorteurDirectory, count: int, channels=("webhook",)
) -> list[str]:
    references = []
    with factory.begin() as session:
        store = LeadStore(session, channels=list(channels), porteurs=porteurs)
        for number in range(count):
            lead = store.submit(lead_data(email=f"lead{number}@exemple.fr", conversation_id=f"c{number}"), NOW)
            references.append(lead.reference)
    return references


def keys(factory: sessionmaker, *conditions) -> set[str]:
    with factory() as session:
        return set(session.execute(select(Delivery.idempotency_key).where(*conditions)).scalars())


def report_figures(name: str, submitted: int, receiver: http_receiver.Receiver) -> None:
    posts = sum(receiver.posts.values())
    print(f"\n{name}: {submitted} leads submitted, {len(receiver.leads)} arrived, {posts} POSTs")


def test_a_delivered_lead_is_signed_and_complete(
    factory: sessionmaker, porteurs: PorteurDirectory, receiver
) -> None:
    [reference] = submit_many(factory, porteurs, 1)
    report = dispatch_pending(factory, NOW, webhook(receiver.url), porteurs=porteurs)
    assert (report.delivered, report.retried, report.failed) == (1, 0, 0)
    [payload] = receiver.leads.values()
    assert receiver.bad_signatures == 0
    assert payload["lead"]["reference"] == reference and payload["lead"]["email"] == "lead0@exemple.fr"
    assert payload["qualification"]["verdict"] == "eligible"
    assert payload["porteur"] == {
        "code": "default", "name": "Porteur de projet", "email": "contact@porteur.example"
    }
    assert "conversation" not in json.dumps(payload)
    assert receiver.headers[0]["Content-Type"].startswith("application/json")
    with factory() as session:
        delivery = session.execute(select(Delivery)).scalar_one()
        assert (delivery.status, delivery.attempts, delivery.delivered_at) == (DELIVERED, 1, NOW)
    assert dispatch_pending(factory, NOW + SECOND, webhook(receiver.url), porteurs=porteurs).attempted == 0


def test_a_wrong_secret_is_refused_by_the_receiver(
    factory: sessionmaker, porteurs: PorteurDirectory, receiver
) -> None:
    submit_many(factory, porteurs, 1)
    report = dispatch_pending(factory, NOW, webhook(receiver.url, secret="autre"), porteurs=porteurs)
    assert report.retried == 1 and receiver.bad_signatures == 1 and not receiver.leads
    with factory() as session:
        assert session.execute(select(Delivery.last_error)).scalar_one() == "webhook answered HTTP 401"


def test_no_secret_sends_nothing(factory: sessionmaker, porteurs: PorteurDirectory, receiver) -> None:
    submit_many(factory, porteurs, 1)
    assert dispatch_pending(factory, NOW, webhook(receiver.url, secret=""), porteurs=porteurs).retried == 1
    assert sum(receiver.posts.values()) == 0


def test_webhook_down_then_500_then_up_delivers_each_lead_exactly_once(
    factory: sessionmaker, porteurs: PorteurDirectory, receiver
) -> None:
    submitted = 20
    submit_many(factory, porteurs, submitted)
    down = webhook(f"http://127.0.0.1:{free_port()}/leads")  # connection refused
    refused = dispatch_pending(factory, NOW, down, porteurs=porteurs)
    assert (refused.delivered, refused.retried) == (0, submitted)
    backoff = dispatch_pending(factory, NOW + SECOND, webhook(receiver.url), porteurs=porteurs)
    assert backoff.attempted == 0

    receiver.mode = "error"
    second = NOW + retry_delay(1)
    assert dispatch_pending(factory, second, webhook(receiver.url), porteurs=porteurs).retried == submitted
    receiver.mode = "ok"
    third = second + retry_delay(2)
    assert dispatch_pending(factory, third, webhook(receiver.url), porteurs=porteurs).delivered == submitted
    later = dispatch_pending(factory, third + dt.timedelta(hours=2), webhook(receiver.url), porteurs=porteurs)
    assert later.attempted == 0

    report_figures("down/500/up", submitted, receiver)
    assert set(receiver.leads) == keys(factory) == keys(factory, Delivery.status == DELIVERED)
    assert len(receiver.leads) == submitted
    assert all(receiver.posts[key] == 2 for key in receiver.leads)  # the 500, then the success: no duplicate
    with factory() as session:
        assert set(session.execute(select(Delivery.attempts)).scalars()) == {3}


def test_a_crash_after_the_commit_loses_nothing(
    database_url: str, porteurs: PorteurDirectory, receiver
) -> None:
    submitted = 5
    engine = make_engine(database_url)
    references = submit_many(make_session_factory(engine), porteurs, submitted)
    engine.dispose()  # the process dies before any dispatch

    engine = make_engine(database_url)
    try:
        report = dispatch_pending(make_session_factory(engine), NOW, webhook(receiver.url), porteurs=porteurs)
    finally:
        engine.dispose()
    report_figures("crash after commit", submitted, receiver)
    assert report.delivered == submitted
    assert sorted(payload["lead"]["reference"] for payload in receiver.leads.values()) == sorted(references)
    assert all(count == 1 for count in receiver.posts.values())


class SimulatedCrash(BaseException):
    """The dispatcher process dies (not an Exception: nothing catches it)."""


class CrashAfterSending:
    """Sends for real, then dies before the delivery is marked."""

    def __init__(self, channel: WebhookChannel) -> None:
        self.channel = channel

    def send(self, delivery, lead, porteur) -> None:
        self.channel.send(delivery, lead, porteur)
        raise SimulatedCrash


def test_a_crash_after_sending_resends_with_the_same_key(
    factory: sessionmaker, porteurs: PorteurDirectory, receiver
) -> None:
    submitted = 5
    submit_many(factory, porteurs, submitted)
    crashing = {"webhook": CrashAfterSending(webhook(receiver.url)["webhook"])}
    with pytest.raises(SimulatedCrash):
        dispatch_pending(factory, NOW, crashing, porteurs=porteurs)
    [sent] = receiver.leads
    assert sent in keys(factory, Delivery.status == PENDING)  # sent, but the crash left it pending

    report = dispatch_pending(factory, NOW, webhook(receiver.url), porteurs=porteurs)
    report_figures("crash after send", submitted, receiver)
    assert report.delivered == submitted and len(receiver.leads) == submitted
    assert receiver.posts[sent] == 2  # at least once, with the same key: the receiver keeps one
    assert all(count == 1 for key, count in receiver.posts.items() if key != sent)


def test_two_dispatchers_at_once_on_postgresql_never_send_twice(
    backend: str, factory: sessionmaker, porteurs: PorteurDirectory, receiver
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has no row locks: run a single dispatcher there")
    submitted = 30
    submit_many(factory, porteurs, submitted)
    receiver.hold_first(2, timeout_s=10)  # fails if one dispatcher waits for the other's lock
    channels = webhook(receiver.url, timeout_s=15)
    reports = []

    def dispatcher() -> None:
        reports.append(dispatch_pending(factory, NOW, channels, porteurs=porteurs))

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    report_figures("two dispatchers", submitted, receiver)
    assert not receiver.barrier_broken
    assert sum(report.delivered for report in reports) == submitted
    assert len(receiver.leads) == submitted and all(count == 1 for count in receiver.posts.values())
    assert all(report.delivered > 0 for report in reports)


class AlwaysFailing:
    def send(self, delivery, lead, porteur) -> None:
        raise DeliveryError("porteur injoignable")


def test_backoff_then_give_up_after_ten_attempts(factory: sessionmaker, porteurs: PorteurDirectory) -> None:
    submit_many(factory, porteurs, 1)
    now, waits = NOW, []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        report = dispatch_pending(factory, now, {"webhook": AlwaysFailing()}, porteurs=porteurs)
        with factory() as session:
            delivery = session.execute(select(Delivery)).scalar_one()
        assert delivery.attempts == attempt and delivery.last_error == "porteur injoignable"
        if attempt < MAX_ATTEMPTS:
            assert report.retried == 1
            waits.append(int((delivery.next_attempt_at - now).total_seconds()))
            now = delivery.next_attempt_at
        else:
            assert report.failed == 1 and delivery.status == FAILED
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    after = dispatch_pending(factory, now + dt.timedelta(days=1), {"webhook": AlwaysFailing()}, porteurs=porteurs)
    assert after.attempted == 0


def test_an_unexpected_error_is_retried_without_its_message(
    factory: sessionmaker, porteurs: PorteurDirectory
) -> None:
    class Broken:
        def send(self, delivery, lead, porteur) -> None:
            raise KeyError(lead.email)

    submit_many(factory, porteurs, 1)
    assert dispatch_pending(factory, NOW, {"webhook": Broken()}, porteurs=porteurs).retried == 1
    with factory() as session:
        assert session.execute(select(Delivery.last_error)).scalar_one() == "unexpected KeyError"


def test_a_channel_not_given_stays_pending(
    factory: sessionmaker, porteurs: PorteurDirectory, receiver
) -> None:
    submit_many(factory, porteurs, 2, channels=("webhook", "email"))
    report = dispatch_pending(factory, NOW, webhook(receiver.url), porteurs=porteurs)
    assert report.delivered == 2
    with factory() as session:
        rows = session.execute(select(Delivery.channel, Delivery.status).order_by(Delivery.channel)).all()
    assert sorted(set(rows)) == [("email", PENDING), ("webhook", DELIVERED)]
    assert dispatch_pending(factory, NOW, {}, porteurs=porteurs).attempted == 0


def test_no_personal_data_in_the_logs(
    factory: sessionmaker, porteurs: PorteurDirectory, receiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with factory.begin() as session:
        lead = LeadStore(session, channels=["webhook"], porteurs=porteurs).submit(
            lead_data(
                name="Zoé Secrète", email="zoe.secrete@exemple.fr", phone="06 98 76 54 32", message="Message privé"
            ),
            NOW,
        )
    dispatch_pending(factory, NOW, webhook(f"http://127.0.0.1:{free_port()}/x"), porteurs=porteurs)
    dispatch_pending(factory, NOW + dt.timedelta(hours=1), webhook(receiver.url), porteurs=porteurs)
    with factory.begin() as session:
        LeadStore(session, channels=[]).erase_contact(email="zoe.secrete@exemple.fr")
    logged = caplog.text.lower()
    assert lead.reference.lower() in logged and "delivered" in logged
    for secret in ("zoé", "secrete", "secrète", "698765432", "privé", "exemple.fr"):
        assert secret not in logged


def test_run_forever_dispatches_until_stopped(
    factory: sessionmaker, porteurs: PorteurDirectory, receiver, monkeypatch
) -> None:
    submit_many(factory, porteurs, 3)
    monkeypatch.setenv("LEAD_MAIL_TO", "contact@porteur.example")
    stop = threading.Event()
    thread = threading.Thread(
        target=run_forever,
        args=(0.05,),
        kwargs=dict(session_factory=factory, channels=webhook(receiver.url), stop=stop),
    )
    thread.start()
    try:
        for _ in range(400):  # bounded poll, at most about 20 s
            if len(receiver.leads) == 3:
                break
            stop.wait(0.05)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive() and len(receiver.leads) == 3
