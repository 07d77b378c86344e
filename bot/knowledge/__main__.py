"""``python -m bot.knowledge review [--days 28] [--below 0.6] [--out FILE]`` then ``add FILE``;
``check`` checks the knowledge base and its examples."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Sequence, TextIO

from bot.knowledge.nlu_files import ROOT
from bot.knowledge.review import REVIEW_FILE, UNSURE_BELOW, add_labelled, unsure_messages, write_review
from bot.leads.db import make_engine
from bot.privacy.conversations import ConversationLog, tracker_url_from_env

DEFAULT_OUT = Path("var") / "review" / "messages.yml"
DEFAULT_DAYS = 28


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="python -m bot.knowledge", description=__doc__)
    commands = main_parser.add_subparsers(dest="command", required=True)
    review = commands.add_parser("review", help="export the messages not understood or unsure, for labelling")
    review.add_argument("--days", type=int, default=DEFAULT_DAYS, help="how far back (default 28)")
    review.add_argument("--below", type=float, default=UNSURE_BELOW, help="confidence under which a message is unsure")
    review.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default {DEFAULT_OUT}")
    add = commands.add_parser("add", help=f"add the labelled messages to {REVIEW_FILE}")
    add.add_argument("file", type=Path)
    commands.add_parser("check", help="check the knowledge base: sources, figures, dates, examples")
    return main_parser


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, root: Path = ROOT) -> int:
    """Run one command; return the exit code."""
    args = parser().parse_args(argv)
    if args.command == "check":
        from bot.knowledge.check import main as check_main

        return check_main()
    if args.command == "review":
        engine = make_engine(tracker_url_from_env())
        try:
            if not ConversationLog(engine).available():
                items = []
            else:
                since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=args.days)
                items = unsure_messages(engine, since, args.below)
        finally:
            engine.dispose()
        write_review(items, args.out)
        print(f"{len(items)} message(s) to label in {args.out}", file=out)
        return 0
    if not args.file.exists():
        print(f"{args.file}: no such file", file=sys.stderr)
        return 2
    report = add_labelled(args.file, root)
    print(f"{report.added} added to {REVIEW_FILE}, {report.heldout} refused (held-out set), "
          f"{report.duplicates} already trained, {report.unlabelled} without a label", file=out)
    if report.unknown_intents:
        print(f"unknown intents (not in domain.yml): {', '.join(report.unknown_intents)}", file=out)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
