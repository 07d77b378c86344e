"""A porteur in headless Chromium: logs in, filters, opens a lead, changes its status, exports CSV.

Screenshots go to test-output/screenshots/dashboard-*.png. Without /usr/bin/chromium the test is
skipped, except under CI=true, where it fails.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Iterator

import pytest

from tests.dashboard.conftest import PASSWORD, USER, Dashboard

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing (CI=true: the browser test must run)")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(accept_downloads=True, locale="fr-FR", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        context.close()
        browser.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_porteur_logs_in_filters_opens_a_lead_changes_its_status_and_exports(dashboard: Dashboard, page) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{dashboard.url}/prospects")
    expect(page).to_have_url(f"{dashboard.url}/connexion")
    page.screenshot(path=SCREENSHOTS / "dashboard-1-connexion.png", full_page=True)
    page.get_by_label("Identifiant").fill(USER)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#total")).to_have_text("4")
    page.screenshot(path=SCREENSHOTS / "dashboard-2-prospects.png", full_page=True)

    page.get_by_label("Profil").select_option("candidat")
    page.get_by_label("Région").select_option("Île-de-France")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#total")).to_have_text("2")
    expect(page.locator("table.leads tbody tr")).to_have_count(2)
    page.screenshot(path=SCREENSHOTS / "dashboard-3-filtre.png", full_page=True)

    with page.expect_download() as download_info:
        page.locator("#export").click()
    exported = Path(download_info.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported), delimiter=";"))
    assert [row[4] for row in rows[1:]] == ["Marie Curie", "'=HYPERLINK(\"http://x\")"]

    page.locator("table.leads tbody tr").filter(has_text="Marie Curie").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prospect")
    expect(page.locator("#verdict")).to_have_text("Éligible")
    expect(page.locator(".transcript")).to_contain_text("Qui paie la formation ?")
    page.get_by_label("Nouveau statut").select_option("qualifie")
    page.get_by_label("Note (facultative)").fill("Entretien fixé le 12 mars.")
    page.get_by_role("button", name="Enregistrer le suivi").click()
    expect(page.get_by_role("status")).to_have_text("Suivi enregistré.")
    expect(page.locator("#current-status")).to_have_text("Qualifié")
    expect(page.locator("table.history")).to_contain_text("Entretien fixé le 12 mars.")
    page.screenshot(path=SCREENSHOTS / "dashboard-4-prospect.png", full_page=True)

    page.get_by_role("link", name="Prospects", exact=True).click()
    page.get_by_label("Suivi").select_option("qualifie")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#total")).to_have_text("1")

    page.get_by_role("link", name="Activité").click()
    page.get_by_role("link", name="364\u00a0derniers jours").click()
    expect(page.locator("#conversations")).to_have_text("3")
    expect(page.locator("svg.chart")).to_have_count(5)
    page.screenshot(path=SCREENSHOTS / "dashboard-5-activite.png", full_page=True)
    assert problems == []  # no CSP violation, no script error
