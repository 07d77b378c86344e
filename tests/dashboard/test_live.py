"""« Conversations en direct »: a person of the team takes a conversation over, writes, gives it back.

The dashboard runs for real on a migrated database (SQLite, and PostgreSQL for the main flow); a
small real aiohttp server stands in for the Rasa server's live channel (POST
/webhooks/live/conversations/<id>/take|message|release): it records what it receives and, like
Rasa, stores the person's message as a bot event with ``metadata.agent`` in the tracker.
"""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Any

import pytest
import requests
from sqlalchemy import select

from bot.dashboard.tracker import TrackerReader
from bot.formatting import NBSP
from bot.leads.db import make_engine, make_session_factory
from bot.leads.models import LiveConversation
from bot.leads.routing import PorteurDirectory
from bot.live import queue
from tests.dashboard.conftest import (
    LIVE, LIVE_EVENTS, MARIE, MARIE_PASSWORD, NOW, TOKEN, USER, WAIT_S, XSS, Dashboard, FakeRasa, add_events, csrf_of,
    seed, settings_for,
)
from tests.servers import free_port

def row_of(dashboard: Dashboard) -> LiveConversation:
    engine = make_engine(dashboard.leads_url)
    try:
        with make_session_factory(engine)() as session:
            return session.execute(select(LiveConversation).where(LiveConversation.sender_id == LIVE)).scalar_one()
    finally:
        engine.dispose()


def page_of(http: requests.Session, dashboard: Dashboard) -> str:
    return http.get(f"{dashboard.url}/direct/{LIVE}").text


def post(http: requests.Session, dashboard: Dashboard, action: str, data: dict[str, str] | None = None,
         as_json: bool = False) -> requests.Response:
    csrf = csrf_of(page_of(http, dashboard))
    headers = {"Accept": "application/json"} if as_json else {}
    return http.post(f"{dashboard.url}/direct/{LIVE}/{action}", data={"csrf": csrf, **(data or {})},
                     headers=headers, allow_redirects=False)


