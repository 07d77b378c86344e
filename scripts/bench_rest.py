"""Benchmark a running assistant over REST: latency of a round trip and servers' memory.

Usage: python scripts/bench_rest.py [--url http://127.0.0.1:5005] [--rounds 200]
Messages come from the held-out set, one new conversation every ten messages.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
import uuid
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]


def held_out_messages() -> list[str]:
    data = yaml.safe_load((ROOT / "tests" / "heldout" / "nlu.yml").read_text(encoding="utf-8"))
    messages = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                messages.append(line[2:])
    return messages


def resident_memory_mb(pattern: str) -> float:
    pids = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total = max(total, int(line.split()[1]))
    return total / 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    messages = held_out_messages()
    latencies, errors, sender = [], 0, ""
    session = requests.Session()
    for index in range(args.rounds):
        if index % 10 == 0:
            sender = f"bench-{uuid.uuid4().hex}"
        started = time.perf_counter()
        response = session.post(
            f"{args.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": messages[index % len(messages)]},
            timeout=30,
        )
        latencies.append((time.perf_counter() - started) * 1000)
        errors += response.status_code != 200 or not response.json()
    print(f"REST round trips : {len(latencies)} ({errors} errors)")
    print(f"latency p50      : {statistics.median(latencies):.0f} ms")
    print(f"latency p95      : {percentile(latencies, 0.95):.0f} ms")
    print(f"latency max      : {max(latencies):.0f} ms")
    print(f"Rasa server RSS  : {resident_memory_mb('rasa run --model'):.0f} MB")
    print(f"action server RSS: {resident_memory_mb('rasa_sdk --actions'):.0f} MB")


if __name__ == "__main__":
    main()
