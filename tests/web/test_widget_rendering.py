"""What the widget does with what the server sends, with a scripted socket.io server in the page.

Playwright answers the widget's WebSocket itself (no Rasa server), so these tests pin down the
rendering rules: bot text is text, only http(s) URLs become links, **bold** is bold.
"""

from __future__ import annotations

import json
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


def scripted_server(bot_messages: list[dict], sent: list[str]):
    """A Socket.IO server that confirms the session and answers any message with ``bot_messages``."""

    def handle(route: WebSocketRoute) -> None:
        def on_message(packet: str | bytes) -> None:
            packet = str(packet)
            sent.append(packet)
            if packet == "40":
                route.send('40{"sid":"s"}')
            elif packet.startswith('42["session_request"'):
                route.send("42" + json.dumps(["session_confirm", json.loads(packet[2:])[1]["session_id"]]))
            elif packet.startswith('42["user_uttered"'):
                for message in bot_messages:
                    route.send("42" + json.dumps(["bot_uttered", message]))

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
    assert any(p.startswith('42["user_uttered",{"message":"Bonjour","session_id":') for p in sent)
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
    assert any('"message":"/ask_funding"' in p for p in sent)
    context.close()
