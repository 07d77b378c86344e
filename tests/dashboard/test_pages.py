"""What the porteur sees matches the seeded database: leads, filters, a lead's page, activity, CSV, erasure."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import insert, select

from bot.dashboard.activity import DEFAULT_PERIOD, PERIODS
from bot.formatting import NBSP, typography_errors
from bot.leads.db import make_engine
from bot.leads.models import AuditEntry, Delivery, FollowUp, Lead
from bot.privacy.conversations import events
from bot.rules.parameters import ParameterSet
from tests.dashboard.conftest import EVENTS, LEADS, NOW, PASSWORD, USER, Dashboard, at, csrf_of, settings_for
from tests.rules.conftest import parameter_copy  # noqa: F401
from tests.rules.operator_edits import check_every_parameter, set_check_date

START = NOW.replace(hour=0, minute=0) + dt.timedelta(days=1) - dt.timedelta(days=DEFAULT_PERIOD)


def figure(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', page)
    assert match, f"#{element_id} missing"
    return html.unescape(match.group(1)).strip()


def total(http: requests.Session, dashboard: Dashboard, query: str = "") -> int:
    return int(figure(http.get(f"{dashboard.url}/prospects?{query}").text, "total").replace(NBSP, ""))


def test_the_table_and_its_filters_count_what_the_database_holds(dashboard: Dashboard) -> None:
    http = dashboard.login()
    assert total(http, dashboard) == len(LEADS)
    assert total(http, dashboard, "profil=candidat") == sum(1 for _, lead in LEADS if lead["profile"] == "candidat")
    assert total(http, dashboard, "region=Île-de-France") == 2  # 75005 and 75011
    assert total(http, dashboard, "secteur=bât") == 1
    assert total(http, dashboard, "du=2026-03-01&au=2026-03-09") == 2  # the 9th is included
    assert total(http, dashboard, "q=DURAND") == 1
    assert total(http, dashboard, "q=émilie") == 1  # accents folded on SQLite too
    assert total(http, dashboard, "q=06 12") == 1
    assert total(http, dashboard, "suivi=clos") == 0
    assert total(http, dashboard, "q=%25") == 0  # a literal %, not a wildcard
    page = http.get(f"{dashboard.url}/prospects?profil=candidat&region=Île-de-France").text
    assert "Marie Curie" in page and "Paul Durand" not in page
    assert page.index("Marie Curie") < page.index("HYPERLINK")  # newest first


def test_unreadable_filters_are_explained_in_french_not_failed(dashboard: Dashboard) -> None:
    http = dashboard.login()
    response = http.get(f"{dashboard.url}/prospects?du=hier&profil=pirate&page=-3")
    assert response.status_code == 200
    assert "Date de début illisible" in response.text and "Profil inconnu" in response.text
    assert figure(response.text, "total") == str(len(LEADS))
    for path in ("/prospects/999999", "/prospects/abc", "/nulle-part"):
        missing = http.get(dashboard.url + path)
        assert missing.status_code == 404 and "n’existe pas" in missing.text, path


def test_a_lead_page_shows_contact_consent_qualification_and_its_own_transcript(dashboard: Dashboard) -> None:
    http = dashboard.login()
    page = html.unescape(http.get(f"{dashboard.url}/prospects/{dashboard.ids['Marie Curie']}").text)
    assert "marie.curie@exemple.fr" in page and "Île-de-France" in page and "Industrie" in page
    assert "consentement" in page.lower() and "v1" in page  # the consent text's version
    assert figure(page, "verdict") == "Éligible"
    assert f"9{NBSP}000{NBSP}€" in page and "min_age_met" in page
    assert "Qui paie la formation ?" in page and "Vous êtes éligible." in page
    assert "gloubiboulga" not in page  # another conversation's message


def test_a_phone_is_shown_as_dialled_and_called_in_e164(dashboard: Dashboard) -> None:
    http = dashboard.login()
    page = html.unescape(http.get(f"{dashboard.url}/prospects/{dashboard.ids['Paul Durand']}").text)
    assert '<a href="tel:+33612345678">06 12 34 56 78</a>' in page
    listing = html.unescape(http.get(f"{dashboard.url}/prospects").text)
    assert "06 12 34 56 78" in listing and "+33612345678" not in listing


def test_changing_the_follow_up_records_who_what_and_when(dashboard: Dashboard) -> None:
    http = dashboard.login()
    lead = dashboard.ids["Paul Durand"]
    token = csrf_of(http.get(f"{dashboard.url}/prospects/{lead}").text)
    page = http.post(f"{dashboard.url}/prospects/{lead}/suivi",
                     data={"statut": "contacte", "note": "Rappeler jeudi <b>matin</b>", "csrf": token}).text
    assert "Suivi enregistré." in page and figure(page, "current-status") == "Contacté"
    assert "Rappeler jeudi &lt;b&gt;matin&lt;/b&gt;" in page  # escaped, never interpreted
    bad = http.post(f"{dashboard.url}/prospects/{lead}/suivi", data={"statut": "perdu", "csrf": token})
    assert bad.status_code == 400 and "Statut de suivi inconnu" in bad.text
    engine = make_engine(dashboard.leads_url)
    with engine.connect() as connection:
        entry = connection.execute(select(FollowUp.status, FollowUp.note, FollowUp.author, FollowUp.created_at)).one()
        lead_row = connection.execute(select(Lead.follow_up_status, Lead.status).where(Lead.id == lead)).one()
    engine.dispose()
    assert entry[:3] == ("contacte", "Rappeler jeudi <b>matin</b>", "porteur")
    assert entry[3].replace(tzinfo=dt.timezone.utc) == NOW
    assert lead_row == ("contacte", "nouveau")  # the hand-off state is untouched
    assert total(http, dashboard, "suivi=contacte") == 1


def test_the_csv_export_follows_the_filter_for_french_excel(dashboard: Dashboard) -> None:
    http = dashboard.login()
    response = http.get(f"{dashboard.url}/prospects/export.csv?profil=candidat")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Référence", "Créé le (UTC)", "Profil", "Suivi"]
    names = [row[4] for row in rows[1:]]
    assert names == ["Marie Curie", "'=HYPERLINK(\"http://x\")"]  # newest first; the formula neutralised
    assert all(row[2] == "Candidat" for row in rows[1:])
    engine = make_engine(dashboard.leads_url)
    with engine.connect() as connection:
        assert connection.execute(select(AuditEntry.action, AuditEntry.author)).all() == [("export_csv", "porteur")]
    engine.dispose()


def test_erasing_a_lead_removes_it_with_its_follow_up_and_keeps_an_anonymous_audit_line(dashboard: Dashboard) -> None:
    http = dashboard.login()
    lead = dashboard.ids["Marie Curie"]
    token = csrf_of(http.get(f"{dashboard.url}/prospects/{lead}").text)
    http.post(f"{dashboard.url}/prospects/{lead}/suivi", data={"statut": "qualifie", "csrf": token})
    unconfirmed = http.post(f"{dashboard.url}/prospects/{lead}/effacer", data={"csrf": token})
    assert unconfirmed.status_code == 400 and "Cochez la case" in unconfirmed.text
    page = http.post(f"{dashboard.url}/prospects/{lead}/effacer", data={"csrf": token, "confirmation": "oui"}).text
    assert "Le prospect a été effacé" in page and "Marie Curie" not in page
    assert http.get(f"{dashboard.url}/prospects/{lead}").status_code == 404
    engine = make_engine(dashboard.leads_url)
    with engine.connect() as connection:
        assert connection.execute(select(Lead.id).where(Lead.id == lead)).first() is None
        assert connection.execute(select(FollowUp.id).where(FollowUp.lead_id == lead)).first() is None
        assert connection.execute(select(Delivery.id).where(Delivery.lead_id == lead)).first() is None
        audit = connection.execute(select(AuditEntry.action, AuditEntry.lead_id, AuditEntry.author)).all()
        senders = set(connection.execute(select(events.c.sender_id)).scalars())
    engine.dispose()
    assert audit == [("erase", lead, "porteur")]
    assert senders == {"conv-b", "conv-c"}  # her conversation went with her lead; the others stay


def test_transcripts_and_unknown_messages_show_placeholders_for_contact_details(
        dashboard: Dashboard, database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as connection:  # stored before redaction existed: masked when shown
        connection.execute(insert(events).values(
            sender_id="conv-a", type_name="user", timestamp=at("2026-03-09 10:04").timestamp(),
            intent_name="nlu_fallback", data=json.dumps({"event": "user", "text": "rappelez-moi au 06 12 34 56 78"})))
    engine.dispose()
    http = dashboard.login()
    lead_page = html.unescape(http.get(f"{dashboard.url}/prospects/{dashboard.ids['Marie Curie']}").text)
    home = html.unescape(http.get(f"{dashboard.url}/activite").text)
    for page in (lead_page, home):
        assert "rappelez-moi au [téléphone]" in page and "06 12 34 56 78" not in page


def _expected_activity() -> dict[str, Any]:
    """The default period's figures, computed from the seed itself (not by the dashboard's code)."""
    recent = [event for event in EVENTS if at(event[1]) >= START]
    user = [event for event in recent if event[2] == "user"]
    missed = [event for event in user if event[3] in ("nlu_fallback", "out_of_scope")]
    return {
        "conversations": len({event[0] for event in user}),
        "checked": len({event[0] for event in recent if event[2] == "action" and event[3].startswith("action_give_")}),
        "leads": sum(1 for when, _ in LEADS if at(when) >= START),
        "rate": f"{round(100 * len(missed) / len(user), 1)}".replace(".", ",") + f"{NBSP}%",
    }


def test_the_activity_figures_match_the_seeded_events_and_leads(dashboard: Dashboard) -> None:
    http = dashboard.login()
    page = html.unescape(http.get(f"{dashboard.url}/activite").text)
    expected = _expected_activity()
    assert (figure(page, "conversations"), figure(page, "checked"), figure(page, "leads")) == (
        str(expected["conversations"]), str(expected["checked"]), str(expected["leads"]))
    assert expected == {"conversations": 2, "checked": 1, "leads": 3, "rate": f"33,3{NBSP}%"}  # the seed as designed
    assert figure(page, "fallback-rate") == expected["rate"]
    topics = re.findall(r'<tr><td>([^<]+)</td><td>(\d+)</td></tr>', page.split('class="topics"')[1].split("</table>")[0])
    assert topics == [("Financement", "2"), ("Vérification d’éligibilité (candidat)", "1")]
    weeks = page.split('class="weeks"')[1].split("</table>")[0]
    assert "<tr><td>9 mars 2026</td><td>1</td><td>0</td><td>0</td></tr>" in weeks
    assert "<tr><td>2 mars 2026</td><td>0</td><td>1</td><td>0</td></tr>" in weeks
    assert "<tr><td>16 février 2026</td><td>0</td><td>0</td><td>1</td></tr>" in weeks
    missed = page.split('class="not-understood"')[1]
    assert missed.index("Quel temps fait-il à Lyon ?") < missed.index("gloubiboulga") < missed.index("vieux message")
    assert page.count("<svg") == 5 and "<script" not in page
    year = html.unescape(http.get(f"{dashboard.url}/activite?jours={PERIODS[-1]}").text)
    assert figure(year, "conversations") == "3" and figure(year, "leads") == "4"


def test_without_a_tracker_store_the_activity_shows_zeros(database_url: str, serve: Any, tmp_path: Path) -> None:
    url, _ = serve(settings_for(database_url, f"sqlite:///{tmp_path / 'absent.db'}"))
    http = requests.Session()
    http.post(f"{url}/connexion", data={"utilisateur": "porteur", "mot_de_passe": "mot de passe de test"})
    page = http.get(f"{url}/activite")
    assert page.status_code == 200
    assert figure(page.text, "conversations") == "0" and figure(page.text, "checked") == "0"
    assert "Aucun message non compris." in page.text
    assert not (tmp_path / "absent.db").exists()  # read-only: nothing created


def test_the_fixed_texts_follow_french_typography(dashboard: Dashboard, serve: Any, tmp_path: Path) -> None:
    no_account = f"sqlite:///{tmp_path / 'no-account.db'}"  # disabled: no account and no DASHBOARD_PASSWORD
    disabled_url, _ = serve(settings_for(no_account, no_account, password=""))
    pages = [requests.get(disabled_url + "/prospects").text, requests.get(dashboard.url + "/connexion").text]
    http = dashboard.login()
    pages.append(http.get(dashboard.url + "/prospects/999999").text)
    for page in pages:
        text = html.unescape(re.sub(r"<[^>]+>", " ", page.split("<main>")[1]))
        assert typography_errors(text) == []


def _logged_in(url: str) -> requests.Session:
    http = requests.Session()
    assert http.post(f"{url}/connexion", data={"utilisateur": USER, "mot_de_passe": PASSWORD}).url.endswith("/prospects")
    return http


def _banner(page: str) -> str | None:
    match = re.search(r'<section class="freshness".*?</section>', page, re.S)
    return match.group(0) if match else None


def _touch(path: Path) -> None:
    """Move the mtime forward: the parameter cache sees the edit even within one clock tick."""
    moment = path.stat().st_mtime + 10
    os.utime(path, (moment, moment))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_banner_lists_the_parameters_to_recheck_on_every_page(
    database_url: str, serve: Any, parameter_copy: Path  # noqa: F811
) -> None:
    # NOW is 10 March 2026: a check of 10 September 2025 is exactly six months old, still fresh.
    check_every_parameter(parameter_copy, "2025-09-10")
    url, _ = serve(settings_for(database_url, database_url), ParameterSet(parameter_copy))
    http = _logged_in(url)
    for path in ("/prospects", "/activite"):
        page = http.get(url + path).text
        assert _banner(page) is None and "Paramètres à revérifier" not in page, path

    set_check_date(parameter_copy, "financing.annual_cap", "2025-09-09")  # one day older
    annual_cap = parameter_copy / "financing" / "annual_cap.yaml"
    annual_cap.write_text(
        re.sub(r"^description: .*$", "description: Plafond <b>annuel</b> & co", annual_cap.read_text(encoding="utf-8"),
               count=1, flags=re.M),
        encoding="utf-8",
    )
    _touch(annual_cap)
    reference = ParameterSet(parameter_copy).get("financing.annual_cap").reference_on(NOW.date())
    for path in ("/prospects", "/activite", "/prospects/999999"):
        banner = _banner(http.get(url + path).text)
        assert banner is not None, path
        text = html.unescape(re.sub(r"<[^>]+>", "", banner))
        assert f"Paramètres à revérifier (vérifiés il y a plus de 6{NBSP}mois){NBSP}:" in text
        assert "Plafond &lt;b&gt;annuel&lt;/b&gt; &amp; co" in banner  # escaped, never interpreted
        assert "vérifié le 9 septembre 2025" in text
        assert f'<a href="{html.escape(reference.href)}" rel="noreferrer">{html.escape(reference.title)}</a>' in banner
        assert banner.count("<li>") == 1 and 'role="status"' in banner
        assert typography_errors(re.sub(r"<li>.*?</li>", "", text, flags=re.S)) == []
    assert _banner(requests.get(url + "/connexion").text) is None  # not before logging in


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_banner_follows_the_months_setting_and_survives_a_broken_file(
    database_url: str, serve: Any, parameter_copy: Path  # noqa: F811
) -> None:
    check_every_parameter(parameter_copy, "2025-09-10")
    set_check_date(parameter_copy, "financing.annual_cap", "2025-09-09")
    seven_months = dataclasses.replace(settings_for(database_url, database_url), freshness_months=7)
    url, _ = serve(seven_months, ParameterSet(parameter_copy))
    http = _logged_in(url)
    assert _banner(http.get(url + "/prospects").text) is None

    broken = parameter_copy / "financing" / "annual_cap.yaml"
    broken.write_text("description: [unclosed\n", encoding="utf-8")
    _touch(broken)
    page = http.get(url + "/prospects")
    assert page.status_code == 200
    assert "Les paramètres juridiques n’ont pas pu être relus" in html.unescape(_banner(page.text) or "")

