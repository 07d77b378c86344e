"""Named accounts: roles, authors by name, server-side sessions, the throttle behind a proxy, the command line.

Every case runs on SQLite and PostgreSQL (``database_url``); sessions in Redis too when it runs.
"""

from __future__ import annotations

import dataclasses
import html
import os
import subprocess
import sys
from typing import Any

import requests
from sqlalchemy import select

from bot.dashboard import users
from bot.dashboard.auth import REDIS_PREFIX
from bot.proxies import parse_trusted_proxies
from bot.leads.db import make_engine, make_session_factory
from bot.leads.models import AuditEntry, DashboardSession, DashboardUser, FollowUp, Lead
from tests.channels.redis_server import redis_client
from tests.dashboard.conftest import NOW, PASSWORD, USER, Dashboard, csrf_of, settings_for
from tests.servers import ROOT, free_port

ADMIN, ADVISER = "amelie.martin", "claire"
ADMIN_PASSWORD, ADVISER_PASSWORD = "mot de passe d’Amélie", "mot de passe de Claire"
REDIS_DB = 12  # this file's; only its own keys are deleted


def add_accounts(leads_url: str) -> None:
    """An admin and a conseiller, besides the first admin created from DASHBOARD_PASSWORD."""
    engine = make_engine(leads_url)
    with make_session_factory(engine).begin() as session:
        users.add(session, ADMIN, "admin", ADMIN_PASSWORD, NOW)
        users.add(session, ADVISER, "conseiller", ADVISER_PASSWORD, NOW)
    engine.dispose()


def rows(leads_url: str, *columns: Any) -> list[tuple[Any, ...]]:
    engine = make_engine(leads_url)
    with engine.connect() as connection:
        found = [tuple(row) for row in connection.execute(select(*columns).order_by(columns[0]))]
    engine.dispose()
    return found


def test_a_conseiller_follows_up_but_gets_a_french_403_on_export_and_erase(dashboard: Dashboard) -> None:
    add_accounts(dashboard.leads_url)
    lead = dashboard.ids["Marie Curie"]
    adviser = dashboard.login(ADVISER_PASSWORD, ADVISER)
    listing = adviser.get(f"{dashboard.url}/prospects").text
    assert "Marie Curie" in listing and "export.csv" not in listing and f"{ADVISER} (conseiller)" in listing
    page = adviser.get(f"{dashboard.url}/prospects/{lead}").text
    assert "/effacer" not in page
    token = csrf_of(page)
    saved = adviser.post(f"{dashboard.url}/prospects/{lead}/suivi", data={"statut": "contacte", "csrf": token})
    assert "Suivi enregistré." in saved.text

    export = adviser.get(f"{dashboard.url}/prospects/export.csv")
    erase = adviser.post(f"{dashboard.url}/prospects/{lead}/effacer", data={"csrf": token, "confirmation": "oui"})
    for refused in (export, erase):
        assert refused.status_code == 403 and refused.headers["Content-Type"].startswith("text/html")
        assert "Action réservée aux administrateurs" in html.unescape(refused.text)
        assert "Marie Curie" not in refused.text
    assert rows(dashboard.leads_url, Lead.id, Lead.follow_up_status)[0] == (lead, "contacte")  # not erased
    assert rows(dashboard.leads_url, AuditEntry.id) == []  # neither exported nor erased

    admin = dashboard.login(ADMIN_PASSWORD, ADMIN)
    token = csrf_of(admin.get(f"{dashboard.url}/prospects/{lead}").text)
    admin.post(f"{dashboard.url}/prospects/{lead}/suivi", data={"statut": "qualifie", "csrf": token})
    assert admin.get(f"{dashboard.url}/prospects/{lead}").text.count(f"<td>{ADVISER}</td>") == 1
    assert admin.get(f"{dashboard.url}/prospects/export.csv").content.startswith("\ufeff".encode())
    assert "Le prospect a été effacé" in admin.post(
        f"{dashboard.url}/prospects/{lead}/effacer", data={"csrf": token, "confirmation": "oui"}).text
    assert rows(dashboard.leads_url, FollowUp.id) == []  # erased with the lead
    assert rows(dashboard.leads_url, AuditEntry.id, AuditEntry.action, AuditEntry.lead_id, AuditEntry.author) == [
        (1, "export_csv", None, ADMIN), (2, "erase", lead, ADMIN)]


