"""Time the chat widget in a real browser and the Messenger webhook, against the real servers.

    .venv/bin/python scripts/bench_widget.py [--rounds 10] [--transport both|websocket|polling] [--no-messenger]

Starts the action and Rasa servers on free ports (as the tests do), the landing page, and a fake
Send API on 127.0.0.1; then
  * widget: performance.now() in the page from the click on « Envoyer » to the bot's bubble, once
    over WebSocket (the upgrade after the long-polling handshake) and once over HTTP long-polling
    only (every WebSocket is refused in the browser, as behind a proxy that blocks them), each in a
    new browser and conversation;
  * Messenger: time for the webhook to answer Facebook (200), and until the Send API gets the reply.
Timings on a shared 2-core machine are noisy: read the median.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import servers  # noqa: E402
from tests.channels.send_api import SendApi  # noqa: E402
from web.serve import make_server  # noqa: E402

QUESTIONS = [
    "C'est quoi la VAE inversée ?", "qui peut en bénéficier ?", "quelles sont les étapes du parcours ?",
    "combien l'OPCO finance un parcours ?", "quels sont les textes de loi ?", "êtes-vous un robot ?",
]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Runs in the page: click « Envoyer », resolve when a new bot bubble is in the log.
CLICK_TO_ANSWER_JS = """async (text) => {
  const root = document.querySelector('#vae-chat').shadowRoot;
  const log = root.querySelector('.log');
  const before = log.querySelectorAll('.msg.bot').length;
  root.querySelector('#vae-chat-input').value = text;
  return await new Promise((resolve) => {
    let start = 0;
    const observer = new MutationObserver(() => {
      if (log.querySelectorAll('.msg.bot').length > before) { observer.disconnect(); resolve(performance.now() - start); }
    });
    observer.observe(log, { childList: true });
    start = performance.now();
    root.querySelector('.send').click();
  });
}"""


def summary(name: str, values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"{name:<44} n={len(values):<3} median {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms   max {values[-1]:7.1f} ms"


def bench_widget(page_url: str, rounds: int, transport: str = "websocket") -> list[float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(locale="fr-FR")
        if transport == "polling":  # the upgrade's WebSocket is closed at once: the widget stays on polling
            page.route_web_socket(re.compile(r"/socket\.io/"), lambda socket: socket.close())
        page.goto(page_url)
        page.get_by_role("button", name="Poser une question").click()
        page.evaluate(CLICK_TO_ANSWER_JS, "Bonjour")  # warm-up: connection and session
        page.wait_for_function("(name) => document.querySelector('#vae-chat').dataset.transport === name", arg=transport)
        timings = [page.evaluate(CLICK_TO_ANSWER_JS, QUESTIONS[i % len(QUESTIONS)]) for i in range(rounds)]
        browser.close()
    return timings


def bench_messenger(rasa_url: str, send_api: SendApi, rounds: int) -> tuple[list[float], list[float]]:
    acks, answers = [], []
    for index in range(rounds):
        sender = f"bench-{uuid.uuid4().hex}"
        event = {"sender": {"id": sender}, "recipient": {"id": "page"},
                 "message": {"mid": f"m_{uuid.uuid4().hex}", "text": QUESTIONS[index % len(QUESTIONS)]}}
        body = json.dumps({"object": "page", "entry": [{"id": "page", "messaging": [event]}]}).encode()
        signature = "sha256=" + hmac.new(servers.FACEBOOK_APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
        start = time.perf_counter()
        reply = requests.post(f"{rasa_url}/webhooks/facebook/webhook", data=body, timeout=30,
                              headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature})
        acks.append((time.perf_counter() - start) * 1000)
        assert reply.status_code == 200, reply.text
        send_api.wait_for(lambda: send_api.messages_to(sender), timeout=120)
        answers.append((time.perf_counter() - start) * 1000)
    return acks, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--transport", choices=["both", "websocket", "polling"], default="both",
                        help="the widget's transport(s) to time")
    parser.add_argument("--no-messenger", action="store_true", help="time the widget only")
    args = parser.parse_args()
    transports = ["websocket", "polling"] if args.transport == "both" else [args.transport]
    workdir = Path(tempfile.mkdtemp(prefix="bench-widget-"))
    web_port, action_port = servers.free_port(), servers.free_port()
    send_api = SendApi().start()
    print(f"Starting the servers (logs in {workdir})…", flush=True)
    # One conversation asks all its questions within a minute: lift the rate limit for the bench.
    env = dict(servers.channel_env(web_port, send_api.url), VAE_RATE_LIMIT_MESSAGES="10000",
               VAE_RATE_LIMIT_ADDRESS_MESSAGES="10000")
    with servers.action_server(action_port, workdir), servers.rasa_server(
        servers.free_port(), action_port, workdir, env
    ) as rasa_url:
        web = make_server("127.0.0.1", web_port, rasa_url)
        threading.Thread(target=web.serve_forever, daemon=True).start()
        widget = {name: bench_widget(f"http://127.0.0.1:{web_port}/", args.rounds, name) for name in transports}
        if not args.no_messenger:
            acks, answers = bench_messenger(rasa_url, send_api, args.rounds)
        web.shutdown()
    send_api.stop()
    for name, timings in widget.items():
        print(summary(f"widget ({name}): click on Envoyer -> bot bubble", timings))
    if not args.no_messenger:
        print(summary("Messenger: webhook answers 200", acks))
        print(summary("Messenger: reply reaches the Send API", answers))


if __name__ == "__main__":
    main()
