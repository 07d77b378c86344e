"""Review the legal parameters: ``python -m bot.rules freshness [--months 6] [--day YYYY-MM-DD] [--all]``.

``freshness`` lists the parameters whose last check is older than ``--months`` months on
``--day`` (default: today, or ``VAE_TODAY``) and exits 1 when there is any, 0 otherwise;
``--all`` prints every parameter as a Markdown table and exits 0. Exit 2: bad arguments, or
parameter files that cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Sequence, TextIO

import yaml

from bot.clock import today
from bot.formatting import NBSP, format_date, format_quantity
from bot.rules.freshness import DEFAULT_MONTHS, ParameterCheck, all_checks, cutoff, format_value, stale_parameters
from bot.rules.parameters import PARAMETERS_DIR, ParameterError, ParameterSet


def parser() -> argparse.ArgumentParser:
    """The command line."""
    main_parser = argparse.ArgumentParser(prog="python -m bot.rules", description=__doc__)
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    freshness = commands.add_parser("freshness", help="list the parameters to re-check")
    freshness.add_argument(
        "--months", type=_months, default=DEFAULT_MONTHS, help=f"a check older than this is stale (default: {DEFAULT_MONTHS})"
    )
    freshness.add_argument("--day", type=_day, metavar="YYYY-MM-DD", help="the day of the review (default: today, or VAE_TODAY)")
    freshness.add_argument("--all", action="store_true", help="print every parameter as a Markdown table, exit 0")
    freshness.add_argument(
        "--parameters", type=_folder, default=PARAMETERS_DIR, metavar="DIR", help="parameter folder (default: the product's)"
    )
    return main_parser


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run one command; return the exit code."""
    main_parser = parser()
    args = main_parser.parse_args(argv)
    try:
        day = args.day or today()
    except ValueError as error:  # VAE_TODAY is set but is not a date
        main_parser.error(f"VAE_TODAY illisible ({error}) : attendu AAAA-MM-JJ")
    parameters = ParameterSet(args.parameters)
    try:
        if args.all:
            out.write(markdown_table(all_checks(parameters, day, args.months), day))
            return 0
        stale = stale_parameters(parameters, day, args.months)
    except (ParameterError, yaml.YAMLError, OSError) as error:
        print(f"Paramètres illisibles dans {args.parameters}{NBSP}: {error}", file=err)
        return 2
    out.write(stale_report(stale, day, args.months))
    return 1 if stale else 0


def stale_report(stale: list[ParameterCheck], day: dt.date, months: int) -> str:
    """The French report: one block per parameter to re-check, or one line when all are fresh."""
    period = format_quantity(months, "mois")
    if not stale:
        return (
            f"Tous les paramètres sont à jour au {format_date(day)}{NBSP}: "
            f"chacun a été vérifié depuis le {format_date(cutoff(day, months))} (moins de {period}).\n"
        )
    lines = [
        f"Paramètres à revérifier au {format_date(day)} (vérifiés il y a plus de {period}){NBSP}: {len(stale)}",
        "",
    ]
    for line in stale:
        uncertain = f"{NBSP}; valeur incertaine" if line.uncertain else ""
        lines += [
            f"- {line.name}{NBSP}: {line.description}",
            f"  {_checked(line)}{NBSP}; valeur{NBSP}: {format_value(line.unit, line.value)}{uncertain}",
            f"  référence{NBSP}: {line.reference.title} — {line.reference.href}",
            "",
        ]
    return "\n".join(lines)


def markdown_table(lines: list[ParameterCheck], day: dt.date) -> str:
    """Every parameter as a Markdown table, for a closing note."""
    rows = [
        f"Paramètres au {format_date(day)}",
        "",
        f"| Paramètre | Valeur au {format_date(day)} | Référence | Vérification | État |",
        "|---|---|---|---|---|",
    ]
    for line in lines:
        state = "à revérifier" if line.stale else "à jour"
        if line.uncertain:
            state += ", incertain"
        reference = f"[{_cell(line.reference.title)}]({line.reference.href})"
        value = _cell(format_value(line.unit, line.value))
        rows.append(f"| `{line.name}` | {value} | {reference} | {_checked(line)} | {state} |")
    return "\n".join(rows) + "\n"


def _checked(line: ParameterCheck) -> str:
    return f"vérifié le {format_date(line.checked_on)}" if line.checked_on else "jamais vérifié"


def _cell(text: str) -> str:
    """A pipe or a line break would cut the Markdown row."""
    return " ".join(text.split()).replace("|", "\\|")


def _months(raw: str) -> int:
    try:
        months = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre de mois illisible{NBSP}: {raw!r}") from None
    if months < 0:
        raise argparse.ArgumentTypeError(f"le nombre de mois doit être positif ou nul{NBSP}: {raw!r}")
    return months


def _day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date illisible{NBSP}: {raw!r} (attendu AAAA-MM-JJ)") from None


def _folder(raw: str) -> Path:
    folder = Path(raw)
    if not folder.is_dir() or not any(folder.rglob("*.yaml")):
        raise argparse.ArgumentTypeError(f"aucun fichier de paramètre (*.yaml) dans {raw!r}")
    return folder


if __name__ == "__main__":
    sys.exit(main())
