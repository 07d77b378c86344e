"""The live queue on SQLite and PostgreSQL: requests, places, estimates, takes (one winner), releases."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.orm import sessionmaker

from bot.live import queue

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.timezone.utc)
WAIT = 300


def at(seconds: float) -> dt.datetime:
    return NOW + dt.timedelta(seconds=seconds)


def test_request_waits_and_a_second_request_keeps_the_place(factory: sessionmaker) -> None:
    with factory.begin() as session:
        entry = queue.request(session, "visitor-a", "socketio", NOW, WAIT)
    assert (entry.status, entry.channel, entry.requested_at, entry.deadline_at) == (
        "waiting", "socketio", NOW, at(WAIT))
    assert entry.taken_by is None and entry.updated_at == NOW
    with factory.begin() as session:
        again = queue.request(session, "visitor-a", "socketio", at(60), WAIT)
    assert again == entry
    with factory.begin() as session:
        assert queue.get(session, "visitor-a") == entry
        assert queue.get(session, "nobody") is None


def test_positions_follow_the_order_of_requests(factory: sessionmaker) -> None:
    with factory.begin() as session:
        for index, sender in enumerate(("first", "second", "third")):
            queue.request(session, sender, "socketio", at(index), WAIT)
    with factory.begin() as session:
        assert [queue.position(session, sender) for sender in ("first", "second", "third")] == [1, 2, 3]
        assert queue.take(session, "first", "marie.dupont", at(10))
    with factory.begin() as session:
        assert [queue.position(session, sender) for sender in ("first", "second", "third")] == [0, 1, 2]
        assert queue.position(session, "nobody") == 0


def test_the_estimate_is_the_median_of_recent_takes_capped_by_the_wait(factory: sessionmaker) -> None:
    with factory.begin() as session:
        assert queue.estimated_wait_s(session, NOW, WAIT) == WAIT  # no history: the promised delay
    for index, waited in enumerate((40, 100, 200)):
        sender = f"visitor-{index}"
        with factory.begin() as session:
            queue.request(session, sender, "socketio", at(index * 1000), WAIT)
            assert queue.take(session, sender, "marie", at(index * 1000 + waited))
    with factory.begin() as session:
        assert queue.estimated_wait_s(session, at(5000), WAIT) == 100
        assert queue.estimated_wait_s(session, at(5000), 60) == 60
        assert queue.estimated_wait_s(session, NOW + dt.timedelta(weeks=8), WAIT) == WAIT  # too old


def test_take_once_then_release_and_ask_again(factory: sessionmaker) -> None:
    with factory.begin() as session:
        queue.request(session, "visitor", "facebook", NOW, WAIT)
    with factory.begin() as session:
        assert queue.take(session, "visitor", "marie.dupont", at(30))
        assert not queue.take(session, "visitor", "paul", at(31))  # already taken
    with factory.begin() as session:
        entry = queue.get(session, "visitor")
        assert (entry.status, entry.taken_by, entry.taken_at) == ("taken", "marie.dupont", at(30))
        assert queue.request(session, "visitor", "facebook", at(40), WAIT) == entry  # a taken one stays taken
        assert not queue.release(session, "visitor", "paul", at(50))  # not theirs
        assert queue.release(session, "visitor", "marie.dupont", at(60))
        assert not queue.release(session, "visitor", "marie.dupont", at(61))
    with factory.begin() as session:
        closed = queue.get(session, "visitor")
        assert (closed.status, closed.closed_at) == ("closed", at(60))
        assert not queue.take(session, "visitor", "paul", at(70))  # nobody waits any more
        again = queue.request(session, "visitor", "facebook", at(100), WAIT)
    assert (again.status, again.requested_at, again.deadline_at, again.taken_by, again.closed_at) == (
        "waiting", at(100), at(100 + WAIT), None, None)


def test_miss_then_a_late_take_and_untake(factory: sessionmaker) -> None:
    with factory.begin() as session:
        queue.request(session, "visitor", "socketio", NOW, WAIT)
        assert not queue.miss(session, "nobody", at(WAIT))
    with factory.begin() as session:
        assert queue.miss(session, "visitor", at(WAIT))
        assert not queue.miss(session, "visitor", at(WAIT))
        assert queue.get(session, "visitor").status == "missed"
        assert queue.take(session, "visitor", "marie", at(WAIT + 10))  # the visitor may still be there
    with factory.begin() as session:
        queue.untake(session, "visitor", "paul", at(WAIT + 20))  # not theirs: nothing happens
        assert queue.get(session, "visitor").status == "taken"
        queue.untake(session, "visitor", "marie", at(WAIT + 20))  # past the deadline: missed again
        entry = queue.get(session, "visitor")
    assert (entry.status, entry.taken_by, entry.taken_at) == ("missed", None, None)
    with factory.begin() as session:
        queue.request(session, "other", "socketio", at(1000), WAIT)
        assert queue.take(session, "other", "marie", at(1010))
        queue.untake(session, "other", "marie", at(1020))  # before the deadline: waiting again
        assert queue.get(session, "other").status == "waiting"
        assert queue.position(session, "other") == 1


def test_ongoing_lists_waiting_then_taken_then_recently_missed(factory: sessionmaker) -> None:
    with factory.begin() as session:
        for index, sender in enumerate(("taken", "waiting-1", "waiting-2", "missed-old", "missed-new", "closed")):
            queue.request(session, sender, "socketio", at(index), WAIT)
        queue.take(session, "taken", "marie", at(10))
        queue.miss(session, "missed-old", at(20))
        queue.miss(session, "missed-new", at(4000))
        queue.take(session, "closed", "paul", at(30))
        queue.release(session, "closed", "paul", at(40))
    with factory.begin() as session:
        entries = queue.ongoing(session, at(4000 + 60))
    assert [(entry.sender_id, entry.status) for entry in entries] == [
        ("waiting-1", "waiting"), ("waiting-2", "waiting"), ("taken", "taken"), ("missed-new", "missed")]
    assert all(isinstance(entry, queue.LiveEntry) for entry in entries)


def test_values_are_cut_to_their_columns_and_naive_times_refused(factory: sessionmaker) -> None:
    with factory.begin() as session:
        entry = queue.request(session, "visitor", "a-channel-with-a-very-long-name", NOW, WAIT)
        assert len(entry.channel) == 20
        with pytest.raises(ValueError):
            queue.request(session, "other", "socketio", NOW.replace(tzinfo=None), WAIT)
        with pytest.raises(ValueError):
            queue.request(session, "  ", "socketio", NOW, WAIT)


ROUNDS = 10


def test_two_people_taking_at_once_exactly_one_wins(factory: sessionmaker) -> None:
    """Two sessions, two threads, released together on each conversation: one take wins, every time."""
    senders = [f"race-{index}" for index in range(ROUNDS)]
    with factory.begin() as session:
        for index, sender in enumerate(senders):
            queue.request(session, sender, "socketio", at(index), WAIT)
    barrier = threading.Barrier(2)

    def take_all(user: str) -> list[bool]:
        won = []
        for sender in senders:
            barrier.wait(timeout=30)  # both threads start each race together
            with factory.begin() as session:
                won.append(queue.take(session, sender, user, at(100)))
        return won

    with ThreadPoolExecutor(max_workers=2) as pool:
        marie, paul = pool.map(take_all, ["marie", "paul"])
    assert all(a != b for a, b in zip(marie, paul)), (marie, paul)
    with factory.begin() as session:
        owners = {queue.get(session, sender).taken_by for sender in senders}
        expected = {"marie" if won else "paul" for won in marie}
        assert owners == expected
        assert all(queue.get(session, sender).status == "taken" for sender in senders)


def test_two_servers_asking_for_the_same_new_conversation_at_once_share_one_row(factory: sessionmaker) -> None:
    senders = [f"both-{index}" for index in range(ROUNDS)]
    barrier = threading.Barrier(2)

    def request_all(seconds: int) -> list[queue.LiveEntry]:
        entries = []
        for sender in senders:
            barrier.wait(timeout=30)
            with factory.begin() as session:
                entries.append(queue.request(session, sender, "socketio", at(seconds), WAIT))
        return entries

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(request_all, [1, 2])
    with factory.begin() as session:
        stored = [queue.get(session, sender) for sender in senders]
    for a, b, row in zip(first, second, stored):
        assert row.status == "waiting" and row.requested_at in (at(1), at(2))
        assert a == b == row  # the one inserted first; the other request found it
