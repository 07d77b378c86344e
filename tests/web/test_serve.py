"""The landing page server: its files with the right types and policy, 404 for anything else."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Iterator

import pytest
import requests

from bot.formatting import typography_errors
from tests.servers import free_port
from tests.web.site import serving_site
from web.serve import rasa_public_url

RASA = "http://127.0.0.1:5999"


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serving_site(free_port(), RASA) as url:
        yield url


class Text(HTMLParser):
    """The page's visible text and its script tags' attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/", "text/html; charset=utf-8"), ("/confidentialite", "text/html; charset=utf-8"),
     ("/site.css", "text/css; charset=utf-8"),
     ("/widget/vae-chat.js", "text/javascript; charset=utf-8"),
     ("/widget/vendor/socket.io.esm.min.js", "text/javascript; charset=utf-8")],
)
def test_files_are_served_with_their_type_and_a_strict_policy(site: str, path: str, content_type: str) -> None:
    reply = requests.get(site + path, timeout=5)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == content_type
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    policy = reply.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe" not in policy
    assert f"connect-src 'self' {RASA} ws://127.0.0.1:5999" in policy


@pytest.mark.parametrize("path", ["/../web/serve.py", "/web/serve.py", "/site/index.html", "/widget/", "/nope",
                                  "/widget/vendor/package.json", "/widget/vendor/"])
def test_anything_else_is_a_french_404(site: str, path: str) -> None:
    reply = requests.get(site + path, timeout=5)
    assert reply.status_code == 404
    assert "Cette page n’existe pas" in reply.text


def test_the_page_embeds_the_widget_with_one_tag_pointing_at_the_rasa_server(site: str) -> None:
    parser = Text()
    parser.feed(requests.get(site, timeout=5).text)
    [script] = parser.scripts
    assert script["src"] == "/widget/vae-chat.js"
    assert script["data-server-url"] == RASA


def test_the_widget_imports_the_vendored_socket_io_client_which_any_site_may_load(site: str) -> None:
    import json
    from pathlib import Path

    vendor = Path(__file__).resolve().parents[2] / "web" / "widget" / "vendor"
    version = json.loads((vendor / "package.json").read_text())["dependencies"]["socket.io-client"]
    locked = json.loads((vendor / "package-lock.json").read_text())["packages"]["node_modules/socket.io-client"]
    assert locked["version"] == version and version.startswith("4.")  # Engine.IO v4, as python-engineio 4
    assert "socket.io-client" in (vendor / "LICENSE").read_text()
    widget = requests.get(site + "/widget/vae-chat.js", timeout=5)
    assert 'new URL("vendor/socket.io.esm.min.js", script.src)' in widget.text
    library = requests.get(site + "/widget/vendor/socket.io.esm.min.js", timeout=5)
    assert library.text.startswith(f"/*!\n * Socket.IO v{version}\n")
    assert library.headers["Access-Control-Allow-Origin"] == "*"  # a module from another origin needs CORS
    assert widget.headers["Access-Control-Allow-Origin"] == "*"


def test_the_page_is_french_without_legal_figures_and_with_french_typography(site: str) -> None:
    parser = Text()
    parser.feed(requests.get(site, timeout=5).text)
    text = re.sub(r"[ \t\r\n]+", " ", " ".join(parser.text))  # keeps the non-breaking spaces
    assert "VAE inversée" in text and "contrat de professionnalisation" in text
    assert re.findall(r"\d", text) == [], "figures belong to the assistant's answers, not to the page"
    # The page uses the narrow no-break space (U+202F); typography_errors() knows U+00A0.
    assert typography_errors(text.replace("\u202f", "\u00a0")) == []


def test_the_rasa_url_comes_from_the_environment() -> None:
    assert rasa_public_url({"RASA_PUBLIC_URL": "https://bot.example.org/"}) == "https://bot.example.org"
    assert rasa_public_url({"RASA_PORT": "5123"}) == "http://127.0.0.1:5123"
    assert rasa_public_url({}) == "http://127.0.0.1:5005"


def test_the_privacy_notice_gives_the_settings_durations_and_is_linked_from_the_landing_page(
    site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert 'href="/confidentialite"' in requests.get(site, timeout=5).text
    for name in ("CONVERSATIONS_RETENTION_DAYS", "LEADS_RETENTION_MONTHS", "PRIVACY_CONTACT"):
        monkeypatch.delenv(name, raising=False)
    parser = Text()
    parser.feed(requests.get(site + "/confidentialite", timeout=5).text)
    text = re.sub(r"[ \t\r\n]+", " ", " ".join(parser.text))
    assert "effacée 90\u00a0jours après votre dernier message" in text and "12\u00a0mois au plus" in text
    assert "supprimer mes données" in text and "porteur de projet" in text and "écrivez à" not in text
    assert typography_errors(text.replace("\u202f", "\u00a0")) == []
    [script] = parser.scripts  # the visitor can erase from the notice itself
    assert script["data-server-url"] == RASA

    monkeypatch.setenv("CONVERSATIONS_RETENTION_DAYS", "30")
    monkeypatch.setenv("LEADS_RETENTION_MONTHS", "6")
    monkeypatch.setenv("PRIVACY_CONTACT", "dpo@<porteur>.example")
    page = requests.get(site + "/confidentialite", timeout=5).text
    assert "30\u00a0jours" in page and "6\u00a0mois" in page
    assert "dpo@&lt;porteur&gt;.example" in page and "<porteur>" not in page
