"""Operate the leads: ``python -m bot.leads export|erase|purge|dispatch|migrate``.

Every command first brings the schema up to date (``migrate``), then works on ``DATABASE_URL``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from typing import Sequence, TextIO

from bot.leads.config import settings
from bot.leads.db import make_engine, make_session_factory, migrate
from bot.leads.export import to_csv, to_json
from bot.leads.handoff import channels_from_settings
from bot.leads.handoff.dispatcher import dispatch_pending, run_forever
from bot.leads.service import flush_spool
from bot.leads.store import LeadStore
from bot.privacy.conversations import log_from_env
from bot.privacy.erasure import erase
from bot.privacy.retention import purge

DEFAULT_INTERVAL_S = 60.0
OPERATOR = "ligne de commande"  # the audit line's author for an erasure made here


def parser() -> argparse.ArgumentParser:
    """The command line."""
    main_parser = argparse.ArgumentParser(prog="python -m bot.leads", description=__doc__)
    commands = main_parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write the leads to standard output")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument(
        "--since", type=dt.date.fromisoformat, metavar="YYYY-MM-DD", help="leads created on or after (UTC)"
    )
    erase = commands.add_parser(
        "erase", help="erase one person: their leads, their conversations and what Redis keeps of them")
    who = erase.add_mutually_exclusive_group(required=True)
    who.add_argument("--email")
    who.add_argument("--phone")
    purge = commands.add_parser(
        "purge", help="delete the leads not updated for N months and the conversations idle for D days")
    purge.add_argument("--months", type=int, help="default: LEADS_RETENTION_MONTHS")
    purge.add_argument("--days", type=int, help="default: CONVERSATIONS_RETENTION_DAYS")
    dispatch = commands.add_parser("dispatch", help="send the pending deliveries")
    dispatch.add_argument("--once", action="store_true", help="one run, then exit")
    dispatch.add_argument("--interval", type=float, default=DEFAULT_INTERVAL_S, help="seconds between runs")
    commands.add_parser(
        "redact-history", help="mask the contact details in conversations stored before redaction existed")
    commands.add_parser("migrate", help="create or upgrade the tables")
    return main_parser


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    """Run one command; return the exit code."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    config = settings()
    migrate(config.database_url)
    if args.command == "migrate":
        print("schema up to date", file=out)
        return 0
    engine = make_engine(config.database_url)
    factory = make_session_factory(engine)
    now = dt.datetime.now(dt.timezone.utc)
    try:
        if args.command == "export":
            with factory.begin() as session:
                rows = LeadStore(session, channels=[]).export(args.since)
            out.write(to_csv(rows) if args.format == "csv" else to_json(rows))
        elif args.command == "erase":
            report = erase(author=OPERATOR, now=now, email=args.email, phone=args.phone, leads_factory=factory,
                           log=log_from_env())
            print(f"{report.leads} lead(s) erased", file=out)
            print(f"{report.conversations} conversation(s) erased ({report.events} events, "
                  f"{report.memory_keys} Redis keys)", file=out)
            if report.delivered:
                print(f"{report.delivered} of these leads had been delivered to a porteur: "
                      "ask the porteur to erase their copy", file=out)
        elif args.command == "purge":
            months = args.months or config.retention_months
            days = args.days or config.conversations_retention_days
            purged = purge(now, lead_months=months, conversation_days=days, leads_factory=factory, log=log_from_env())
            print(f"{purged.leads} lead(s) older than {months} months purged", file=out)
            print(f"{purged.conversations} conversation(s) idle for more than {days} days purged "
                  f"({purged.events} events)", file=out)
        elif args.command == "redact-history":
            print(f"{log_from_env().redact_stored()} stored event(s) redacted", file=out)
        elif args.once:
            spooled = flush_spool(now)
            if spooled:
                print(f"{spooled} spooled lead(s) stored", file=out)
            report = dispatch_pending(factory, now, channels_from_settings(config))
            print(f"delivered {report.delivered}, retried {report.retried}, failed {report.failed}", file=out)
        else:
            redacted_history: list[int] = []

            def daily_purge() -> None:
                log = log_from_env()
                if not redacted_history:  # once per start: conversations stored before redaction existed
                    redacted_history.append(log.redact_stored())
                    logging.getLogger("bot.leads").info("%d stored event(s) redacted", redacted_history[0])
                purged = purge(dt.datetime.now(dt.timezone.utc), lead_months=config.retention_months,
                               conversation_days=config.conversations_retention_days, leads_factory=factory,
                               log=log)
                logging.getLogger("bot.leads").info("retention: %s", purged)

            run_forever(args.interval, session_factory=factory, before_run=flush_spool, daily=daily_purge)
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
