"""Who gets in: no login, a wrong password, a forged form, an expired session, no password set."""

from __future__ import annotations

import datetime as dt
from typing import Any

import requests
from sqlalchemy import func, select

from bot.leads.db import make_engine
from bot.leads.models import FollowUp, Lead
from tests.dashboard.conftest import NOW, PASSWORD, USER, Dashboard, csrf_of, settings_for


def test_without_login_every_page_is_refused(dashboard: Dashboard) -> None:
    lead = dashboard.ids["Marie Curie"]
    for path in ("/prospects", f"/prospects/{lead}", "/prospects/export.csv", "/activite"):
        response = requests.get(dashboard.url + path, allow_redirects=False)
        assert response.status_code == 303 and response.headers["Location"] == "/connexion", path
        assert "Marie" not in response.text
    response = requests.post(f"{dashboard.url}/prospects/{lead}/suivi", data={"statut": "clos"}, allow_redirects=False)
    assert response.status_code == 403
    assert "Action refusée" in response.text


def test_a_wrong_password_is_refused_and_repeated_failures_are_throttled(dashboard: Dashboard) -> None:
    http = requests.Session()
    response = http.post(f"{dashboard.url}/connexion", data={"utilisateur": USER, "mot_de_passe": "mauvais"})
    assert response.status_code == 401
    assert "Identifiant ou mot de passe incorrect." in response.text
    assert http.get(f"{dashboard.url}/prospects", allow_redirects=False).status_code == 303
    for _ in range(5):
        http.post(f"{dashboard.url}/connexion", data={"utilisateur": USER, "mot_de_passe": "mauvais"})
    # Even the right password waits once the client failed too often.
    response = http.post(f"{dashboard.url}/connexion", data={"utilisateur": USER, "mot_de_passe": PASSWORD})
    assert response.status_code == 429
    assert "Trop d’essais" in response.text


def test_the_session_cookie_is_http_only_and_strict(dashboard: Dashboard) -> None:
    response = requests.post(
        f"{dashboard.url}/connexion", data={"utilisateur": USER, "mot_de_passe": PASSWORD}, allow_redirects=False
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=28800" in cookie
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy  # live.js only: no inline script
    assert "unsafe" not in policy


def _follow_ups(dashboard: Dashboard) -> tuple[str, int]:
    engine = make_engine(dashboard.leads_url)
    with engine.connect() as connection:
        status = connection.execute(select(Lead.follow_up_status).where(Lead.id == dashboard.ids["Marie Curie"])).scalar_one()
        entries = connection.execute(select(func.count(FollowUp.id))).scalar_one()
    engine.dispose()
    return status, entries


def test_a_state_change_without_the_csrf_token_is_refused(dashboard: Dashboard) -> None:
    http = dashboard.login()
    lead = dashboard.ids["Marie Curie"]
    target = f"{dashboard.url}/prospects/{lead}/suivi"
    assert http.post(target, data={"statut": "clos"}, allow_redirects=False).status_code == 403
    assert http.post(target, data={"statut": "clos", "csrf": "forged"}, allow_redirects=False).status_code == 403
    erase = f"{dashboard.url}/prospects/{lead}/effacer"
    assert http.post(erase, data={"confirmation": "oui"}, allow_redirects=False).status_code == 403
    token = csrf_of(http.get(f"{dashboard.url}/prospects/{lead}").text)
    foreign = http.post(target, data={"statut": "clos", "csrf": token}, headers={"Origin": "http://evil.example"},
                        allow_redirects=False)
    assert foreign.status_code == 403
    assert _follow_ups(dashboard) == ("nouveau", 0)  # nothing was changed
    accepted = http.post(target, data={"statut": "clos", "csrf": token}, allow_redirects=False)
    assert accepted.status_code == 303
    assert _follow_ups(dashboard) == ("clos", 1)


def test_an_expired_session_asks_to_log_in_again(dashboard: Dashboard, serve: Any) -> None:
    http = dashboard.login()
    # Another dashboard process on the same database, whose clock is past the session's 8 hours.
    later, _ = serve(settings_for(dashboard.leads_url, dashboard.leads_url), clock=lambda: NOW + dt.timedelta(hours=8))
    assert http.get(f"{later}/prospects", allow_redirects=False).status_code == 303
    response = http.get(f"{dashboard.url}/prospects")  # the expired session was deleted
    assert response.url.endswith("/connexion?expiree=1")
    assert "Votre session a expiré" in response.text


def test_logout_ends_the_session(dashboard: Dashboard) -> None:
    http = dashboard.login()
    token = csrf_of(http.get(f"{dashboard.url}/prospects").text)
    assert http.post(f"{dashboard.url}/deconnexion", data={"csrf": token}).url.endswith("/connexion")
    assert http.get(f"{dashboard.url}/prospects", allow_redirects=False).status_code == 303


def test_without_a_password_the_dashboard_explains_how_to_open_it(database_url: str, serve: Any) -> None:
    url, _ = serve(settings_for(database_url, database_url, password=""))
    for path in ("/", "/prospects", "/connexion"):
        response = requests.get(url + path, allow_redirects=False)
        assert response.status_code == 503
        assert "DASHBOARD_PASSWORD" in response.text and "désactivé" in response.text
        assert "python -m bot.dashboard users add" in response.text
    response = requests.post(f"{url}/connexion", data={"utilisateur": USER, "mot_de_passe": ""}, allow_redirects=False)
    assert response.status_code == 503
