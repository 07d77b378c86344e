"""Load generator: simulated visitors holding whole scripted conversations over REST.

    python scripts/bench_load.py run --url URL --label real --stack-pid PID [--users 1 10 50]
    python scripts/bench_load.py report          # Markdown table + var/bench/results.json

``run`` drives each concurrency level for BENCH_SECONDS (default 60) after BENCH_WARMUP_S
(default 5) of warm-up whose turns are not counted; every user loops over the scripted
conversations (10–20 turns: questions, an eligibility check, a lead with consent), each with a
new sender id and a unique e-mail so that the leads stored can be counted in DATABASE_URL.
The resident memory of every process under ``--stack-pid`` is sampled (peak VmRSS).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bot.leads, when run as scripts/bench_load.py
OUT = ROOT / "var" / "bench"
EMAIL_DOMAIN = "bench-load.exemple.fr"
LEAD_CONFIRMATION = "référence VAE-"
TURN_BUCKETS = [(1, 5), (6, 10), (11, 15), (16, 20)]

# {email} is replaced by a unique address. The turn that completes the lead form is listed in
# SUBMIT_TURNS (conversation index -> turn number): its answer must carry the lead's reference.
CONVERSATIONS: list[list[str]] = [
    [  # a candidate: questions, an eligibility check, then a lead (17 turns)
        "Bonjour",
        "C'est quoi la VAE inversée ?",
        "quelle différence avec une VAE classique ?",
        "quelles sont les étapes du parcours ?",
        "qui finance la formation ?",
        "j'ai 30 ans, je suis demandeur d'emploi et j'ai un CAP : suis-je éligible ?",
        "un titre professionnel",
        "dès que possible",
        "je veux être mis en relation avec un porteur de projet",
        "je suis candidat",
        "oui",
        "je m'appelle Julie Martin",
        "{email}",
        "mon code postal est 33000",
        "Je suis disponible le matin.",
        "merci beaucoup",
        "au revoir",
    ],
    [  # an employer: funding estimate, then a contact (16 turns)
        "bonjour",
        "quels sont les avantages pour l'employeur ?",
        "Nous sommes une entreprise de métallurgie, IDCC 3248 : combien l'OPCO financerait pour nous ?",
        "deux personnes",
        "18 mois",
        "je ne sais pas",
        "je ne sais pas",
        "quelles aides à l'embauche existent ?",
        "je voudrais être rappelé",
        "je suis employeur",
        "oui",
        "Paul Durand",
        "{email}",
        "Métallerie Durand",
        "69003",
        "non",
    ],
    [  # questions only, a salary check and a digression (12 turns)
        "salut",
        "est-ce que l'expérimentation est toujours ouverte ?",
        "quels sont les textes de loi ?",
        "combien de temps dure le parcours ?",
        "quelles certifications sont possibles ?",
        "quel salaire minimum pour un alternant ?",
        "22 ans",
        "bac pro",
        "quel est le rôle de l'accompagnateur VAE ?",
        "êtes-vous un robot ?",
        "IDCC 1486 c'est quel OPCO ?",
        "merci, au revoir",
    ],
]
SUBMIT_TURNS = {0: 15, 1: 16}


@dataclass
class Level:
    users: int
    latencies: list[float] = field(default_factory=list)  # ms, measured turns only
    by_turn: dict[int, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    leads_submitted: int = 0
    leads_confirmed: int = 0
    conversations: int = 0
    measured_s: float = 0.0


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def visitor(session: aiohttp.ClientSession, url: str, level: Level, index: int,
                  measure_from: float, stop_at: float) -> None:
    """Loop over the conversations (each user starts at a different one) until ``stop_at``."""
    script_number = index
    while time.monotonic() < stop_at:
        script_index = script_number % len(CONVERSATIONS)
        script = CONVERSATIONS[script_index]
        script_number += 1
        sender = f"bench-{uuid.uuid4().hex}"
        email = f"{sender}@{EMAIL_DOMAIN}"
        for turn, template in enumerate(script, start=1):
            if time.monotonic() >= stop_at:
                return
            text = template.replace("{email}", email)
            measured = time.monotonic() >= measure_from
            started = time.perf_counter()
            try:
                async with session.post(f"{url}/webhooks/rest/webhook",
                                        json={"sender": sender, "message": text}) as response:
                    body = await response.text()
                    status = response.status
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                status, body = 0, repr(error)
            elapsed = (time.perf_counter() - started) * 1000
            replies = _replies(body) if status == 200 else None
            # Leads are counted during the warm-up too: the database counts them all.
            if SUBMIT_TURNS.get(script_index) == turn:
                level.leads_submitted += 1
            if replies and LEAD_CONFIRMATION in " ".join(str(reply.get("text", "")) for reply in replies):
                level.leads_confirmed += 1
            if measured:
                level.latencies.append(elapsed)
                level.by_turn.setdefault(turn, []).append(elapsed)
            if status != 200 or not replies:
                if measured:
                    level.errors.append(f"turn {turn} « {text[:40]} »: HTTP {status} {body[:120]}")
                break  # the conversation is broken: start a new one
        else:
            if time.monotonic() >= measure_from:
                level.conversations += 1


def _replies(body: str) -> Optional[list]:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, list) else None


async def run_level(url: str, users: int, seconds: float, warmup: float) -> Level:
    level = Level(users)
    timeout = aiohttp.ClientTimeout(total=120)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        start = time.monotonic()
        measure_from, stop_at = start + warmup, start + warmup + seconds
        await asyncio.gather(*(visitor(session, url, level, index, measure_from, stop_at) for index in range(users)))
        level.measured_s = time.monotonic() - measure_from  # includes the last turns in flight
    return level


class MemorySampler:
    """Peak VmRSS of every process descending from ``root_pid``, sampled in a thread."""

    def __init__(self, root_pid: int, interval_s: float = 0.5) -> None:
        self.root_pid, self.interval_s = root_pid, interval_s
        self.peak_kb: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval_s)

    def sample(self) -> None:
        for pid, name in descendants(self.root_pid).items():
            rss = vm_rss_kb(pid)
            if rss:
                self.peak_kb[name] = max(self.peak_kb.get(name, 0), rss)


def process_name(cmdline: str) -> Optional[str]:
    """The role of one of the stack's Python processes, from its command line."""
    if "rasa run" in cmdline or "-m rasa run" in cmdline:
        return "Rasa server"
    if "rasa_sdk" in cmdline:
        return "action server"
    if "bot.leads dispatch" in cmdline:
        return "dispatcher"
    return None


