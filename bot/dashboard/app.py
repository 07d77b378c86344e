"""The dashboard's aiohttp application: pages, forms, CSV export, and their protections.

Database calls are synchronous SQLAlchemy, run in the default executor so that one slow query
never blocks the other requests.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, TypeVar
from urllib.parse import urlsplit

import jinja2
from aiohttp import web
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from bot.dashboard import activity as activity_module
from bot.dashboard import leads as lead_queries
from bot.dashboard import live as live_view
from bot.dashboard import rendering, users
from bot.dashboard.auth import COOKIE_NAME, Authenticator, DatabaseSessions, RedisSessions, SessionStore, UserSession
from bot.dashboard.config import DashboardSettings
from bot.dashboard.export import to_french_csv
from bot.proxies import client_address, forwarded_scheme, is_trusted
from bot.dashboard.tracker import TrackerReader, read_only_url
from bot.formatting import fix_typography
from bot.privacy.conversations import ConversationLog
from bot.privacy.erasure import erase
from bot.leads import models
from bot.leads.db import make_engine, make_session_factory, migrate
from bot.live import queue as live_queue
from bot.live.client import LiveClient, LiveUnavailable
from bot.live.names import display_name
from bot.rules import freshness
from bot.rules.parameters import ParameterSet, default_parameters

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
T = TypeVar("T")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SETTINGS = web.AppKey("settings", DashboardSettings)
AUTH = web.AppKey("auth", Authenticator)
TEMPLATES = web.AppKey("templates", jinja2.Environment)
FACTORY = web.AppKey("factory", sessionmaker)
TRACKER = web.AppKey("tracker", TrackerReader)
CONVERSATION_LOG = web.AppKey("conversation_log", ConversationLog)  # writes: erasure only
ENGINES = web.AppKey("engines", list)
CLOCK = web.AppKey("clock", object)
PARAMETERS = web.AppKey("parameters", ParameterSet)
LIVE_CLIENT = web.AppKey("live_client", LiveClient)  # only when LIVE_API_TOKEN is set
REDIS_TIMEOUT_S = 2


@dataclass
class Gate:
    """Whether an account exists: until then every page says how to open the dashboard."""

    open: bool = False


GATE = web.AppKey("gate", Gate)
REDIS = web.AppKey("redis", object)

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PUBLIC_PATHS = ("/static/",)
LEAD_PATH = re.compile(r"^\d{1,12}$")
EVENT_ID = re.compile(r"^\d{1,12}$")
SESSION_EXPIRED = fix_typography("Votre session a expiré : reconnectez-vous.")
ADMIN_ONLY = fix_typography(
    "Action réservée aux administrateurs : votre compte « conseiller » permet de consulter les prospects et "
    "d’en noter le suivi, pas de les exporter ni de les effacer. Demandez-le à un administrateur."
)


def create_app(
    settings: DashboardSettings,
    clock: Callable[[], dt.datetime] | None = None,
    parameters: ParameterSet | None = None,
) -> web.Application:
    """The application for ``settings``; ``clock`` (UTC now) and ``parameters`` are replaceable for tests."""
    middlewares = [proxy_middleware, headers_middleware, errors_middleware, auth_middleware]
    app = web.Application(middlewares=middlewares, client_max_size=64 * 1024)
    app[SETTINGS] = settings
    app[GATE] = Gate()
    app[TEMPLATES] = rendering.environment()
    app[CLOCK] = clock or (lambda: dt.datetime.now(dt.timezone.utc))
    app[PARAMETERS] = parameters if parameters is not None else default_parameters()
    app[ENGINES] = []
    app.on_startup.append(_open_stores)
    app.on_cleanup.append(_close_stores)
    app.add_routes(
        [
            web.get("/", lambda request: _redirect("/prospects")),
            web.get("/connexion", login_page),
            web.post("/connexion", login),
            web.post("/deconnexion", logout),
            web.get("/prospects", leads_page),
            web.get("/prospects/export.csv", export_csv),
            web.get("/prospects/{id}", lead_page),
            web.post("/prospects/{id}/suivi", change_follow_up),
            web.post("/prospects/{id}/effacer", erase_lead),
            web.get("/activite", activity_page),
            web.get("/direct", live_page),
            web.get("/direct.json", live_list_json),
            web.get("/direct/{sender_id}", conversation_page),
            web.get("/direct/{sender_id}/messages.json", messages_json),
            web.post("/direct/{sender_id}/prendre", take_conversation),
            web.post("/direct/{sender_id}/message", send_message),
            web.post("/direct/{sender_id}/rendre", release_conversation),
            web.static("/static", HERE / "static"),
        ]
    )
    return app


async def _open_stores(app: web.Application) -> None:
    settings = app[SETTINGS]
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, migrate, settings.leads_url)  # idempotent; new follow-up tables
    leads_engine = make_engine(settings.leads_url)
    if leads_engine.dialect.name == "sqlite":
        event.listen(leads_engine, "connect", _unicode_lower)
    tracker_engine = make_engine(read_only_url(settings.tracker_url))
    log_engine = make_engine(settings.tracker_url)
    app[ENGINES].extend([leads_engine, tracker_engine, log_engine])
    factory = make_session_factory(leads_engine)
    app[FACTORY] = factory
    app[TRACKER] = TrackerReader(tracker_engine)
    app[CONVERSATION_LOG] = ConversationLog(log_engine)
    store: SessionStore = DatabaseSessions(factory)
    if settings.lock_store_url:
        import redis

        app[REDIS] = redis.Redis.from_url(settings.lock_store_url, socket_timeout=REDIS_TIMEOUT_S,
                                          socket_connect_timeout=REDIS_TIMEOUT_S)
        store = RedisSessions(app[REDIS])
    app[AUTH] = Authenticator(factory, store, settings.session_hours)
    if settings.live_configured:
        app[LIVE_CLIENT] = LiveClient(settings.live_rasa_url, settings.live_api_token)  # holds no connection between calls
    now = app[CLOCK]()
    await loop.run_in_executor(None, users.create_first_admin, factory, settings.user, settings.password, now)
    app[GATE].open = await loop.run_in_executor(None, _has_accounts, factory)
    if not app[GATE].open:
        logger.warning("Tableau de bord désactivé : aucun compte. Définissez DASHBOARD_PASSWORD (premier compte admin) "
                       "ou créez un compte avec « python -m bot.dashboard users add ».")


def _has_accounts(factory: sessionmaker) -> bool:
    with factory() as session:
        return users.count(session) > 0


def _unicode_lower(connection: Any, _record: object) -> None:
    """SQLite's lower() folds ASCII only: « Élodie » would escape a search for « élodie »."""
    connection.create_function("lower", 1, lambda text: text.lower() if isinstance(text, str) else text, deterministic=True)


