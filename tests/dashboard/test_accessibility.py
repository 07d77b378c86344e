"""axe-core on every page of the porteur's dashboard, in headless Chromium, with the seeded leads.

Pages: login (empty, then with an error), leads list (all, then a filter with a problem), a lead
(as opened, then after a follow-up is saved), activity with its charts, the error page, the
banner of parameters to recheck (opened), and the page of a dashboard without a password. The CSV
export is a download from the leads list (no page of its own): its link is audited there.
The live takeover pages (issue 17): the list, a waiting conversation, and one taken.
Each report goes to test-output/axe/dashboard-<name>.json; a serious or critical violation fails.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.accessibility import audit_and_collect
from bot.rules.parameters import ParameterSet
from tests.dashboard.conftest import LIVE, PASSWORD, USER, Dashboard, FakeRasa, add_events, settings_for
from tests.rules.conftest import parameter_copy  # noqa: F401
from tests.rules.operator_edits import set_check_date

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing (CI=true: the browser test must run)")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        context.close()
        browser.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_dashboard_page_has_no_serious_violation(
    dashboard: Dashboard, page, serve: Any, parameter_copy: Path, tmp_path: Path  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    page.goto(f"{dashboard.url}/connexion")
    audit_and_collect(page, "dashboard-login", problems)
    page.get_by_label("Identifiant").fill(USER)
    page.get_by_label("Mot de passe").fill("pas le bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit_and_collect(page, "dashboard-login-error", problems)

    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#total")).to_have_text("4")
    expect(page.get_by_role("link", name="Exporter en CSV (filtre actuel)")).to_be_visible()
    audit_and_collect(page, "dashboard-leads", problems)
    page.goto(f"{dashboard.url}/prospects?du=pas-une-date")
    expect(page.get_by_role("alert").first).to_be_visible()
    audit_and_collect(page, "dashboard-leads-filter-problem", problems)

    page.goto(f"{dashboard.url}/prospects/{dashboard.ids['Marie Curie']}")
    expect(page.locator("#verdict")).to_have_text("Éligible")
    audit_and_collect(page, "dashboard-lead", problems)
    page.get_by_label("Nouveau statut").select_option("qualifie")
    page.get_by_label("Note (facultative)").fill("Entretien fixé le 12 mars.")
    page.get_by_role("button", name="Enregistrer le suivi").click()
    expect(page.get_by_role("status").filter(has_text="Suivi enregistré.")).to_be_visible()
    audit_and_collect(page, "dashboard-lead-follow-up", problems)

    page.goto(f"{dashboard.url}/activite?jours=364")
    expect(page.locator("svg.chart")).to_have_count(5)
    audit_and_collect(page, "dashboard-activity", problems)

    page.goto(f"{dashboard.url}/prospects/999999")
    audit_and_collect(page, "dashboard-error", problems)

    set_check_date(parameter_copy, "financing.annual_cap", "2025-01-05")  # older than six months: a banner
    stale_url, _ = serve(settings_for(dashboard.leads_url, dashboard.leads_url), ParameterSet(parameter_copy))
    page.goto(f"{stale_url}/connexion")
    page.get_by_label("Identifiant").fill(USER)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Voir la liste et les sources").click()
    expect(page.locator(".freshness li")).to_have_count(1)
    audit_and_collect(page, "dashboard-leads-freshness-banner", problems)

    no_account = f"sqlite:///{tmp_path / 'no-account.db'}"  # disabled: no account and no DASHBOARD_PASSWORD
    disabled_url, _ = serve(settings_for(no_account, no_account, password=""))
    page.goto(f"{disabled_url}/prospects")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord désactivé")
    audit_and_collect(page, "dashboard-disabled", problems)
    assert not problems, "serious or critical accessibility violations (reports in test-output/axe/):\n" + "\n".join(problems)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_live_pages_have_no_serious_violation_and_live_js_works(live: Dashboard, page, fake_rasa: FakeRasa) -> None:
    """« Conversations en direct »: the list, a waiting conversation, then the same taken (its message form).

    Driven in the browser, so live.js is exercised too: take and send by fetch, new lines by polling.
    """
    from playwright.sync_api import expect

    problems: list[str] = []
    script_errors: list[str] = []
    page.on("console", lambda message: script_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.goto(f"{live.url}/connexion")
    page.get_by_label("Identifiant").fill(USER)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Conversations en direct").click()
    expect(page.locator("#live-rows tr")).to_have_count(1)
    audit_and_collect(page, "dashboard-live-list", problems)

    page.get_by_role("link", name=LIVE).click()
    expect(page.get_by_role("button", name="Prendre la conversation")).to_be_visible()
    audit_and_collect(page, "dashboard-live-waiting", problems)
    page.get_by_role("button", name="Prendre la conversation").click()
    expect(page.get_by_role("button", name="Envoyer")).to_be_visible()
    page.get_by_label("Votre message au visiteur").fill("Bonjour, je suis là.")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator("#live-transcript li").last).to_contain_text("Bonjour, je suis là.")
    expect(page.locator("#live-transcript li").last).to_contain_text("Marie (équipe)")
    add_events(fake_rasa.tracker, LIVE, [("user", "greet", "Merci, j’ai une question.", {})])  # polled in
    expect(page.locator("#live-transcript li").last).to_contain_text("Merci, j’ai une question.")
    audit_and_collect(page, "dashboard-live-taken", problems)
    assert fake_rasa.actions() == ["take", "message"]
    assert script_errors == []  # no CSP violation, no script error
    assert not problems, "serious or critical accessibility violations (reports in test-output/axe/):\n" + "\n".join(problems)
