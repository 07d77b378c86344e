"""axe-core on the landing page, the privacy page and the open chat widget (desktop and phone).

Each page state's report goes to test-output/axe/<name>.json; a serious or critical violation
(colour contrast included) fails the test, with its rule id and target.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.accessibility import audit, audit_and_collect, blocking

ANSWER_TIMEOUT_MS = 90_000
DESKTOP = dict(locale="fr-FR", viewport={"width": 1280, "height": 900})
PHONE = dict(locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


def report_of(problems: list[str]) -> str:
    return "serious or critical accessibility violations (reports in test-output/axe/):\n" + "\n".join(problems)


def test_the_landing_and_privacy_pages_have_no_serious_violation(browser, landing_url: str) -> None:
    problems: list[str] = []
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(**viewport)
        page = context.new_page()
        page.goto(landing_url)
        expect(page.get_by_role("button", name="Poser une question")).to_be_visible()  # the widget is mounted
        audit_and_collect(page, f"landing-{name}", problems)
        page.goto(f"{landing_url}confidentialite")
        expect(page.get_by_role("heading", level=1)).to_have_text("Vos données personnelles")
        audit_and_collect(page, f"privacy-{name}", problems)
        context.close()
    assert not problems, report_of(problems)


def test_the_open_widget_with_an_answer_and_its_buttons_has_no_serious_violation(
    browser, landing_url: str, screenshots: Path
) -> None:
    """One real answer (the greeting and its three buttons); the phone reuses it from the stored history."""
    problems: list[str] = []
    context = browser.new_context(**DESKTOP)
    page: Page = context.new_page()
    page.goto(landing_url)
    page.get_by_role("button", name="Poser une question").click()
    page.get_by_label("Votre message").fill("Bonjour")
    page.get_by_label("Votre message").press("Enter")
    replies = page.get_by_role("group", name="Réponses proposées").get_by_role("button")
    expect(replies.first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#vae-chat .typing")).to_be_hidden()
    audit_and_collect(page, "widget-open-desktop", problems)
    page.screenshot(path=str(screenshots / "axe-widget-desktop.png"))
    history = context.storage_state()
    context.close()

    context = browser.new_context(**PHONE, storage_state=history)  # the same conversation, reopened on a phone
    page = context.new_page()
    page.goto(landing_url)
    replies = page.get_by_role("group", name="Réponses proposées").get_by_role("button")
    expect(replies.first).to_be_visible()
    expect(page.get_by_label("Votre message")).to_be_in_viewport()
    audit_and_collect(page, "widget-open-phone", problems)
    page.screenshot(path=str(screenshots / "axe-widget-phone.png"))
    context.close()
    assert not problems, report_of(problems)


def test_the_audit_reports_a_low_contrast_text_and_a_missing_lang(browser) -> None:
    """The check itself: axe-core's serious violations come out as « rule (impact): target » lines."""
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.set_content(
        "<!doctype html><html><head><title>Témoin</title></head><body><main><h1>Témoin</h1>"
        '<p id="pale" style="color:#aaaaaa;background:#ffffff">Texte trop pâle</p></main></body></html>'
    )
    lines = blocking(audit(page, "self-check-bad-page"))
    context.close()
    assert "color-contrast (serious): #pale — Elements must meet minimum color contrast ratio thresholds" in lines
    assert any(line.startswith("html-has-lang (serious): html") for line in lines), lines
