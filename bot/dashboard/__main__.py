"""Serve the dashboard: ``python -m bot.dashboard [--host 127.0.0.1] [--port 8081]``.

Accounts: ``python -m bot.dashboard users add NOM [--role admin|conseiller]``, ``users remove NOM``,
``users passwd NOM``, ``users list``. The password is asked twice on a terminal, else read from the
first line of the standard input (never from the command line).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import os
import sys
from typing import Sequence

from bot.dashboard.config import DEFAULT_PORT


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.dashboard", description="Le tableau de bord des porteurs de projet.")
    parser.add_argument("--host", default=os.environ.get("DASHBOARD_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("DASHBOARD_PORT") or DEFAULT_PORT))
    commands = parser.add_subparsers(dest="command")
    accounts = commands.add_parser("users", help="gérer les comptes (base des prospects, DATABASE_URL)")
    actions = accounts.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="créer un compte (mot de passe demandé)")
    add.add_argument("name", metavar="NOM")
    add.add_argument("--role", choices=("admin", "conseiller"), default="conseiller",
                     help="admin : exporter et effacer en plus ; conseiller (par défaut) : consulter et suivre")
    actions.add_parser("remove", help="supprimer un compte et ses sessions").add_argument("name", metavar="NOM")
    actions.add_parser("passwd", help="changer un mot de passe (ferme les sessions du compte)").add_argument(
        "name", metavar="NOM")
    actions.add_parser("list", help="lister les comptes et leur rôle")
    args = parser.parse_args(argv)
    if args.command == "users":
        return _users(args)
    return _serve(args.host, args.port)


def _serve(host: str, port: int) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from aiohttp import web  # imported here: ``--help`` stays instant

    from bot.dashboard.app import create_app
    from bot.dashboard.config import settings
    from bot.leads.config import ConfigError

    try:
        config = settings()
    except ConfigError as error:
        print(f"Tableau de bord : configuration invalide ({error}).", file=sys.stderr)
        return 2
    web.run_app(create_app(config), host=host, port=port, access_log=None, print=None)
    return 0


def _users(args: argparse.Namespace) -> int:
    from bot.dashboard import users
    from bot.leads.config import ConfigError, settings
    from bot.leads.db import make_engine, make_session_factory, migrate

    try:
        url = settings().database_url
    except ConfigError as error:
        print(f"Configuration invalide ({error}).", file=sys.stderr)
        return 2
    try:
        password = _read_password() if args.action in ("add", "passwd") else ""
    except users.AccountError as error:
        print(str(error), file=sys.stderr)
        return 1
    migrate(url)  # idempotent: the accounts table may not exist yet
    engine = make_engine(url)
    factory = make_session_factory(engine)
    try:
        with factory.begin() as session:
            if args.action == "list":
                for user in users.all_accounts(session):
                    print(f"{user.name}\t{user.role}")
                return 0
            if args.action == "remove":
                users.remove(session, args.name)
                print(f"Compte « {args.name} » supprimé ; ses sessions sont fermées.")
                return 0
            if args.action == "add":
                users.add(session, args.name, args.role, password, dt.datetime.now(dt.timezone.utc))
                print(f"Compte « {args.name} » créé (rôle {args.role}).")
            else:
                users.set_password(session, args.name, password)
                print(f"Mot de passe de « {args.name} » changé ; ses sessions ouvertes sont fermées.")
            return 0
    except users.AccountError as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _read_password() -> str:
    """Asked twice on a terminal; else the first line of the standard input.

    Raises:
        users.AccountError: the two differ, or nothing was read.
    """
    from bot.dashboard.users import AccountError

    if sys.stdin.isatty():
        password = getpass.getpass("Mot de passe : ")
        if getpass.getpass("Confirmez le mot de passe : ") != password:
            raise AccountError("Les deux mots de passe diffèrent : rien n’a été changé.")
        return password
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise AccountError("Aucun mot de passe lu sur l’entrée standard : rien n’a été changé.")
    return password


if __name__ == "__main__":
    sys.exit(main())