async def _close_stores(app: web.Application) -> None:
    engine: Engine
    for engine in app[ENGINES]:
        engine.dispose()
    if REDIS in app:
        app[REDIS].close()  # type: ignore[attr-defined]


# --- middlewares -------------------------------------------------------------------------------


@web.middleware
async def errors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every error becomes a French page: no traceback, no 5xx body from aiohttp."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        texts = {
            401: SESSION_EXPIRED,
            403: "Action refusée : le formulaire a expiré ou ne vient pas de ce tableau de bord. Rechargez la page et recommencez.",
            404: "Cette page n’existe pas (ou ce prospect a été effacé).",
            405: "Cette adresse ne s’utilise pas ainsi.",
            413: "La demande est trop volumineuse.",
        }
        own_text = error.status in (400, 403) and error.text and not error.text.startswith(f"{error.status}:")  # ours
        text = error.text if own_text else texts.get(error.status, "La demande n’a pas abouti.")
        return _error(request, error.status, text)
    except SQLAlchemyError as error:
        logger.error("database error on %s: %s", request.path, type(error).__name__)
        return _error(request, 503, "La base de données ne répond pas. Réessayez dans un instant.")
    except RedisError as error:  # the sessions' store when LOCK_STORE_URL is set
        logger.error("redis error on %s: %s", request.path, type(error).__name__)
        return _error(request, 503, "Le stockage des sessions ne répond pas. Réessayez dans un instant.")
    except Exception:  # noqa: BLE001 - the user gets a French page, the log gets the traceback
        logger.exception("unexpected error on %s", request.path)
        return _error(request, 500, "Une erreur inattendue s’est produite. Réessayez dans un instant.")


