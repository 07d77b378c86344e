"""Serve the landing page and the widget: ``python -m web.serve --port 8080``.

Standard library only (and the leads' settings, for the privacy notice's durations). Five files
(the pages, the widget and the Socket.IO client it loads) and nothing else (404), with a Content-Security-Policy that lets the pages run only their own
script and talk only to the Rasa server (RASA_PUBLIC_URL).
"""

from __future__ import annotations

import argparse
import html
import os
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit

from bot.formatting import format_quantity
from bot.leads.config import settings

WEB = Path(__file__).resolve().parent
ROUTES = {
    "/": (WEB / "site" / "index.html", "text/html; charset=utf-8"),
    "/index.html": (WEB / "site" / "index.html", "text/html; charset=utf-8"),
    "/confidentialite": (WEB / "site" / "confidentialite.html", "text/html; charset=utf-8"),
    "/site.css": (WEB / "site" / "site.css", "text/css; charset=utf-8"),
    "/widget/vae-chat.js": (WEB / "widget" / "vae-chat.js", "text/javascript; charset=utf-8"),
    # socket.io-client's browser bundle (an ES module), which the widget imports when it connects.
    "/widget/vendor/socket.io.esm.min.js": (
        WEB / "widget" / "vendor" / "socket.io.esm.min.js", "text/javascript; charset=utf-8"),
}
# Scripts any site may load: an ES module from another origin is fetched with CORS.
PUBLIC_SCRIPTS = {"/widget/vae-chat.js", "/widget/vendor/socket.io.esm.min.js"}
NOT_FOUND = (
    '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Page introuvable</title>'
    '<p>Cette page n’existe pas. <a href="/">Retour à l’accueil</a></p></html>'
)


def rasa_public_url(env: dict[str, str] | None = None) -> str:
    """The Rasa server as the browser reaches it: RASA_PUBLIC_URL, else 127.0.0.1:RASA_PORT."""
    env = dict(os.environ) if env is None else env
    url = env.get("RASA_PUBLIC_URL") or f"http://127.0.0.1:{env.get('RASA_PORT') or 5005}"
    return url.rstrip("/")


def content_security_policy(rasa_url: str) -> str:
    """Own script and styles only; network access to the Rasa server (HTTP and WebSocket) only."""
    parts = urlsplit(rasa_url)
    websocket = ("wss" if parts.scheme == "https" else "ws") + "://" + parts.netloc
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        f"connect-src 'self' {parts.scheme}://{parts.netloc} {websocket}",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])


def privacy_values(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The privacy notice's durations and contact, from the same settings the purge applies."""
    config = settings(env)
    contact = config.privacy_contact
    paragraph = (
        f"<p>Pour toute question sur vos données, ou pour les faire effacer sans passer par la discussion, "
        f"écrivez à {html.escape(contact)}.</p>" if contact else ""
    )
    return {
        "CONVERSATIONS_RETENTION": format_quantity(config.conversations_retention_days, "jour", "jours"),
        "LEADS_RETENTION": format_quantity(config.retention_months, "mois"),
        "PRIVACY_CONTACT": paragraph,
    }


def page(path: Path, rasa_url: str) -> bytes:
    """The file's bytes; the pages get the Rasa server's URL in their widget tag, the privacy
    notice its durations."""
    body = path.read_bytes()
    if path.suffix == ".html":
        body = body.replace(b"{{RASA_PUBLIC_URL}}", html.escape(rasa_url, quote=True).encode())
        for name, value in privacy_values().items():
            body = body.replace(f"{{{{{name}}}}}".encode(), value.encode())
    return body


def make_handler(rasa_url: str) -> type[BaseHTTPRequestHandler]:
    """A request handler bound to ``rasa_url``."""
    policy = content_security_policy(rasa_url)

    class Handler(BaseHTTPRequestHandler):
        def version_string(self) -> str:
            return "vae-web"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._answer(include_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(include_body=False)

        def _answer(self, include_body: bool) -> None:
            path = urlsplit(self.path).path
            route = ROUTES.get(path)
            if route is None:
                status, body, content_type = HTTPStatus.NOT_FOUND, NOT_FOUND.encode(), "text/html; charset=utf-8"
            else:
                status, body, content_type = HTTPStatus.OK, page(route[0], rasa_url), route[1]
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", policy)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cache-Control", "no-cache")
            if route is not None and path in PUBLIC_SCRIPTS:
                self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            if include_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            if os.environ.get("WEB_ACCESS_LOG"):
                super().log_message(format, *args)

    return Handler


def make_server(host: str, port: int, rasa_url: str) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), make_handler(rasa_url))


def main() -> None:
    parser = argparse.ArgumentParser(description="Sert la page d’accueil et le widget de discussion.")
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    args = parser.parse_args()
    server = make_server(args.host, args.port, rasa_public_url())
    print(f"Landing page on http://{args.host}:{args.port}/ (Rasa server: {rasa_public_url()})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
