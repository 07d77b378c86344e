"""The widget's transport against the real Rasa server: long-polling where WebSocket is refused,
reconnection, and messages typed while the server is unreachable delivered once, in order.

The landing page is served as usual; Playwright rewrites its widget tag (and its policy's
connect-src) to talk to the Rasa server through ``NoWebSocketProxy``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from tests.web.proxy import NoWebSocketProxy

ANSWER_TIMEOUT_MS = 90_000
WIDGET = "#vae-chat"


@pytest.fixture(scope="module")
def proxy(rasa_url: str) -> Iterator[NoWebSocketProxy]:
    with NoWebSocketProxy(rasa_url) as proxy:
        yield proxy


@pytest.fixture()
def proxied_page(browser, landing_url: str, rasa_url: str, proxy: NoWebSocketProxy) -> Iterator[Page]:
    """The landing page whose widget reaches the Rasa server through the proxy only."""
    rasa, via = urlsplit(rasa_url).netloc, urlsplit(proxy.url).netloc

    def rewrite(route: Route) -> None:
        response = route.fetch()
        headers = {name: value.replace(rasa, via) for name, value in response.headers.items()}
        route.fulfill(response=response, headers=headers, body=response.text().replace(rasa, via))

    # A fulfilled page has no address: Chromium counts it as public and blocks its requests to
    # 127.0.0.1 (Local Network Access) unless the visitor allows them, which this context does.
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900},
                                  permissions=["local-network-access"])
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    page.route(landing_url, rewrite)
    page.goto(landing_url)
    yield page
    context.close()


def ask(page: Page, text: str) -> None:
    page.get_by_label("Votre message").fill(text)
    page.get_by_label("Votre message").press("Enter")


def stored(page: Page) -> dict:
    return json.loads(page.evaluate("() => localStorage.getItem(Object.keys(localStorage)[0])"))


def user_texts(tracker_db: Path, session_id: str) -> list[str]:
    """What the Rasa server received from this conversation, in order."""
    with sqlite3.connect(tracker_db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (session_id,)
        ).fetchall()
    return [json.loads(data).get("text") for (data,) in rows]


def test_over_a_direct_connection_the_widget_upgrades_to_websocket(browser, landing_url: str) -> None:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(landing_url)
    page.get_by_role("button", name="Poser une question").click()
    ask(page, "êtes-vous un robot ?")
    expect(page.locator(f"{WIDGET} .msg.bot .bubble").last).to_contain_text("assistant automatique",
                                                                            timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator(WIDGET)).to_have_attribute("data-transport", "websocket")
    context.close()


def test_the_widget_answers_over_long_polling_when_websocket_is_refused(
    proxied_page: Page, proxy: NoWebSocketProxy
) -> None:
    page = proxied_page
    page.get_by_role("button", name="Poser une question").click()
    ask(page, "C'est quoi la VAE inversée ?")
    expect(page.locator(f"{WIDGET} .msg.bot .bubble").last).to_contain_text("contrat de professionnalisation",
                                                                            timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator(WIDGET)).to_have_attribute("data-transport", "polling")
    assert proxy.refused_upgrades >= 1  # the widget did try WebSocket, and carried on without it
    assert proxy.forwarded_requests >= 3  # handshake, then polling requests
    assert page.errors == []  # type: ignore[attr-defined]


def test_messages_typed_while_the_server_is_unreachable_are_delivered_once_in_order_even_after_a_reload(
    proxied_page: Page, proxy: NoWebSocketProxy, tracker_db: Path
) -> None:
    page = proxied_page
    status = page.get_by_role("status")
    user_bubbles = page.locator(f"{WIDGET} .msg.user .bubble")
    page.get_by_role("button", name="Poser une question").click()
    ask(page, "C'est quoi la VAE inversée ?")
    expect(page.locator(f"{WIDGET} .msg.bot .bubble").last).to_contain_text("contrat de professionnalisation",
                                                                            timeout=ANSWER_TIMEOUT_MS)
    session_id = stored(page)["sessionId"]

    proxy.stop()
    try:
        expect(status).to_have_text("Reconnexion…", timeout=ANSWER_TIMEOUT_MS)
        expect(status).to_have_attribute("aria-live", "polite")
        ask(page, "Qui finance ?")
        ask(page, "êtes-vous un robot ?")
        pending = page.locator(f"{WIDGET} .msg.user.pending")
        expect(pending).to_have_count(2)
        expect(pending.first.get_by_text("En attente d’envoi")).to_be_visible()
        assert [item["payload"] for item in stored(page)["outbox"]] == ["Qui finance ?", "êtes-vous un robot ?"]

        page.reload()  # still offline: the history, the unsent messages included, is shown again
        expect(user_bubbles).to_have_count(3)
        expect(page.locator(f"{WIDGET} .msg.user.pending")).to_have_count(2)
        expect(status).to_have_text("Connexion au serveur…", timeout=ANSWER_TIMEOUT_MS)
        assert user_texts(tracker_db, session_id) == ["C'est quoi la VAE inversée ?"]
    finally:
        proxy.start()

    bot = page.locator(f"{WIDGET} .msg.bot .bubble")
    expect(bot.filter(has_text="OPCO")).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    expect(bot.filter(has_text="assistant automatique")).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_function("() => JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])).outbox.length === 0",
                           timeout=ANSWER_TIMEOUT_MS)  # both acknowledged: the turns are saved
    expect(status).to_have_text("")
    expect(page.locator(f"{WIDGET} .msg.user.pending")).to_have_count(0)
    assert user_bubbles.all_text_contents() == [
        "Vous\u00a0: C'est quoi la VAE inversée ?", "Vous\u00a0: Qui finance ?", "Vous\u00a0: êtes-vous un robot ?"]
    assert user_texts(tracker_db, session_id) == ["C'est quoi la VAE inversée ?", "Qui finance ?", "êtes-vous un robot ?"]
    # OPCO's answer comes before the robot's: the order typed is the order answered
    texts = bot.all_inner_texts()
    assert [i for i, t in enumerate(texts) if "OPCO" in t][0] < [i for i, t in enumerate(texts) if "assistant automatique" in t][0]

    shown = page.locator(f"{WIDGET} .msg .bubble").all_inner_texts()
    page.reload()
    expect(page.locator(f"{WIDGET} .msg .bubble")).to_have_count(len(shown))
    assert page.locator(f"{WIDGET} .msg .bubble").all_inner_texts() == shown
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_message_sent_twice_with_the_same_id_is_processed_once(rasa_url: str, web_port: int, tracker_db: Path) -> None:
    """What makes resending safe: the server acknowledges a repeated id without a second turn."""
    import uuid

    import socketio

    session_id, message_id = uuid.uuid4().hex, uuid.uuid4().hex
    client = socketio.Client()
    client.connect(rasa_url, transports=["polling"], headers={"Origin": f"http://127.0.0.1:{web_port}"},
                   wait_timeout=30)
    try:
        client.emit("session_request", {"session_id": session_id})
        message = {"message": "Qui finance ?", "session_id": session_id, "message_id": message_id}
        assert client.call("user_uttered", message, timeout=90) == "ok"
        assert client.call("user_uttered", message, timeout=90) == "duplicate"
        other = dict(message, message_id=uuid.uuid4().hex)
        assert client.call("user_uttered", other, timeout=90) == "ok"
    finally:
        client.disconnect()
    assert user_texts(tracker_db, session_id) == ["Qui finance ?", "Qui finance ?"]
