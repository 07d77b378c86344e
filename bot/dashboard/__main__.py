"""Serve the dashboard: ``python -m bot.dashboard [--host 127.0.0.1] [--port 8081]``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Sequence

from bot.dashboard.config import DEFAULT_PORT


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.dashboard", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("DASHBOARD_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("DASHBOARD_PORT") or DEFAULT_PORT))
    args = parser.parse_args(argv)
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
    if not config.enabled:
        print("Tableau de bord désactivé : définissez DASHBOARD_PASSWORD pour l’ouvrir.", file=sys.stderr)
    web.run_app(create_app(config), host=args.host, port=args.port, access_log=None, print=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
