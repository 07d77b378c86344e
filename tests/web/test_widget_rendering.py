"""What the widget does with what the server sends, with a scripted socket.io server in the page.

Playwright answers the widget's WebSocket itself (no Rasa server: its long-polling request fails
and socket.io-client falls back to WebSocket), so these tests pin down the rendering rules: bot text is text, only http(s) URLs become links, **bold** is bold.
"""

from __future__ import annotations

import json
import re
from typing import Iterator

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from tests.servers import free_port
from tests.web.site import serving_site

FAKE_RASA = "http://127.0.0.1:9"  # nothing listens there: the page's WebSocket is routed
SOCKET = "ws://127.0.0.1:9/socket.io/**"


@pytest.fixture(scope="module")
def offline_page_url() -> Iterator[str]:
    with serving_site(free_port(), FAKE_RASA) as url:
        yield f"{url}/"


EVENT = re.compile(r"^42(\d*)(\[.*)$", re.S)


def events(sent: list[str]) -> list[list]:
    """The Socket.IO events in the packets the widget sent: ``[name, data]``."""
    return [json.loads(match.group(2)) for match in map(EVENT.match, sent) if match]


def scripted_server(bot_messages: list[dict], sent: list[str], after_confirm=None):
    """A Socket.IO server that confirms the session and answers any message with ``bot_messages``
    (then acknowledges it, as the real server does once the turn is over)."""

    def handle(route: WebSocketRoute) -> None:
        def on_message(packet: str | bytes) -> None:
            packet = str(packet)
            sent.append(packet)
            if packet == "40":
                route.send('40{"sid":"s"}')
            elif EVENT.match(packet):
                ack, event = EVENT.match(packet).groups()
                name, data = json.loads(event)[:2]
                if name == "session_request":
                    route.send("42" + json.dumps(["session_confirm", data["session_id"]]))
                    if after_confirm:
                        after_confirm(route)
                elif name == "user_uttered":
                    for message in bot_messages:
                        route.send("42" + json.dumps(["bot_uttered", message]))
                    if ack:
                        route.send(f"43{ack}" + json.dumps(["ok"]))

        route.on_message(on_message)
        route.send('0{"sid":"e","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}')

    return handle


def open_and_ask(page: Page, url: str, text: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Poser une question").click()
    page.get_by_label("Votre message").fill(text)
    page.get_by_label("Votre message").press("Enter")


def test_bot_html_is_text_and_only_http_urls_are_links(browser, offline_page_url: str) -> None:
    text = ('<img src=x onerror="window.__xss=1"> Voir **le décret** sur https://www.legifrance.gouv.fr/jorf/id/X. '
            "ou javascript:alert(1) ou ftp://exemple.fr")
    sent: list[str] = []
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.route_web_socket(SOCKET, scripted_server([{"text": text}], sent))
    open_and_ask(page, offline_page_url, "Bonjour")
    bubble = page.locator("#vae-chat .msg.bot .bubble").nth(1)
    expect(bubble).to_contain_text('<img src=x onerror="window.__xss=1">')
    assert page.locator("#vae-chat img").count() == 0
    links = bubble.locator("a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://www.legifrance.gouv.fr/jorf/id/X")
    expect(links).to_have_attribute("target", "_blank")
    expect(links).to_have_attribute("rel", "noopener noreferrer")
    expect(bubble.locator("strong")).to_have_text("le décret")
    assert page.evaluate("() => window.__xss") is None
    assert [data["message"] for name, data in events(sent) if name == "user_uttered"] == ["Bonjour"]
    context.close()


def test_quick_replies_send_the_payload_and_show_the_title(browser, offline_page_url: str) -> None:
    sent: list[str] = []
    answer = {"text": "Que voulez-vous savoir\u00a0?", "quick_replies": [
        {"content_type": "text", "title": "Le <b>financement</b>", "payload": "/ask_funding"}]}
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.route_web_socket(SOCKET, scripted_server([answer], sent))
    open_and_ask(page, offline_page_url, "Bonjour")
    page.get_by_role("button", name="Le <b>financement</b>").click()
    expect(page.locator("#vae-chat .msg.user .bubble").last).to_have_text("Vous\u00a0: Le <b>financement</b>")
    expect(page.locator("#vae-chat .msg.bot")).to_have_count(3)  # greeting, and an answer to each message
    assert "/ask_funding" in [data["message"] for name, data in events(sent) if name == "user_uttered"]
    context.close()


def test_after_the_servers_disconnect_packet_the_widget_says_so_and_reconnects(browser, offline_page_url: str) -> None:
    """Socket.IO's disconnect packet (``41``) ends the session: the widget reconnects on its own, with backoff."""
    sent: list[str] = []
    connections: list[WebSocketRoute] = []

    def end_the_first_session(route: WebSocketRoute) -> None:
        if route is connections[0]:
            route.send("41")

    answer = scripted_server([{"text": "Réponse"}], sent, end_the_first_session)

    def handle(route: WebSocketRoute) -> None:
        connections.append(route)
        answer(route)

    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.route_web_socket(SOCKET, handle)
    page.goto(offline_page_url)
    page.evaluate("""() => {  // every text the status line shows, however briefly
      const status = document.querySelector('#vae-chat').shadowRoot.querySelector('.status');
      window.__statuses = [];
      new MutationObserver(() => window.__statuses.push(status.textContent))
        .observe(status, { childList: true, characterData: true, subtree: true });
    }""")
    page.get_by_role("button", name="Poser une question").click()
    page.wait_for_function("() => window.__statuses.includes('Reconnexion…')")
    page.wait_for_function("() => window.__statuses.length > 1 && window.__statuses.at(-1) === ''")
    page.get_by_label("Votre message").fill("Bonjour")
    page.get_by_label("Votre message").press("Enter")
    expect(page.locator("#vae-chat .msg.bot .bubble").last).to_contain_text("Réponse")
    assert len(connections) == 2
    assert [name for name, _ in events(sent)].count("session_request") == 2
    context.close()
