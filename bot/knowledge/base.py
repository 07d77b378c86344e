"""The knowledge base: one sourced, dated answer per question a visitor may ask (no Rasa import).

Entries live in ``entries/<topic>.fr.yml``, one file per topic, written for a non-developer to
review. An entry's text is a template over the dated parameters (``{annual_cap}``, ``{decree}``…,
see ``bot.answers.response_values``): no legal figure is typed in it, so the answer is right on
the day it is asked. Most entries are served by the retrieval intent ``faq/<id>``; an entry with
``intent:`` is served by that intent's own action and renders that template of ``bot.answers``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.answers import TEXT_KEYS, Answer, Button, render, response_values, status_topic
from bot.formatting import NBSP, fix_typography
from bot.rules.experiment import Phase, experiment_status
from bot.rules.parameters import ParameterSet

ENTRIES_DIR = Path(__file__).with_name("entries")
SOURCES_FILE = Path(__file__).with_name("sources.fr.yml")
RETRIEVAL_INTENT = "faq"
STATUS_TEMPLATE = "experiment_status"


def is_retrieval(intent_name: str) -> bool:
    """Whether an intent (``faq`` or ``faq/path_afest``) is the knowledge base's."""
    return intent_name == RETRIEVAL_INTENT or intent_name.startswith(f"{RETRIEVAL_INTENT}/")


@dataclass(frozen=True)
class Entry:
    """One question of the knowledge base and how it is answered."""

    id: str
    topic: str
    question: str
    texts: dict[str, str]
    sources: tuple[str, ...]
    next: tuple[str, ...]
    checked_on: dt.date
    intent: str | None = None
    template: str | None = None

    @property
    def payload(self) -> str:
        """What a button sends to ask this entry's question."""
        # Rasa reads « /faq/<id> » as an unknown intent: the entry travels as an entity.
        return f"/{self.intent}" if self.intent else f'/{RETRIEVAL_INTENT}{{"faq_entry":"{self.id}"}}'

    @property
    def intent_name(self) -> str:
        """The NLU intent that recognises the question (``faq/<id>`` or the served intent)."""
        return self.intent or f"{RETRIEVAL_INTENT}/{self.id}"


@dataclass(frozen=True)
class Topic:
    """A file of entries: what a reviewer reads in one sitting."""

    code: str
    label: str
    entries: tuple[Entry, ...]


def _entry(topic: str, raw: dict) -> Entry:
    checked = raw.get("checked_on")
    return Entry(
        id=raw["id"],
        topic=topic,
        # Writers type ordinary spaces; French spacing is applied here (« ? », « : »).
        question=fix_typography(raw["question"]),
        texts={key: fix_typography(raw[key]) for key in TEXT_KEYS if key in raw},
        sources=tuple(raw.get("sources") or ()),
        next=tuple(raw.get("next") or ()),
        checked_on=checked if isinstance(checked, dt.date) else dt.date.fromisoformat(str(checked)),
        intent=raw.get("intent"),
        template=raw.get("template"),
    )


@lru_cache(maxsize=1)
def topics() -> tuple[Topic, ...]:
    """Every topic file, in file-name order."""
    found = []
    for path in sorted(ENTRIES_DIR.glob("*.fr.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        code = path.name.removesuffix(".fr.yml")
        entries = tuple(_entry(code, raw) for raw in document["entries"])
        found.append(Topic(code=code, label=document["label"], entries=entries))
    return tuple(found)


@lru_cache(maxsize=1)
def entries() -> dict[str, Entry]:
    """Every entry by id."""
    return {entry.id: entry for topic in topics() for entry in topic.entries}


@lru_cache(maxsize=1)
def named_sources() -> dict[str, str]:
    """Sources that are not a legal text of ``legal_texts.yaml``: the seed page, portals…"""
    document = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))
    return {key: value["citation"] for key, value in document.items()}


def retrieval_intents() -> frozenset[str]:
    """The retrieval intents of the base (a digression in every form)."""
    return frozenset({RETRIEVAL_INTENT})


def entry_for_intent(intent_name: str) -> Entry | None:
    """The entry a recognised intent (``faq/<id>`` or a served intent) answers."""
    if "/" in intent_name:
        entry = entries().get(intent_name.split("/", 1)[1])
        return entry if entry is not None and entry.intent_name == intent_name else None
    return next((entry for entry in entries().values() if entry.intent == intent_name), None)


def source_citation(key: str, values: dict[str, str]) -> str:
    """What a reader sees for a source key: a legal text, a parameter's reference or a named source."""
    if key in named_sources():
        return named_sources()[key]
    return values[key]


def _text(entry: Entry, values: dict[str, str]) -> str:
    phase = values.get("phase", Phase.OPEN.value)
    text = entry.texts.get(f"text_{phase}", entry.texts["text"]).format_map(values)
    citations = [source_citation(key, values) for key in entry.sources]
    label = "Source" if len(citations) == 1 else "Sources"
    lines = [line for line in text.splitlines() if line.strip()]
    lines.append(f"{label}{NBSP}: {f'{NBSP}; '.join(citations)}.")
    return "\n".join(lines)


def buttons(entry: Entry) -> tuple[Button, ...]:
    """The entries worth asking next, as buttons."""
    return tuple(Button(title=entries()[code].question, payload=entries()[code].payload) for code in entry.next)


def answer(entry_id: str, day: dt.date, parameters: ParameterSet | None = None) -> Answer:
    """The entry's answer as it reads on ``day``, with its sources and next questions."""
    entry = entries()[entry_id]
    if entry.template:
        # The status answer's template depends on the day (before, open or closed window).
        template = status_topic(experiment_status(day, parameters)) if entry.template == STATUS_TEMPLATE else entry.template
        rendered = render(template, day, parameters)
        return Answer(topic=entry.id, text=rendered.text, buttons=rendered.buttons or buttons(entry))
    values = response_values(day, parameters)
    return Answer(topic=entry.id, text=_text(entry, values), buttons=buttons(entry))