def descendants(root_pid: int) -> dict[int, str]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = {}, [root_pid]
    while todo:
        pid = todo.pop()
        try:
            cmdline = (Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            cmdline = ""
        name = process_name(cmdline)
        if name:
            found[pid] = name
        todo.extend(children.get(pid, []))
    return found


def vm_rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def stored_leads(database_url: str) -> int:
    """Leads the bench's visitors left in the leads database (by their e-mail domain)."""
    from sqlalchemy import func, select

    from bot.leads.db import make_engine
    from bot.leads.models import Lead

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                select(func.count()).select_from(Lead).where(Lead.email.like(f"%@{EMAIL_DOMAIN}"))
            ).scalar_one()
    except Exception as error:  # no table yet = no lead stored
        print(f"(leads database not readable: {error.__class__.__name__})", file=sys.stderr)
        return 0
    finally:
        engine.dispose()


def summary(level: Level) -> dict:
    turns = len(level.latencies)
    return {
        "users": level.users,
        "seconds": round(level.measured_s, 1),
        "messages": turns,
        "throughput_msg_s": round(turns / level.measured_s, 2) if level.measured_s else 0,
        "conversations_completed": level.conversations,
        "p50_ms": round(percentile(level.latencies, 0.50)),
        "p95_ms": round(percentile(level.latencies, 0.95)),
        "p99_ms": round(percentile(level.latencies, 0.99)),
        "p50_by_turns_ms": {
            f"{low}-{high}": round(statistics.median(values))
            for low, high in TURN_BUCKETS
            if (values := [v for turn in range(low, high + 1) for v in level.by_turn.get(turn, [])])
        },
        "errors": len(level.errors),
        "error_examples": level.errors[:5],
        "leads_submitted": level.leads_submitted,
        "leads_confirmed": level.leads_confirmed,
    }


