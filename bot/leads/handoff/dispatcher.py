"""Send the pending deliveries (the outbox), retrying with exponential backoff.

Each delivery is claimed, sent and marked in one transaction. A crash anywhere before that
commit leaves it pending, so the next run sends it again with the same ``Idempotency-Key``:
delivery is at least once, and exactly once for a receiver that honours the key. On PostgreSQL
the claim is ``SELECT … FOR UPDATE SKIP LOCKED``, so several dispatchers can run at once; on
SQLite run a single dispatcher.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.leads.config import settings
from bot.leads.db import make_engine, make_session_factory
from bot.leads.handoff import channels_from_settings
from bot.leads.handoff.base import Channel, DeliveryError
from bot.leads.models import DELIVERED, ERROR_MAX, FAILED, PENDING, Delivery
from bot.leads.routing import PorteurDirectory, load_porteurs
from bot.leads.store import utc

logger = logging.getLogger(__name__)
DAILY_S = dt.timedelta(days=1).total_seconds()
DAILY_RETRY_S = 3600.0  # a daily task that failed (database down) is tried again an hour later
FIRST_RETRY_DELAY = dt.timedelta(minutes=0.5)
MAX_RETRY_DELAY = dt.timedelta(hours=1)
MAX_ATTEMPTS = 10


@dataclass
class DispatchReport:
    """What one run did: deliveries sent, rescheduled after a failure, and given up."""

    delivered: int = 0
    retried: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        """Deliveries tried in this run."""
        return self.delivered + self.retried + self.failed


def retry_delay(failures: int) -> dt.timedelta:
    """The wait after the n-th failed attempt: half a minute, doubled each time, at most an hour."""
    return min(FIRST_RETRY_DELAY * 2 ** max(failures - 1, 0), MAX_RETRY_DELAY)


def dispatch_pending(
    session_factory: sessionmaker,
    now: dt.datetime,
    channels: Mapping[str, Channel],
    *,
    porteurs: PorteurDirectory | None = None,
    limit: int | None = None,
) -> DispatchReport:
    """Send every pending delivery due at ``now`` on one of ``channels`` (at most ``limit``).

    Deliveries of a channel missing from ``channels`` stay pending.
    """
    now = utc(now)
    report = DispatchReport()
    if not channels:
        return report
    directory = porteurs or load_porteurs()
    while limit is None or report.attempted < limit:
        with session_factory.begin() as session:
            delivery = _claim(session, now, list(channels))
            if delivery is None:
                break
            _attempt(delivery, channels[delivery.channel], directory, now, report)
    return report


def _claim(session: Session, now: dt.datetime, names: list[str]) -> Delivery | None:
    statement = (
        select(Delivery)
        .where(Delivery.status == PENDING, Delivery.next_attempt_at <= now, Delivery.channel.in_(names))
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(1)
        .with_for_update(skip_locked=True)  # rendered on PostgreSQL; SQLite has no row locks
    )
    return session.execute(statement).scalar_one_or_none()


def _attempt(
    delivery: Delivery,
    channel: Channel,
    directory: PorteurDirectory,
    now: dt.datetime,
    report: DispatchReport,
) -> None:
    lead = delivery.lead
    where = (delivery.id, delivery.channel, lead.reference)  # ids only: no personal data in logs
    delivery.attempts += 1
    try:
        channel.send(delivery, lead, directory.get(lead.porteur_code))
    except Exception as error:  # a failed send is retried; a crash (BaseException) rolls back
        detail = str(error) if isinstance(error, DeliveryError) else f"unexpected {type(error).__name__}"
        delivery.last_error = detail[:ERROR_MAX]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = FAILED
            report.failed += 1
            logger.error("delivery %s (%s) of lead %s given up: %s", *where, detail)
        else:
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
            report.retried += 1
            logger.warning("delivery %s (%s) of lead %s failed: %s", *where, detail)
        return
    delivery.status = DELIVERED
    delivery.delivered_at = now
    report.delivered += 1
    logger.info("delivery %s (%s) of lead %s delivered", *where)


def run_forever(
    interval_s: float,
    *,
    session_factory: sessionmaker | None = None,
    channels: Mapping[str, Channel] | None = None,
    stop: threading.Event | None = None,
    before_run: Callable[[], object] | None = None,
    daily: Callable[[], object] | None = None,
) -> None:
    """Dispatch every ``interval_s`` seconds until ``stop`` is set (a background process's loop);
    run ``daily`` (the retention purge) at start and then once a day.

    Defaults come from the settings. A failed run (database down…) is logged and retried later.
    """
    config = settings()
    engine = None
    if session_factory is None:
        engine = make_engine(config.database_url)
        session_factory = make_session_factory(engine)
    channels = channels_from_settings(config) if channels is None else channels
    stop = stop or threading.Event()
    next_daily = time.monotonic()
    try:
        while not stop.is_set():
            if daily is not None and time.monotonic() >= next_daily:
                try:
                    daily()
                    next_daily = time.monotonic() + DAILY_S
                except Exception:  # noqa: BLE001 - the dispatch must go on
                    logger.exception("daily task failed; retried in an hour")
                    next_daily = time.monotonic() + DAILY_RETRY_S
            try:
                if before_run is not None:
                    before_run()  # e.g. store the leads spooled while the database was down
                report = dispatch_pending(session_factory, dt.datetime.now(dt.timezone.utc), channels)
                if report.attempted:
                    logger.info("dispatch: %s", report)
            except Exception:  # keep the loop alive; the engine hides SQL parameters
                logger.exception("dispatch run failed")
            stop.wait(interval_s)
    finally:
        if engine is not None:
            engine.dispose()