def _error(request: web.Request, status: int, text: str) -> web.Response:
    """The French error page, or its JSON for the live pages' scripts."""
    if _wants_json(request):
        return web.json_response({"ok": False, "error": fix_typography(text)}, status=status)
    return _page(request, "error.html", status=status, message=text)


@web.middleware
async def proxy_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Behind a trusted proxy (TRUSTED_PROXIES), the client's address and scheme are the forwarded ones."""
    trusted = request.app[SETTINGS].trusted_proxies
    if trusted and is_trusted(request.remote, trusted):
        scheme = forwarded_scheme(request.remote, request.headers, trusted)
        remote = client_address(request.remote, request.headers, trusted) or request.remote or "?"
        request = request.clone(remote=remote, **({"scheme": scheme} if scheme else {}))
    return await handler(request)


@web.middleware
async def headers_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"  # personal data: never kept by the browser
    return response


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Disabled without an account; a session for every page but the login; a CSRF token on every POST."""
    if request.path.startswith(PUBLIC_PATHS):
        return await handler(request)
    gate = request.app[GATE]
    if not gate.open:
        gate.open = await _run(lambda: _has_accounts(request.app[FACTORY]))  # one added since the start
        if not gate.open:
            return _page(request, "disabled.html", status=503)
    if request.method == "POST" and not _same_origin(request):
        raise web.HTTPForbidden()
    if request.path == "/connexion":
        return await handler(request)
    cookie, now = request.cookies.get(COOKIE_NAME), request.app[CLOCK]()
    session = await _run(lambda: request.app[AUTH].session_of(cookie, now))
    if session is None:
        if request.method == "GET" and _wants_json(request):
            raise web.HTTPUnauthorized()  # a script polling: a redirect to the login page would not parse
        if request.method == "GET":
            return _redirect("/connexion?expiree=1" if request.cookies.get(COOKIE_NAME) else "/connexion")
        raise web.HTTPForbidden()
    if request.method == "POST":
        form = await request.post()
        if not Authenticator.csrf_ok(session, _field(form, "csrf")):
            raise web.HTTPForbidden()
    request["session"] = session
    return await handler(request)


def _same_origin(request: web.Request) -> bool:
    """A browser's cross-site POST carries a foreign Origin: refused before anything else."""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin != "null"
    return urlsplit(origin).netloc == request.host


# --- login -------------------------------------------------------------------------------------


async def login_page(request: web.Request) -> web.StreamResponse:
    notice = "Votre session a expiré : reconnectez-vous." if request.query.get("expiree") else ""
    return _page(request, "login.html", notice=notice)


async def login(request: web.Request) -> web.StreamResponse:
    auth = request.app[AUTH]
    client = request.remote or "?"
    if auth.throttled(client):
        return _page(request, "login.html", status=429, error="Trop d’essais infructueux : patientez quelques minutes avant de réessayer.")
    form = await request.post()
    user, password = _field(form, "utilisateur") or "", _field(form, "mot_de_passe") or ""
    now = request.app[CLOCK]()
    token = await _run(lambda: auth.login(user, password, now))
    if token is None:
        auth.record_failure(client)
        logger.warning("dashboard: failed login from %s", client)
        return _page(request, "login.html", status=401, error="Identifiant ou mot de passe incorrect.", user=user)
    response = _redirect("/prospects")
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(auth.lifetime_s),
        httponly=True,
        samesite="Strict",
        secure=request.secure,
        path="/",
    )
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    cookie = request.cookies.get(COOKIE_NAME)
    await _run(lambda: request.app[AUTH].logout(cookie))
    response = _redirect("/connexion")
    response.del_cookie(COOKIE_NAME, path="/")
    return response