def test_authors_of_follow_ups_are_recorded_by_name(dashboard: Dashboard) -> None:
    add_accounts(dashboard.leads_url)
    lead = dashboard.ids["Paul Durand"]
    for name, password, status in ((ADVISER, ADVISER_PASSWORD, "contacte"), (ADMIN, ADMIN_PASSWORD, "qualifie")):
        http = dashboard.login(password, name)
        token = csrf_of(http.get(f"{dashboard.url}/prospects/{lead}").text)
        http.post(f"{dashboard.url}/prospects/{lead}/suivi", data={"statut": status, "csrf": token})
    assert [row[1:] for row in rows(dashboard.leads_url, FollowUp.id, FollowUp.author, FollowUp.status)] == [
        (ADVISER, "contacte"), (ADMIN, "qualifie")]


def test_a_session_survives_a_restart_and_is_shared_by_two_processes(dashboard: Dashboard, serve: Any) -> None:
    add_accounts(dashboard.leads_url)
    http = dashboard.login(ADVISER_PASSWORD, ADVISER)
    lead = dashboard.ids["Paul Durand"]
    token = csrf_of(http.get(f"{dashboard.url}/prospects/{lead}").text)
    serve.stop(dashboard.url)  # the dashboard restarts: a new application on the same database
    first, _ = serve(settings_for(dashboard.leads_url, dashboard.leads_url))
    second, _ = serve(settings_for(dashboard.leads_url, dashboard.leads_url))
    assert http.get(f"{first}/prospects", allow_redirects=False).status_code == 200
    saved = http.post(f"{second}/prospects/{lead}/suivi", data={"statut": "clos", "csrf": token})
    assert "Suivi enregistré." in saved.text
    assert rows(dashboard.leads_url, FollowUp.id, FollowUp.author)[0][1] == ADVISER
    assert len(rows(dashboard.leads_url, DashboardSession.key)) == 1  # a hash of the cookie, not the cookie
    assert rows(dashboard.leads_url, DashboardSession.key)[0][0] not in http.cookies.get_dict().values()

    http.post(f"{first}/deconnexion", data={"csrf": token})  # logged out of one: out of both
    assert http.get(f"{second}/prospects", allow_redirects=False).status_code == 303
    assert rows(dashboard.leads_url, DashboardSession.key) == []


def test_a_new_password_or_a_removed_account_ends_its_sessions(dashboard: Dashboard) -> None:
    add_accounts(dashboard.leads_url)
    adviser, admin = dashboard.login(ADVISER_PASSWORD, ADVISER), dashboard.login(ADMIN_PASSWORD, ADMIN)
    engine = make_engine(dashboard.leads_url)
    with make_session_factory(engine).begin() as session:
        users.set_password(session, ADVISER, "un tout nouveau mot de passe")
        users.remove(session, ADMIN)
    engine.dispose()
    for http in (adviser, admin):
        assert http.get(f"{dashboard.url}/prospects").url.endswith("/connexion?expiree=1")
    dashboard.login("un tout nouveau mot de passe", ADVISER)
    assert rows(dashboard.leads_url, DashboardUser.id, DashboardUser.name)[1:] == [(3, ADVISER)]


def test_sessions_in_redis_when_lock_store_url_is_set(database_url: str, serve: Any) -> None:
    redis = redis_client(REDIS_DB)
    settings = dataclasses.replace(settings_for(database_url, database_url),
                                   lock_store_url=f"redis://127.0.0.1:6379/{REDIS_DB}")
    try:
        url, _ = serve(settings)
        http = requests.Session()
        assert http.post(f"{url}/connexion", data={"utilisateur": USER, "mot_de_passe": PASSWORD}).url.endswith(
            "/prospects")
        serve.stop(url)
        restarted, _ = serve(settings)
        assert http.get(f"{restarted}/prospects", allow_redirects=False).status_code == 200
        keys = list(redis.scan_iter(f"{REDIS_PREFIX}*"))
        assert len(keys) == 1 and 0 < redis.ttl(keys[0]) <= 8 * 3600
        assert rows(database_url, DashboardSession.key) == []
    finally:
        for key in redis.scan_iter(f"{REDIS_PREFIX}*"):
            redis.delete(key)
        redis.close()


