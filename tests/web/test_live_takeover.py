"""A person of the porteur's team takes over a live conversation, end to end in headless Chromium.

The visitor asks for a person in the widget; a dashboard user takes the conversation, both
exchange messages, the assistant stays silent, the user hands back, the assistant answers again.
The same with two Rasa servers on PostgreSQL and Redis: the widget on one, the dashboard sending
through the other. Then Messenger (the person's message leaves through the Send API), closed hours
and a wait that runs out (the contact form, and the lead stored).

Screenshots: test-output/screenshots/live-*.png; the time from the person's « Envoyer » to the
visitor's bubble goes to test-output/live-timings.json (a figure for the README, not asserted).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests
from playwright.sync_api import Page, expect
from sqlalchemy import select

from bot.leads.db import make_engine, make_session_factory
from bot.leads.models import Lead
from tests import servers
from tests.web.live_stack import AGENT, AGENT_PASSWORD, OTHER, OTHER_PASSWORD, LiveStack, live_stack

ANSWER_MS = 90_000
LIVE_MS = 30_000
TIMINGS = Path(__file__).resolve().parents[2] / "test-output" / "live-timings.json"
LEAD_ANSWERS = ["je suis candidat", "oui", "je m'appelle Julie Martin", "julie.martin@exemple.fr",
                "mon code postal est 33000", "Je suis disponible le matin."]


@pytest.fixture(scope="module", params=["one", "two"])
def stack(request: pytest.FixtureRequest, model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveStack]:
    workdir = tmp_path_factory.mktemp(f"live-{request.param}")
    with live_stack(request.param, workdir, servers.free_port()) as running:
        yield running


def _context_page(browser, url: str) -> Page:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)  # type: ignore[attr-defined]
    page.goto(url)
    return page


def ask(page: Page, text: str) -> None:
    box = page.get_by_label("Votre message")
    box.fill(text)
    box.press("Enter")


def bot_bubbles(page: Page):
    return page.locator("#vae-chat .msg.bot .bubble")


def open_widget(page: Page) -> None:
    page.get_by_role("button", name="Poser une question").click()
    expect(bot_bubbles(page).first).to_be_visible()


def log_in(page: Page, name: str, password: str) -> None:
    page.get_by_label("Identifiant").fill(name)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("link", name="Conversations en direct")).to_be_visible()


def session_id(page: Page) -> str:
    return page.evaluate("() => JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])).sessionId")


def sent_to_bubble_ms(board: Page, widget: Page, text: str) -> float:
    """Type ``text`` in the dashboard, click « Envoyer », and time until the widget shows it (ms,
    both clocks being the same machine's)."""
    widget.evaluate(
        """text => { window.__shownAt = null; const root = document.querySelector('#vae-chat').shadowRoot;
           new MutationObserver((records, observer) => {
             for (const bubble of root.querySelectorAll('.msg.agent .bubble')) {
               if (bubble.textContent.includes(text)) { window.__shownAt = Date.now(); observer.disconnect(); return; } }
           }).observe(root, {childList: true, subtree: true}); }""",
        text,
    )
    board.get_by_label("Votre message au visiteur").fill(text)
    clicked = board.evaluate("() => Date.now()")
    board.get_by_role("button", name="Envoyer").click()
    expect(widget.locator("#vae-chat .msg.agent .bubble").filter(has_text=text)).to_be_visible(timeout=LIVE_MS)
    widget.wait_for_function("() => window.__shownAt !== null")
    return widget.evaluate("() => window.__shownAt") - clicked


def test_a_person_takes_over_the_widget_conversation_and_hands_back(stack: LiveStack, browser, screenshots: Path) -> None:
    stack.set_hours(True)
    widget = _context_page(browser, stack.site)
    board = _context_page(browser, f"{stack.dashboard}/direct")
    other = _context_page(browser, f"{stack.dashboard}/direct")
    open_widget(widget)

    ask(widget, "Je voudrais parler à une personne de l'équipe")
    expect(bot_bubbles(widget).last).to_contain_text("équipe", timeout=ANSWER_MS)
    waiting = bot_bubbles(widget).last.inner_text()
    assert re.search(r"minute", waiting), waiting
    sender = session_id(widget)

    log_in(board, AGENT, AGENT_PASSWORD)
    board.goto(f"{stack.dashboard}/direct")
    row = board.locator("#live-rows tr").filter(has_text=sender)
    expect(row).to_be_visible(timeout=LIVE_MS)
    expect(row).to_contain_text("En attente")
    board.screenshot(path=str(screenshots / f"live-{stack.servers}-list.png"), full_page=True)
    row.get_by_role("link").first.click()
    board.get_by_role("button", name="Prendre la conversation").click()
    expect(board.get_by_label("Votre message au visiteur")).to_be_visible(timeout=LIVE_MS)
    expect(widget.locator("#vae-chat .msg").last).to_contain_text("Marie", timeout=LIVE_MS)

    # Someone else cannot take it any more.
    log_in(other, OTHER, OTHER_PASSWORD)
    other.goto(f"{stack.dashboard}/direct/{sender}")
    expect(other.locator("#taken-by")).to_have_text("Prise en charge par Marie")
    expect(other.get_by_role("button", name="Prendre la conversation")).to_have_count(0)

    timings = [sent_to_bubble_ms(board, widget, f"Bonjour, je suis Marie : message {index}.") for index in range(1, 6)]
    signed = widget.locator("#vae-chat .msg.agent").last
    expect(signed).to_contain_text("Marie")
    expect(signed).to_contain_text("équipe")

    # The visitor's message appears on the dashboard without a reload; the assistant says nothing.
    bubbles_before = bot_bubbles(widget).count()
    ask(widget, "Combien serai-je payé <b>pendant</b> le contrat ?")
    expect(board.locator(".transcript")).to_contain_text("Combien serai-je payé <b>pendant</b> le contrat ?", timeout=LIVE_MS)
    expect(widget.locator("#vae-chat .msg.user").last).not_to_have_class(re.compile("pending"), timeout=LIVE_MS)
    assert bot_bubbles(widget).count() == bubbles_before  # acknowledged, and not answered by the bot
    # Markup typed by the person is shown as text.
    sent_to_bubble_ms(board, widget, "Le salaire dépend de votre âge <i>et</i> du diplôme.")
    assert widget.locator("#vae-chat .msg.agent i").count() == 0
    widget.screenshot(path=str(screenshots / f"live-{stack.servers}-widget.png"))
    board.screenshot(path=str(screenshots / f"live-{stack.servers}-conversation.png"), full_page=True)

    board.get_by_role("button", name="Rendre la main à l’assistant").click()
    expect(bot_bubbles(widget).last).to_contain_text("assistant", timeout=LIVE_MS)
    ask(widget, "C'est quoi la VAE inversée ?")
    expect(bot_bubbles(widget).last).to_contain_text("contrat de professionnalisation", timeout=ANSWER_MS)

    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    previous[f"{stack.servers} server(s)"] = timings
    TIMINGS.write_text(json.dumps(previous, indent=2))
    for page in (widget, board, other):
        assert page.errors == []  # type: ignore[attr-defined]
        page.context.close()


def answer_contact_form(widget: Page) -> None:
    """Answer the contact form's questions, each after the previous answer arrived."""
    for text in LEAD_ANSWERS:
        count = bot_bubbles(widget).count()
        ask(widget, text)
        expect(bot_bubbles(widget)).not_to_have_count(count, timeout=ANSWER_MS)
    expect(bot_bubbles(widget).last).to_contain_text("référence", timeout=ANSWER_MS)


def stored_lead(stack: LiveStack, sender: str) -> Lead:
    engine = make_engine(stack.database_url)
    try:
        with make_session_factory(engine)() as session:
            lead = session.execute(select(Lead).where(Lead.conversation_id == sender)).scalar_one()
            session.expunge(lead)
            return lead
    finally:
        engine.dispose()


def test_outside_opening_hours_the_contact_form_is_offered_and_the_lead_stored(stack: LiveStack, browser) -> None:
    stack.set_hours(False)
    widget = _context_page(browser, stack.site)
    open_widget(widget)
    ask(widget, "Je voudrais parler à quelqu'un de l'équipe")
    expect(widget.locator("#vae-chat .msg.bot").filter(has_text="en direct")).to_have_count(1, timeout=ANSWER_MS)
    expect(bot_bubbles(widget).last).to_contain_text("Vous êtes", timeout=ANSWER_MS)
    answer_contact_form(widget)
    lead = stored_lead(stack, session_id(widget))
    assert (lead.name, lead.email, lead.author) == ("Julie Martin", "julie.martin@exemple.fr", None)
    widget.context.close()


def test_when_nobody_takes_it_in_time_the_contact_form_is_offered_and_the_lead_stored(stack: LiveStack, browser) -> None:
    stack.set_hours(True, wait_seconds=3)
    widget = _context_page(browser, stack.site)
    open_widget(widget)
    ask(widget, "Je voudrais parler à quelqu'un de l'équipe")
    expect(bot_bubbles(widget).last).to_contain_text("équipe", timeout=ANSWER_MS)
    # Nothing typed: the reminder set for the end of the wait offers the form by itself.
    expect(bot_bubbles(widget).last).to_contain_text("Vous êtes", timeout=LIVE_MS)
    answer_contact_form(widget)
    assert stored_lead(stack, session_id(widget)).email == "julie.martin@exemple.fr"
    widget.context.close()


def test_a_conversation_taken_over_ends_in_a_lead_authored_by_the_person(stack: LiveStack, browser) -> None:
    stack.set_hours(True)
    widget = _context_page(browser, stack.site)
    board = _context_page(browser, f"{stack.dashboard}/connexion")
    open_widget(widget)
    ask(widget, "Je voudrais parler à une personne de l'équipe")
    expect(bot_bubbles(widget).last).to_contain_text("équipe", timeout=ANSWER_MS)
    sender = session_id(widget)
    log_in(board, AGENT, AGENT_PASSWORD)
    board.goto(f"{stack.dashboard}/direct/{sender}")
    board.get_by_role("button", name="Prendre la conversation").click()
    sent_to_bubble_ms(board, widget, "Je vous laisse donner vos coordonnées à l'assistant.")
    board.get_by_role("button", name="Rendre la main et proposer le formulaire").click()
    expect(bot_bubbles(widget).last).to_contain_text("Vous êtes", timeout=ANSWER_MS)
    answer_contact_form(widget)
    lead = stored_lead(stack, sender)
    assert lead.author == AGENT
    board.goto(f"{stack.dashboard}/prospects/{lead.id}")
    transcript = board.locator(".transcript")
    expect(transcript).to_contain_text("Marie (équipe)")
    expect(transcript).to_contain_text("Je vous laisse donner vos coordonnées à l'assistant.")
    expect(transcript).to_contain_text("Visiteur")
    for page in (widget, board):
        page.context.close()


def messenger_post(rasa_url: str, sender: str, text: str) -> None:
    payload = {"sender": {"id": sender}, "recipient": {"id": "page"}, "timestamp": 1764158400000,
               "message": {"mid": f"m_{uuid.uuid4().hex}", "text": text}}
    body = json.dumps({"object": "page", "entry": [{"id": "page", "time": 1, "messaging": [payload]}]}).encode()
    signature = "sha256=" + hmac.new(servers.FACEBOOK_APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    reply = requests.post(f"{rasa_url}/webhooks/facebook/webhook", data=body, timeout=10,
                          headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature})
    assert reply.status_code == 200


def test_the_persons_message_reaches_messenger_through_the_send_api(stack: LiveStack, browser) -> None:
    stack.set_hours(True)
    api, sender = stack.send_api, str(uuid.uuid4().int)[:16]
    texts = lambda: [message.get("text", "") for message in api.messages_to(sender)]  # noqa: E731
    messenger_post(stack.visitor_rasa, sender, "je veux parler à un conseiller")
    api.wait_for(lambda: any("équipe" in text for text in texts()), timeout=ANSWER_MS / 1000)
    board = _context_page(browser, f"{stack.dashboard}/connexion")
    log_in(board, AGENT, AGENT_PASSWORD)
    board.goto(f"{stack.dashboard}/direct/{sender}")
    expect(board.locator("#live-conversation")).to_contain_text("Messenger")
    board.get_by_role("button", name="Prendre la conversation").click()
    expect(board.get_by_label("Votre message au visiteur")).to_be_visible(timeout=LIVE_MS)
    board.get_by_label("Votre message au visiteur").fill("Bonjour, ici Marie.")
    board.get_by_role("button", name="Envoyer").click()
    call = api.wait_for(lambda: [c["body"] for c in api.calls
                                 if c["body"].get("message", {}).get("text", "").endswith("Bonjour, ici Marie.")],
                        timeout=LIVE_MS / 1000)[0]
    assert call["message"]["text"].startswith("Marie")
    assert (call["messaging_type"], call["tag"]) == ("MESSAGE_TAG", "HUMAN_AGENT")
    before = len(texts())
    messenger_post(stack.visitor_rasa, sender, "Merci, et combien coûte la formation ?")
    expect(board.locator(".transcript")).to_contain_text("combien coûte la formation", timeout=LIVE_MS)
    assert len(texts()) == before  # the assistant stays silent while Marie has the conversation
    board.get_by_role("button", name="Rendre la main à l’assistant").click()
    api.wait_for(lambda: len(texts()) > before, timeout=LIVE_MS / 1000)
    board.context.close()