# --- leads -------------------------------------------------------------------------------------


async def leads_page(request: web.Request) -> web.StreamResponse:
    lead_filter = lead_queries.LeadFilter.from_query(request.query)

    def read() -> dict[str, Any]:
        with request.app[FACTORY]() as session:
            return {
                "result": lead_queries.leads_page(session, lead_filter),
                "regions": lead_queries.regions(session),
            }

    data = await _run(read)
    return _page(request, "leads.html", filter=lead_filter, erased=request.query.get("efface") == "1", **data)


async def lead_page(request: web.Request) -> web.StreamResponse:
    lead_id = _lead_id(request)

    def read() -> dict[str, Any] | None:
        with request.app[FACTORY]() as session:
            lead = lead_queries.lead_detail(session, lead_id)
            if lead is None:
                return None
            return {"lead": lead, "transcript": request.app[TRACKER].transcript(lead.conversation_id or "")}

    data = await _run(read)
    if data is None:
        raise web.HTTPNotFound()
    saved = request.query.get("enregistre") == "1"
    return _page(request, "lead.html", saved=saved, **data)


async def change_follow_up(request: web.Request) -> web.StreamResponse:
    lead_id = _lead_id(request)
    form = await request.post()
    status = _field(form, "statut") or ""
    if status not in models.FOLLOW_UPS:
        raise web.HTTPBadRequest(text="Statut de suivi inconnu : choisissez-en un dans la liste.")
    session: UserSession = request["session"]
    now = request.app[CLOCK]()

    def write() -> bool:
        with request.app[FACTORY].begin() as db:
            return lead_queries.change_follow_up(db, lead_id, status, _field(form, "note"), session.user, now) is not None

    if not await _run(write):
        raise web.HTTPNotFound()
    return _redirect(f"/prospects/{lead_id}?enregistre=1")


async def erase_lead(request: web.Request) -> web.StreamResponse:
    _admin_only(request)
    lead_id = _lead_id(request)
    form = await request.post()
    if _field(form, "confirmation") != "oui":
        raise web.HTTPBadRequest(text="Cochez la case de confirmation pour effacer ce prospect.")
    session: UserSession = request["session"]
    now = request.app[CLOCK]()

    def write() -> bool:
        # The lead, its deliveries and follow-ups, its conversations and every other conversation
        # that mentions its e-mail or phone, and their Redis keys; one audit line stays.
        report = erase(author=session.user, now=now, lead_id=lead_id, leads_factory=request.app[FACTORY],
                       log=request.app[CONVERSATION_LOG])
        return report.leads > 0

    if not await _run(write):
        raise web.HTTPNotFound()
    return _redirect("/prospects?efface=1")


