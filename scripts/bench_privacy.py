"""What redaction costs the tracker store: one message's save, with and without it, in one run.

    .venv/bin/python scripts/bench_privacy.py [--turns 400]

Each turn is what the Rasa server saves after a message (the visitor's text, NLU's result, the
actions, the slots, the answer), half of the texts with an e-mail or a phone number. SQLite in a
temporary folder; the two variants alternate so that the machine's drift hits both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

MESSAGES = [
    "C'est quoi la VAE inversée ?",
    "Vous pouvez me joindre au 06 12 34 56 78 ou à julie.martin@exemple.fr",
    "j'ai 30 ans, je suis demandeur d'emploi et j'ai un CAP : suis-je éligible ?",
    "mon entreprise, SIRET 732 829 320 00074, est à Lyon 69003",
]


def turn_events(index: int) -> list:
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

    text = MESSAGES[index % len(MESSAGES)]
    stamp = 1_700_000_000.0 + index * 10
    return [
        UserUttered(text, {"name": "ask_definition", "confidence": 0.93},
                    [{"entity": "role", "value": "candidat", "start": 0, "end": 3}],
                    parse_data={"text": text, "intent": {"name": "ask_definition", "confidence": 0.93},
                                "intent_ranking": [{"name": "ask_definition", "confidence": 0.93}],
                                "entities": []}, timestamp=stamp),
        ActionExecuted("action_explain_definition", timestamp=stamp + 1),
        BotUttered("La VAE inversée est un contrat de professionnalisation qui intègre des actions de validation "
                   "des acquis de l'expérience.", {"buttons": [{"title": "Les étapes", "payload": "/ask_steps"}]},
                   timestamp=stamp + 2),
        SlotSet("age", 30, timestamp=stamp + 3),
        ActionExecuted("action_listen", timestamp=stamp + 4),
    ]


def measure(turns: int) -> dict[str, list[float]]:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from channels import stores

    domain = Domain.from_yaml('version: "3.1"\nintents: [ask_definition]\nslots:\n  age:\n    type: any\n'
                              '    influence_conversation: false\n    mappings: [{type: custom}]\n')
    timings: dict[str, list[float]] = {"with redaction": [], "without": []}
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TRACKER_DB"] = str(Path(folder) / "tracker.db")
        os.environ.pop("TRACKER_DIALECT", None)
        store = stores.EnvSQLTrackerStore(domain=domain)
        trackers = {label: DialogueStateTracker(label, domain.slots) for label in timings}
        for index in range(turns):
            for label, tracker in trackers.items():
                for event in turn_events(index):
                    tracker.update(event)
                patch = (mock.patch.object(stores, "redact_event", lambda data, consented: data)
                         if label == "without" else mock.patch.object(stores, "redact_event", stores.redact_event))
                with patch:
                    start = time.perf_counter()
                    asyncio.run(store.save(tracker))
                    timings[label].append((time.perf_counter() - start) * 1000)
        store.engine.dispose()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=400)
    args = parser.parse_args()
    timings = measure(args.turns)
    medians = {label: statistics.median(values) for label, values in timings.items()}
    for label, median in medians.items():
        print(f"tracker store save, {label}: median {median:.3f} ms per message ({args.turns} messages)")
    print(f"ratio with / without: {medians['with redaction'] / medians['without']:.2f}")


if __name__ == "__main__":
    main()