def run(args: argparse.Namespace) -> int:
    seconds = float(os.environ.get("BENCH_SECONDS", "60"))
    warmup = float(os.environ.get("BENCH_WARMUP_S", "5"))
    database_url = os.environ.get("DATABASE_URL", "")
    result: dict = {"label": args.label, "first_answer_s": args.first_answer_s, "levels": [],
                    "taken_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    with MemorySampler(args.stack_pid) as memory:
        for users in args.users:
            print(f"[{args.label}] {users} user(s): {warmup:.0f} s warm-up + {seconds:.0f} s…", file=sys.stderr)
            # Leads are written before the confirmation is sent: one count after the level is enough.
            before = stored_leads(database_url) if database_url else 0
            level = summary(asyncio.run(run_level(args.url, users, seconds, warmup)))
            level["leads_stored"] = stored_leads(database_url) - before if database_url else None
            result["levels"].append(level)
            print(f"[{args.label}]   {level['throughput_msg_s']} msg/s, p50 {level['p50_ms']} ms, "
                  f"p95 {level['p95_ms']} ms, {level['errors']} errors", file=sys.stderr)
    result["rss_peak_mb"] = {name: round(kb / 1024) for name, kb in sorted(memory.peak_kb.items())}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{args.label}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


def ratio(value: float, reference: float) -> str:
    return f"{value / reference:.2f}×" if reference else "–"


def table(real: dict, bare: Optional[dict], bare_fixed: Optional[dict] = None) -> str:
    """Each level: the assistant, stock Rasa and its ratio, then Rasa with our fixes and its ratio."""
    lines = [
        f"Measured {real['taken_at']}; BENCH_SECONDS per level; latencies of a REST round trip.",
        "",
        "| users | server | msg/s | p50 ms | p95 ms | p99 ms | p50 by turn 1–5 / 6–10 / 11–15 / 16–20 ms "
        "| errors | leads submitted / confirmed / stored |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    references = [(name, {level["users"]: level for level in (data or {}).get("levels", [])})
                  for name, data in (("bare", bare), ("bare + fixes", bare_fixed))]

    def row(name: str, data: dict) -> str:
        by_turn = " / ".join(str(data["p50_by_turns_ms"].get(f"{lo}-{hi}", "–")) for lo, hi in TURN_BUCKETS)
        leads = (f"{data['leads_submitted']} / {data['leads_confirmed']} / {data.get('leads_stored')}"
                 if name == "assistant" else "–")
        return (f"| {data['users']} | {name} | {data['throughput_msg_s']} | {data['p50_ms']} | "
                f"{data['p95_ms']} | {data['p99_ms']} | {by_turn} | {data['errors']} | {leads} |")

    for level in real["levels"]:
        lines.append(row("assistant", level))
        for name, levels in references:
            other = levels.get(level["users"])
            if other is None:
                continue
            lines.append(row(name, other))
            lines.append(f"| {level['users']} | assistant ÷ {name} | "
                         f"{ratio(level['throughput_msg_s'], other['throughput_msg_s'])} | "
                         f"{ratio(level['p50_ms'], other['p50_ms'])} | {ratio(level['p95_ms'], other['p95_ms'])} | "
                         f"{ratio(level['p99_ms'], other['p99_ms'])} | | | |")
    lines += [
        "",
        "Leads (warm-up included): submitted = conversations that sent the lead form's last answer;"
        " confirmed = answers carrying a reference; stored = new rows in the leads database.",
        "bare = a Rasa server with the same NLU pipeline and policies, responses only, Rasa as"
        " released (VAE_RASA_FIXES=off); bare + fixes = the same with our fixes to Rasa"
        " (pipeline/rasa_speedups.py), which the assistant runs.",
        "Peak resident memory: assistant "
        + ", ".join(f"{name} {mb} MB" for name, mb in real.get("rss_peak_mb", {}).items())
        + "".join(f"; {name} " + ", ".join(f"{role} {mb} MB" for role, mb in data.get("rss_peak_mb", {}).items())
                  for name, data in (("bare", bare), ("bare + fixes", bare_fixed)) if data),
        f"First answer after start: assistant {real.get('first_answer_s')} s"
        + "".join(f", {name} {data.get('first_answer_s')} s"
                  for name, data in (("bare", bare), ("bare + fixes", bare_fixed)) if data) + ".",
    ]
    return "\n".join(lines)


def report(_: argparse.Namespace) -> int:
    read: Callable[[str], Optional[dict]] = lambda label: (
        json.loads((OUT / f"{label}.json").read_text(encoding="utf-8")) if (OUT / f"{label}.json").exists() else None)
    real, bare, bare_fixed = read("real"), read("bare"), read("bare-fixed")
    if real is None:
        print("No var/bench/real.json: run `make bench` first.", file=sys.stderr)
        return 1
    markdown = table(real, bare, bare_fixed)
    (OUT / "results.json").write_text(
        json.dumps({"assistant": real, "bare": bare, "bare_fixed": bare_fixed}, indent=2, ensure_ascii=False),
        encoding="utf-8")
    (OUT / "results.md").write_text(markdown + "\n", encoding="utf-8")
    print(markdown)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run")
    run_parser.add_argument("--url", required=True)
    run_parser.add_argument("--label", required=True, choices=["real", "bare", "bare-fixed"])
    run_parser.add_argument("--stack-pid", type=int, required=True)
    run_parser.add_argument("--first-answer-s", type=float)
    run_parser.add_argument("--users", type=int, nargs="+",
                            default=[int(n) for n in os.environ.get("BENCH_USERS", "1 10 50").split()])
    run_parser.set_defaults(handler=run)
    commands.add_parser("report").set_defaults(handler=report)
    args = parser.parse_args()
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