def test_without_its_redis_the_dashboard_says_so_in_french(database_url: str, serve: Any) -> None:
    settings = dataclasses.replace(settings_for(database_url, database_url),
                                   lock_store_url=f"redis://127.0.0.1:{free_port()}/0")  # nobody listens
    url, _ = serve(settings)
    response = requests.post(f"{url}/connexion", data={"utilisateur": USER, "mot_de_passe": PASSWORD})
    assert response.status_code == 503 and "Le stockage des sessions ne répond pas" in html.unescape(response.text)


def _fail(url: str, forwarded_for: str, proto: str = "") -> requests.Response:
    headers = {"X-Forwarded-For": forwarded_for} | ({"X-Forwarded-Proto": proto} if proto else {})
    return requests.post(f"{url}/connexion", data={"utilisateur": USER, "mot_de_passe": "mauvais"}, headers=headers,
                         allow_redirects=False)


def _login(url: str, forwarded_for: str, proto: str = "") -> requests.Response:
    headers = {"X-Forwarded-For": forwarded_for} | ({"X-Forwarded-Proto": proto} if proto else {})
    return requests.post(f"{url}/connexion", data={"utilisateur": USER, "mot_de_passe": PASSWORD}, headers=headers,
                         allow_redirects=False)


def test_behind_a_trusted_proxy_the_throttle_counts_the_forwarded_address(database_url: str, serve: Any) -> None:
    trusted = dataclasses.replace(settings_for(database_url, database_url),
                                  trusted_proxies=parse_trusted_proxies("10.0.0.0/8, 127.0.0.1"))
    url, _ = serve(trusted)
    secure = _login(url, "203.0.113.7", proto="https")
    assert secure.status_code == 303 and "Secure" in secure.headers["Set-Cookie"]
    assert "HttpOnly" in secure.headers["Set-Cookie"] and "SameSite=Strict" in secure.headers["Set-Cookie"]
    assert "Secure" not in _login(url, "203.0.113.7", proto="http").headers["Set-Cookie"]
    for _ in range(5):
        assert _fail(url, "203.0.113.5").status_code == 401
    assert _login(url, "203.0.113.5").status_code == 429
    # The client cannot escape by writing its own X-Forwarded-For: the proxy appends the real address.
    assert _login(url, "198.51.100.1, 203.0.113.5").status_code == 429
    assert _login(url, "203.0.113.5, 10.1.2.3").status_code == 429  # through a second trusted proxy
    assert _login(url, "203.0.113.6").status_code == 303  # the rest of the team still logs in


def test_from_an_untrusted_peer_forwarded_headers_are_ignored(database_url: str, serve: Any) -> None:
    untrusted = dataclasses.replace(settings_for(database_url, database_url),
                                    trusted_proxies=parse_trusted_proxies("10.0.0.0/8"))
    url, _ = serve(untrusted)
    assert "Secure" not in _login(url, "203.0.113.7", proto="https").headers["Set-Cookie"]
    for n in range(5):
        _fail(url, f"203.0.113.{n}")
    assert _login(url, "203.0.113.99").status_code == 429  # one peer (127.0.0.1), whatever it claims