async def export_csv(request: web.Request) -> web.StreamResponse:
    """The current filter's leads (every page): UTF-8 with BOM, ';' separated, for French Excel."""
    _admin_only(request)
    lead_filter = lead_queries.LeadFilter.from_query(request.query)
    session: UserSession = request["session"]
    now = request.app[CLOCK]()

    def build() -> str:
        with request.app[FACTORY].begin() as db:
            text = to_french_csv(lead_queries.leads_for_export(db, lead_filter))
            lead_queries.audit(db, "export_csv", session.user, now)
        return text

    text = await _run(build)
    filename = f"prospects-{now:%Y%m%d-%H%M}.csv"
    return web.Response(
        body=text.encode("utf-8"),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# --- activity ----------------------------------------------------------------------------------


async def activity_page(request: web.Request) -> web.StreamResponse:
    raw = request.query.get("jours", "")
    days = int(raw) if raw.isdigit() and int(raw) in activity_module.PERIODS else activity_module.DEFAULT_PERIOD
    today = request.app[CLOCK]().date()

    def read() -> activity_module.Activity:
        with request.app[FACTORY]() as session:
            return activity_module.activity(request.app[TRACKER], session, days, today)

    figures = await _run(read)
    return _page(request, "activity.html", figures=figures, days=days, periods=activity_module.PERIODS)


# --- live conversations (issue 17) -------------------------------------------------------------


async def live_page(request: web.Request) -> web.StreamResponse:
    """Waiting conversations first (how long), then those taken (by whom); live.js refreshes the table."""
    rows = await _live_rows(request)
    return _page(request, "live.html", rows=rows, not_configured=live_view.NOT_CONFIGURED)


async def live_list_json(request: web.Request) -> web.StreamResponse:
    rows = await _live_rows(request)
    return web.json_response({"configured": request.app[SETTINGS].live_configured, "conversations": rows})


async def _live_rows(request: web.Request) -> list[dict[str, Any]]:
    now = request.app[CLOCK]()

    def read() -> list[Any]:
        with request.app[FACTORY]() as db:
            return live_queue.ongoing(db, now)

    return [live_view.entry_json(entry, now, display_name) for entry in await _run(read)]


async def conversation_page(request: web.Request) -> web.StreamResponse:
    sender_id = _sender_id(request)
    notice = ""
    if request.query.get("non_remis") == "1":
        notice = live_view.french(live_view.NOT_PUSHED)
    elif request.query.get("rendue") == "1":
        notice = "La conversation est rendue à l’assistant."
    return await _conversation(request, sender_id, notice=notice)


async def _conversation(request: web.Request, sender_id: str, status: int = 200, error: str = "",
                        notice: str = "", draft: str = "") -> web.Response:
    """The conversation page: state and controls, transcript, facts, the last check's answer."""
    tracker = request.app[TRACKER]
    session: UserSession = request["session"]

    def read() -> dict[str, Any] | None:
        with request.app[FACTORY]() as db:
            entry = live_queue.get(db, sender_id)
        transcript = tracker.transcript(sender_id)
        if entry is None and not transcript:
            return None
        return {
            "entry": entry,
            "transcript": transcript,
            "facts": live_view.facts_of(tracker.slots(sender_id)),
            "last_check": tracker.last_check(sender_id),
        }

    data = await _run(read)
    if data is None:
        raise web.HTTPNotFound()
    entry = data["entry"]
    configured = request.app[SETTINGS].live_configured
    transcript = data["transcript"]
    return _page(
        request,
        "live_conversation.html",
        status=status,
        sender_id=sender_id,
        channel_label=live_view.channel_label(entry.channel) if entry else "",
        status_label=live_view.status_label(entry.status) if entry else "",
        waited=live_view.waited_text(entry.requested_at, request.app[CLOCK]()) if entry else "",
        taken_by=display_name(entry.taken_by) if entry and entry.taken_by else "",
        can_take=configured and entry is not None and entry.status in live_view.TAKEABLE,
        mine=configured and entry is not None and entry.status == "taken" and entry.taken_by == session.user,
        last_id=transcript[-1].id if transcript else 0,
        not_configured=live_view.NOT_CONFIGURED,
        text_max=live_view.AGENT_TEXT_MAX,
        error=error,
        notice=notice,
        draft=draft,
        **data,
    )


async def messages_json(request: web.Request) -> web.StreamResponse:
    """The transcript's lines after event ``apres``, and the conversation's state (for the controls)."""
    sender_id = _sender_id(request)
    raw = request.query.get("apres", "0")
    if not EVENT_ID.match(raw):
        raise web.HTTPBadRequest(text="Paramètre « apres » illisible : un numéro d’événement est attendu.")
    after = int(raw)
    session: UserSession = request["session"]

    def read() -> tuple[Any, list[Any]]:
        with request.app[FACTORY]() as db:
            entry = live_queue.get(db, sender_id)
        return entry, request.app[TRACKER].events_after(sender_id, after)

    entry, messages = await _run(read)
    return web.json_response(
        {
            "messages": [live_view.message_json(message) for message in messages],
            "last_id": messages[-1].id if messages else after,
            "status": entry.status if entry else None,
            "status_label": live_view.status_label(entry.status) if entry else None,
            "taken_by": display_name(entry.taken_by) if entry and entry.taken_by else None,
            "mine": bool(entry and entry.status == "taken" and entry.taken_by == session.user),
        }
    )


async def take_conversation(request: web.Request) -> web.StreamResponse:
    """The queue first (only one person wins), then Rasa; a failed Rasa call gives the conversation back."""
    sender_id = _sender_id(request)
    client = _live_client(request)
    if client is None:
        return await _live_refused(request, sender_id, 503, live_view.NOT_CONFIGURED)
    user: str = request["session"].user
    now = request.app[CLOCK]()

    def take() -> tuple[bool, Any]:
        with request.app[FACTORY].begin() as db:
            return live_queue.take(db, sender_id, user, now), live_queue.get(db, sender_id)

    won, entry = await _run(take)
    if not won:
        if entry is not None and entry.status == "taken" and entry.taken_by == user:
            return _live_done(request, sender_id, {"status": "taken", "taken_by": display_name(user)})  # a double click
        if entry is not None and entry.status == "taken" and entry.taken_by:
            return await _live_refused(request, sender_id, 409,
                                       live_view.french(live_view.ALREADY_TAKEN, name=display_name(entry.taken_by)))
        return await _live_refused(request, sender_id, 409, live_view.french(live_view.NOT_TAKEABLE))
    try:
        await client.take(sender_id, user)
    except LiveUnavailable as error:
        logger.warning("live: the Rasa server refused or missed a take (status %s)", error.status)

        def untake() -> None:
            with request.app[FACTORY].begin() as db:
                live_queue.untake(db, sender_id, user, request.app[CLOCK]())

        await _run(untake)
        return await _live_refused(request, sender_id, 503, live_view.french(live_view.RASA_DOWN))
    return _live_done(request, sender_id, {"status": "taken", "taken_by": display_name(user)})


async def send_message(request: web.Request) -> web.StreamResponse:
    """The person's text, through Rasa's live channel, to the visitor (and into the tracker)."""
    sender_id = _sender_id(request)
    form = await request.post()
    raw = _field(form, "texte") or ""
    try:
        text = live_view.clean_text(raw)
    except ValueError as problem:
        return await _live_refused(request, sender_id, 400, str(problem), draft=raw)
    client, refusal = await _own_conversation(request, sender_id)
    if refusal is not None:
        return await _live_refused(request, sender_id, refusal[0], refusal[1], draft=raw)
    try:
        delivered = await client.send(sender_id, request["session"].user, text)
    except LiveUnavailable as error:
        logger.warning("live: the Rasa server refused or missed a message (status %s)", error.status)
        return await _live_refused(request, sender_id, 503, live_view.french(live_view.RASA_DOWN_SEND), draft=raw)
    return _live_done(request, sender_id, {"delivered": bool(delivered)}, "" if delivered else "?non_remis=1")


async def release_conversation(request: web.Request) -> web.StreamResponse:
    """Rasa resumes the assistant first; only then is the queue's row closed."""
    sender_id = _sender_id(request)
    client, refusal = await _own_conversation(request, sender_id)
    if refusal is not None:
        return await _live_refused(request, sender_id, *refusal)
    user: str = request["session"].user
    form = await request.post()
    try:
        await client.release(sender_id, user, contact_form=_field(form, "formulaire") == "oui")
    except LiveUnavailable as error:
        logger.warning("live: the Rasa server refused or missed a release (status %s)", error.status)
        return await _live_refused(request, sender_id, 503, live_view.french(live_view.RASA_DOWN_RELEASE))

    def release() -> None:
        with request.app[FACTORY].begin() as db:
            live_queue.release(db, sender_id, user, request.app[CLOCK]())

    await _run(release)
    return _live_done(request, sender_id, {"status": "closed"}, "?rendue=1")


async def _own_conversation(request: web.Request, sender_id: str) -> tuple[Any, tuple[int, str] | None]:
    """The live client if the session's user holds the conversation, else (None, (status, French reason))."""
    client = _live_client(request)
    if client is None:
        return None, (503, live_view.NOT_CONFIGURED)

    def read() -> Any:
        with request.app[FACTORY]() as db:
            return live_queue.get(db, sender_id)

    entry = await _run(read)
    if entry is None or entry.status != "taken":
        return None, (409, live_view.french(live_view.NOT_TAKEN))
    if entry.taken_by != request["session"].user:
        return None, (403, live_view.french(live_view.NOT_YOURS, name=display_name(entry.taken_by or "")))
    return client, None


def _live_client(request: web.Request) -> LiveClient | None:
    return request.app.get(LIVE_CLIENT)


def _live_done(request: web.Request, sender_id: str, payload: dict[str, Any], query: str = "") -> web.Response:
    """JSON for live.js, a redirect to the conversation for a plain form."""
    if _wants_json(request):
        return web.json_response({"ok": True, **payload})
    return _redirect(f"/direct/{sender_id}{query}")


async def _live_refused(request: web.Request, sender_id: str, status: int, reason: str, draft: str = "") -> web.Response:
    """The French reason: as JSON for live.js, on the conversation's page (typed text kept) for a plain form."""
    if _wants_json(request):
        return web.json_response({"ok": False, "error": reason}, status=status)
    return await _conversation(request, sender_id, status=status, error=reason, draft=draft)


def _sender_id(request: web.Request) -> str:
    raw = request.match_info["sender_id"]
    if not live_view.SENDER_ID.match(raw):
        raise web.HTTPNotFound()
    return raw


def _wants_json(request: web.Request) -> bool:
    return request.path.endswith(".json") or "application/json" in request.headers.get("Accept", "")


# --- helpers -----------------------------------------------------------------------------------


async def _run(function: Callable[[], T]) -> T:
    return await asyncio.get_running_loop().run_in_executor(None, function)


def _page(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    session = request.get("session")
    html = request.app[TEMPLATES].get_template(template).render(
        session=session,
        path=request.path,
        settings=request.app[SETTINGS],
        freshness=_freshness(request) if session else None,
        **context,
    )
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")


def _freshness(request: web.Request) -> rendering.Freshness:
    """The stale-parameter banner, computed once per request.

    Read in the event loop, not the executor: an unchanged file is only stat'ed (ParameterSet caches by mtime).
    """
    if "freshness" not in request:
        months = request.app[SETTINGS].freshness_months
        try:
            stale = freshness.stale_parameters(request.app[PARAMETERS], request.app[CLOCK]().date(), months)
            request["freshness"] = rendering.Freshness(months, stale)
        except Exception:  # noqa: BLE001 - a broken parameter file must not close the dashboard
            logger.exception("dashboard: the legal parameters cannot be read")
            request["freshness"] = rendering.Freshness(months, [], unreadable=True)
    return request["freshness"]


def _redirect(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


def _field(form: Any, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def _admin_only(request: web.Request) -> None:
    """Export and erasure are for admins: a conseiller gets a French 403 page."""
    session: UserSession = request["session"]
    if not session.is_admin:
        raise web.HTTPForbidden(text=ADMIN_ONLY)


def _lead_id(request: web.Request) -> int:
    raw = request.match_info["id"]
    if not LEAD_PATH.match(raw):
        raise web.HTTPNotFound()
    return int(raw)


