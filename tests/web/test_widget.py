"""The chat widget in a real browser (headless Chromium) against the real Rasa server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

ANSWER_TIMEOUT_MS = 90_000


@pytest.fixture()
def page(browser, landing_url: str) -> Page:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    page.goto(landing_url)
    yield page
    context.close()


def ask(page: Page, text: str) -> None:
    page.get_by_label("Votre message").fill(text)
    page.get_by_label("Votre message").press("Enter")


def bot_bubbles(page: Page):
    return page.locator("#vae-chat .msg.bot .bubble")


def test_ask_click_a_quick_reply_and_find_the_history_after_a_reload(page: Page, screenshots: Path) -> None:
    page.get_by_role("button", name="Poser une question").click()
    expect(bot_bubbles(page).first).to_contain_text("Je réponds à vos questions sur la VAE inversée")
    ask(page, "C'est quoi la VAE inversée ?")
    expect(page.locator("#vae-chat .msg.user .bubble").last).to_contain_text("C'est quoi la VAE inversée ?")
    expect(bot_bubbles(page).last).to_contain_text("contrat de professionnalisation", timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#vae-chat .msg time").first).to_have_text(re.compile(r"^\d\d:\d\d$"))
    page.screenshot(path=str(screenshots / "widget-answer.png"))

    page.get_by_role("button", name="Les étapes du parcours").click()
    expect(page.locator("#vae-chat .msg.user .bubble").last).to_contain_text("Les étapes du parcours")
    expect(page.locator("#vae-chat .msg.user .bubble").last).not_to_contain_text("/")
    expect(bot_bubbles(page).filter(has_text="cinq étapes")).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    expect(page.get_by_role("button", name="Recevabilité")).to_be_visible()
    session_id = page.evaluate("() => JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])).sessionId")
    shown = page.locator("#vae-chat .msg .bubble").all_inner_texts()
    page.screenshot(path=str(screenshots / "widget-quick-reply.png"))

    page.reload()
    expect(page.locator("#vae-chat .msg .bubble")).to_have_count(len(shown))
    assert page.locator("#vae-chat .msg .bubble").all_inner_texts() == shown
    expect(page.get_by_role("button", name="Recevabilité")).to_be_visible()
    page.get_by_role("button", name="Recevabilité").click()
    expect(bot_bubbles(page).last).to_contain_text("Troisième étape", timeout=ANSWER_TIMEOUT_MS)
    assert page.evaluate("() => JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])).sessionId") == session_id
    page.screenshot(path=str(screenshots / "widget-after-reload.png"))
    assert page.errors == []  # type: ignore[attr-defined]


def test_html_typed_by_the_user_is_shown_as_text_and_never_runs(page: Page, screenshots: Path) -> None:
    attack = '<img src=x onerror="window.__xss=1;document.title=\'pwned\'">'
    page.get_by_role("button", name="Poser une question").click()
    ask(page, attack)
    expect(page.locator("#vae-chat .msg.user .bubble").last).to_have_text(f"Vous\u00a0: {attack}")
    expect(bot_bubbles(page).nth(1)).to_be_visible(timeout=ANSWER_TIMEOUT_MS)  # the answer after the greeting
    assert page.locator("#vae-chat img").count() == 0
    assert page.evaluate("() => window.__xss") is None
    assert page.title() != "pwned"
    page.screenshot(path=str(screenshots / "widget-html-as-text.png"))


def test_keyboard_only_with_labels_and_a_live_region(page: Page) -> None:
    for _ in range(30):  # Tab through the page until the widget's launcher has the focus
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id === 'vae-chat' && "
                         "document.activeElement.shadowRoot.activeElement.className === 'launcher'"):
            break
    else:
        pytest.fail("the launcher cannot be reached with Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.querySelector('#vae-chat').shadowRoot.activeElement.id") == "vae-chat-input"
    log = page.get_by_role("log", name="Messages de la discussion")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("button", name="Envoyer")).to_be_visible()
    expect(page.get_by_role("button", name="Fermer la discussion")).to_be_visible()
    page.keyboard.type("êtes-vous un robot ?")
    page.keyboard.press("Enter")
    expect(bot_bubbles(page).last).to_contain_text("assistant automatique", timeout=ANSWER_TIMEOUT_MS)
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Poser une question")).to_be_focused()


def test_on_a_phone_the_panel_fills_the_screen(browser, landing_url: str, screenshots: Path) -> None:
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(landing_url)
    page.get_by_role("button", name="Poser une question").tap()
    box = page.locator("#vae-chat .panel").bounding_box()
    assert box is not None and (box["x"], box["width"], box["height"]) == (0, 390, 844)
    expect(page.get_by_label("Votre message")).to_be_in_viewport()
    page.screenshot(path=str(screenshots / "widget-phone.png"))
    context.close()


def test_erasing_my_data_empties_the_widget_and_the_server_keeps_no_address(
    page: Page, tracker_db: Path
) -> None:
    import sqlite3

    page.get_by_role("button", name="Poser une question").click()
    privacy = page.get_by_role("region", name="Assistant VAE inversée").get_by_role("link", name="Vos données personnelles")
    expect(privacy).to_have_attribute("href", re.compile(r"^http://127\.0\.0\.1:\d+/confidentialite$"))
    ask(page, "C'est quoi la VAE inversée ?")
    expect(bot_bubbles(page).last).to_contain_text("contrat de professionnalisation", timeout=ANSWER_TIMEOUT_MS)
    answers = bot_bubbles(page).count()
    ask(page, "mon adresse est lea.widget@exemple.fr")
    expect(bot_bubbles(page)).to_have_count(answers + 1, timeout=ANSWER_TIMEOUT_MS)
    session_id = page.evaluate("() => JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])).sessionId")

    ask(page, "supprimer mes données")
    expect(bot_bubbles(page).last).to_contain_text("C'est fait", timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#vae-chat .msg .bubble")).to_have_count(1)  # the history went with the erasure
    stored = page.evaluate("() => localStorage.getItem(Object.keys(localStorage)[0])")
    assert "lea.widget" not in stored and "C'est fait" in stored
    with sqlite3.connect(tracker_db) as connection:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = ?", (session_id,)).fetchall()
    assert rows and not [data for (data,) in rows if "lea.widget" in data or "VAE inversée ?" in data]

    ask(page, "Qui finance ?")
    expect(bot_bubbles(page).last).to_contain_text("OPCO", timeout=ANSWER_TIMEOUT_MS)
    assert page.errors == []  # type: ignore[attr-defined]