def _cli(database_url: str, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DASHBOARD_", "LOCK_STORE"))}
    env["DATABASE_URL"] = database_url
    return subprocess.run([sys.executable, "-m", "bot.dashboard", "users", *args], cwd=ROOT, env=env, text=True,
                          input=None if password is None else password + "\n", capture_output=True, timeout=120)


def test_the_command_line_adds_changes_and_removes_accounts(database_url: str, serve: Any) -> None:
    added = _cli(database_url, "add", "élodie", "--role", "admin", password="premier mot de passe")
    assert added.returncode == 0 and "Compte « élodie » créé (rôle admin)." in added.stdout, added.stderr
    assert _cli(database_url, "add", "élodie", "--password", "en clair").returncode == 2  # never on argv
    refused = [
        _cli(database_url, "add", "élodie", password="un autre mot de passe"),
        _cli(database_url, "add", "jean dupont", password="un autre mot de passe"),
        _cli(database_url, "add", "jean", password="court"),
        _cli(database_url, "add", "jean", password=""),
        _cli(database_url, "remove", "élodie"),
        _cli(database_url, "passwd", "personne", password="un autre mot de passe"),
    ]
    assert [result.returncode for result in refused] == [1] * len(refused)
    assert [result.stderr.strip() for result in refused] == [
        "Le compte « élodie » existe déjà.",
        "Nom de compte invalide : de 1 à 100 lettres, chiffres ou caractères . _ - @, sans espace.",
        "Mot de passe trop court : au moins 10 caractères.",
        "Aucun mot de passe lu sur l’entrée standard : rien n’a été changé.",
        "Impossible de supprimer le dernier compte admin : créez-en un autre d’abord.",
        "Aucun compte « personne ».",
    ]
    assert _cli(database_url, "add", "jean", password="mot de passe de Jean").returncode == 0
    assert set(_cli(database_url, "list").stdout.splitlines()) == {"jean\tconseiller", "élodie\tadmin"}

    # An account table that is not empty: DASHBOARD_PASSWORD creates nobody.
    url, _ = serve(settings_for(database_url, database_url))
    refused_login = requests.post(f"{url}/connexion", data={"utilisateur": USER, "mot_de_passe": PASSWORD})
    assert refused_login.status_code == 401
    http = requests.Session()
    assert http.post(f"{url}/connexion", data={"utilisateur": "jean", "mot_de_passe": "mot de passe de Jean"}).url.endswith(
        "/prospects")
    changed = _cli(database_url, "passwd", "jean", password="nouveau mot de passe")
    assert changed.returncode == 0 and "Mot de passe de « jean » changé" in changed.stdout
    assert http.get(f"{url}/prospects").url.endswith("/connexion?expiree=1")
    removed = _cli(database_url, "remove", "jean")
    assert removed.returncode == 0 and "Compte « jean » supprimé" in removed.stdout
    assert [name for _, name in rows(database_url, DashboardUser.id, DashboardUser.name)] == ["élodie"]
    stored = rows(database_url, DashboardUser.id, DashboardUser.password_hash)[0][1]
    assert stored.startswith("$argon2id$") and "premier" not in stored


def test_an_account_added_after_the_start_opens_a_disabled_dashboard(database_url: str, serve: Any) -> None:
    url, _ = serve(settings_for(database_url, database_url, password=""))
    assert requests.get(f"{url}/prospects").status_code == 503
    assert _cli(database_url, "add", "claire", "--role", "conseiller", password="mot de passe de Claire").returncode == 0
    http = requests.Session()
    response = http.post(f"{url}/connexion", data={"utilisateur": "claire", "mot_de_passe": "mot de passe de Claire"})
    assert response.status_code == 200 and response.url.endswith("/prospects")


def test_trusted_proxies_are_addresses_and_networks_separated_by_commas_or_spaces() -> None:
    from bot.proxies import client_address

    trusted = parse_trusted_proxies("127.0.0.1,10.0.0.0/8  ::1")
    assert client_address("10.0.0.1", {"X-Forwarded-For": "203.0.113.5, 10.9.9.9"}, trusted) == "203.0.113.5"
    assert client_address("10.0.0.1", {"X-Forwarded-For": "203.0.113.5, pas une adresse"}, trusted) == "10.0.0.1"
    assert client_address("10.0.0.1", {}, trusted) == "10.0.0.1"
    assert client_address("::1", {"X-Forwarded-For": "2001:db8::7"}, trusted) == "2001:db8::7"
    assert client_address("::ffff:127.0.0.1", {"X-Forwarded-For": "203.0.113.5"}, trusted) == "203.0.113.5"
    assert client_address("192.0.2.1", {"X-Forwarded-For": "203.0.113.5"}, trusted) == "192.0.2.1"
    assert parse_trusted_proxies("") == ()
    assert parse_trusted_proxies("10.0.0.0/8;127.0.0.1 ::1") == parse_trusted_proxies("::1")  # bad entry ignored