def test_a_person_takes_writes_and_gives_back_a_waiting_conversation(live: Dashboard, fake_rasa: FakeRasa) -> None:
    http = live.login()
    listing = http.get(f"{live.url}/direct")
    assert listing.status_code == 200 and "Conversations en direct" in listing.text
    assert f'href="/direct/{LIVE}"' in listing.text and "site web" in listing.text and f"3{NBSP}min" in listing.text
    assert "script-src 'self'" in listing.headers["Content-Security-Policy"]
    rows = http.get(f"{live.url}/direct.json").json()
    assert rows["configured"] is True
    assert [(row["sender_id"], row["status"], row["channel_label"], row["taken_by"]) for row in rows["conversations"]] == [
        (LIVE, "waiting", "site web", None)]
    assert "Prendre la conversation" in page_of(http, live)

    taken = post(http, live, "prendre")
    assert taken.status_code == 303 and taken.headers["Location"] == f"/direct/{LIVE}"
    row = row_of(live)
    assert (row.status, row.taken_by) == ("taken", USER)
    assert fake_rasa.received == [{"path": f"/webhooks/live/conversations/{LIVE}/take",
                                   "authorization": f"Bearer {TOKEN}", "json": {"agent": USER}}]
    page = page_of(http, live)
    assert "Envoyer" in page and "Rendre la main à l’assistant" in page and "Prendre la conversation" not in page
    assert http.get(f"{live.url}/direct.json").json()["conversations"][0]["taken_by"] == "Porteur"

    marie = live.login(MARIE_PASSWORD, MARIE)  # a conseiller: may take, but this one is gone
    other = html.unescape(page_of(marie, live))
    assert "Prise en charge par Porteur" in other and "Envoyer" not in other and "Prendre la conversation" not in other
    refused = post(marie, live, "prendre", as_json=True)
    assert refused.status_code == 409 and refused.json() == {"ok": False, "error": f"Porteur a déjà pris cette conversation."}
    refused_page = post(marie, live, "prendre")
    assert refused_page.status_code == 409 and "Porteur a déjà pris cette conversation." in html.unescape(refused_page.text)
    assert post(marie, live, "message", {"texte": "Bonjour"}).status_code == 403  # not hers to write in
    assert row_of(live).taken_by == USER and fake_rasa.actions() == ["take"]

    last_id = http.get(f"{live.url}/direct/{LIVE}/messages.json").json()["last_id"]
    sent = post(http, live, "message", {"texte": "  Bonjour, je suis là pour vous aider.  "}, as_json=True)
    assert sent.status_code == 200 and sent.json() == {"ok": True, "delivered": True}
    assert fake_rasa.received[-1]["json"] == {"agent": USER, "text": "Bonjour, je suis là pour vous aider."}
    assert fake_rasa.received[-1]["authorization"] == f"Bearer {TOKEN}"
    new = http.get(f"{live.url}/direct/{LIVE}/messages.json", params={"apres": last_id}).json()
    assert [(line["author"], line["who"], line["text"]) for line in new["messages"]] == [
        ("agent", "Marie (équipe)", "Bonjour, je suis là pour vous aider.")]
    assert new["last_id"] > last_id and new["status"] == "taken" and new["mine"] is True

    released = post(http, live, "rendre")
    assert released.status_code == 303 and released.headers["Location"] == f"/direct/{LIVE}?rendue=1"
    assert fake_rasa.actions() == ["take", "message", "release"]
    assert fake_rasa.received[-1]["json"] == {"agent": USER, "form": False}
    assert row_of(live).status == "closed"
    assert http.get(f"{live.url}/direct.json").json()["conversations"] == []
    assert "Prendre la conversation" not in page_of(http, live)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_persons_text_is_checked_and_shown_escaped(live: Dashboard, fake_rasa: FakeRasa) -> None:
    http = live.login()
    assert post(http, live, "prendre", as_json=True).json() == {"ok": True, "status": "taken", "taken_by": "Porteur"}
    for text in ("   ", "x" * 2001):
        refused = post(http, live, "message", {"texte": text}, as_json=True)
        assert refused.status_code == 400 and refused.json()["ok"] is False
        assert "Écrivez un message" in refused.json()["error"] or f"2{NBSP}000 caractères" in refused.json()["error"]
    too_long = post(http, live, "message", {"texte": "y" * 2001})
    assert too_long.status_code == 400 and "Message trop long" in too_long.text and "y" * 2001 in too_long.text  # kept
    assert post(http, live, "message", {"texte": "x" * 2000}, as_json=True).status_code == 200
    assert fake_rasa.actions() == ["take", "message"]

    assert post(http, live, "message", {"texte": XSS}, as_json=True).status_code == 200
    page = page_of(http, live)
    assert XSS not in page and "<script>alert" not in page  # the visitor's and the person's, both escaped
    assert html.escape(XSS, quote=False) in page or "&lt;script&gt;" in page
    lines = http.get(f"{live.url}/direct/{LIVE}/messages.json").json()["messages"]
    assert [line["text"] for line in lines].count(XSS) == 2  # raw in JSON: live.js sets it as textContent


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_failed_rasa_call_undoes_the_take_and_says_so(live: Dashboard, fake_rasa: FakeRasa) -> None:
    http = live.login()
    fake_rasa.failing = True
    refused = post(http, live, "prendre")
    assert refused.status_code == 503
    assert "la conversation n’a pas été prise" in html.unescape(refused.text)
    assert "Prendre la conversation" in refused.text  # may be tried again
    assert (row_of(live).status, row_of(live).taken_by) == ("waiting", None)
    as_json = post(http, live, "prendre", as_json=True)
    assert as_json.status_code == 503 and "n’a pas été prise" in as_json.json()["error"]
    assert row_of(live).status == "waiting" and fake_rasa.actions() == ["take", "take"]

    fake_rasa.failing = False
    assert post(http, live, "prendre").status_code == 303
    fake_rasa.failing = True
    assert post(http, live, "rendre", as_json=True).status_code == 503
    assert row_of(live).status == "taken"  # Rasa still holds the bot back: the row says so too


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_rasa_server_that_is_not_there_undoes_the_take(
    database_url: str, porteurs: PorteurDirectory, serve: Any  # noqa: F811
) -> None:
    tracker = make_engine(database_url)
    seed(database_url, tracker, porteurs)
    add_events(tracker, LIVE, LIVE_EVENTS)
    with make_session_factory(tracker).begin() as session:
        queue.request(session, LIVE, "facebook", NOW, WAIT_S)
    tracker.dispose()
    closed_port = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings = dataclasses.replace(settings_for(database_url, database_url), live_rasa_url=closed_port,
                                   live_api_token=TOKEN)
    url, app = serve(settings)
    dashboard = Dashboard(url, {}, app, database_url)
    http = dashboard.login()
    assert "Messenger" in http.get(f"{url}/direct").text
    refused = post(http, dashboard, "prendre")
    assert refused.status_code == 503 and "n’a pas été prise" in html.unescape(refused.text)
    assert row_of(dashboard).status == "waiting"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_without_a_token_the_page_says_how_to_turn_live_takeover_on(dashboard: Dashboard) -> None:
    http = dashboard.login()
    for path in ("/direct", "/direct/conv-a"):
        page = html.unescape(http.get(f"{dashboard.url}{path}").text)
        assert "La reprise en direct n’est pas configurée" in page and "LIVE_API_TOKEN" in page, path
        assert "Prendre la conversation" not in page
    assert http.get(f"{dashboard.url}/direct.json").json() == {"configured": False, "conversations": []}
    csrf = csrf_of(http.get(f"{dashboard.url}/direct/conv-a").text)
    refused = http.post(f"{dashboard.url}/direct/conv-a/prendre", data={"csrf": csrf},
                        headers={"Accept": "application/json"})
    assert refused.status_code == 503 and "LIVE_API_TOKEN" in refused.json()["error"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_conversation_page_shows_authors_facts_and_the_last_check(live: Dashboard) -> None:
    http = live.login()
    page = html.unescape(page_of(http, live))
    for said in ("Visiteur", "Assistant", "Paul (équipe)", "Suis-je éligible ?", "Une personne de l’équipe arrive."):
        assert said in page, said
    facts = re.search(r'<dl id="facts">(.*?)</dl>', page, re.S)
    assert facts and re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", facts.group(1))).split() == (
        f"Âge 30{NBSP}ans Situation demandeur d'emploi Diplôme ne sait pas").split()
    check = re.search(r'id="last-check">([^<]*)<', page)
    assert check and check.group(1) == "Vous êtes éligible.\nVoulez-vous être mis en relation ?"
    for path in ("/direct/a%20b", "/direct/" + "x" * 65, "/direct/inconnue"):
        assert http.get(live.url + path).status_code == 404, path
    assert http.get(f"{live.url}/direct/{LIVE}/messages.json?apres=-1").status_code == 400


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_lead_page_says_who_wrote_each_line(live: Dashboard) -> None:
    tracker = make_engine(live.leads_url)
    add_events(tracker, "conv-a", [("bot", None, "Je vous rappelle demain.", {"metadata": {"agent": "Marie"}})])
    tracker.dispose()
    http = live.login()
    page = html.unescape(http.get(f"{live.url}/prospects/{live.ids['Marie Curie']}").text)
    whos = re.findall(r'<span class="who">([^<]*)</span>', page)
    assert whos == ["Visiteur", "Assistant", "Visiteur", "Visiteur", "Assistant", "Marie (équipe)"]
    assert "Je vous rappelle demain." in page


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_messages_json_gives_the_lines_after_an_event(live: Dashboard) -> None:
    http = live.login()
    everything = http.get(f"{live.url}/direct/{LIVE}/messages.json").json()
    assert [line["author"] for line in everything["messages"]] == ["user", "bot", "bot", "user", "bot", "agent"]
    middle = everything["messages"][2]["id"]
    after = http.get(f"{live.url}/direct/{LIVE}/messages.json", params={"apres": middle}).json()
    assert [line["id"] for line in after["messages"]] == [line["id"] for line in everything["messages"][3:]]
    assert after["messages"][-1]["who"] == "Paul (équipe)" and after["status"] == "waiting"
    nothing = http.get(f"{live.url}/direct/{LIVE}/messages.json", params={"apres": everything["last_id"]}).json()
    assert nothing["messages"] == [] and nothing["last_id"] == everything["last_id"]
    reader = TrackerReader(make_engine(live.leads_url))
    try:
        assert reader.slots(LIVE) == {"age": 30, "situation": "jobseeker", "diploma_level": "unknown"}
    finally:
        reader.engine.dispose()
    expired = requests.get(f"{live.url}/direct.json")  # no session: JSON, not the login page
    assert expired.status_code == 401 and "reconnectez-vous" in expired.json()["error"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_post_without_its_csrf_token_is_refused(live: Dashboard, fake_rasa: FakeRasa) -> None:
    http = live.login()
    for action in ("prendre", "message", "rendre"):
        response = http.post(f"{live.url}/direct/{LIVE}/{action}", data={"texte": "Bonjour"},
                             headers={"Accept": "application/json"})
        assert response.status_code == 403 and response.json()["ok"] is False, action
        assert http.post(f"{live.url}/direct/{LIVE}/{action}", data={"csrf": "faux"}).status_code == 403
    assert fake_rasa.received == [] and row_of(live).status == "waiting"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_conseiller_may_take_a_conversation_too(live: Dashboard, fake_rasa: FakeRasa) -> None:
    marie = live.login(MARIE_PASSWORD, MARIE)
    taken = post(marie, live, "prendre", as_json=True)
    assert taken.status_code == 200 and taken.json() == {"ok": True, "status": "taken", "taken_by": "Marie"}
    assert fake_rasa.received[-1]["json"] == {"agent": MARIE} and row_of(live).taken_by == MARIE
    assert "Prise en charge par Marie" in html.unescape(page_of(live.login(), live))


def test_handing_back_with_the_contact_form_asks_the_assistant_to_open_it(live: Dashboard, fake_rasa: FakeRasa) -> None:
    http = live.login()
    assert post(http, live, "prendre").status_code == 303
    assert "Rendre la main et proposer le formulaire de contact" in page_of(http, live)
    released = post(http, live, "rendre", {"formulaire": "oui"})
    assert released.status_code == 303 and released.headers["Location"] == f"/direct/{LIVE}?rendue=1"
    assert fake_rasa.received[-1]["json"] == {"agent": USER, "form": True}
    assert row_of(live).status == "closed"
