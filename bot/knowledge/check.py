"""Checks of the knowledge base a reviewer runs before a change: ``python -m bot.knowledge check``.

Every entry renders on every day that matters (before, inside and after the contract window, and
the day before and after each dated change of every parameter), types no figure, names known
sources, suggests existing entries, and has enough training examples; no held-out message is
trained on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from bot.answers import response_values
from bot.formatting import typography_errors
from bot.knowledge import nlu_files
from bot.knowledge.base import Entry, answer, entries, is_retrieval, named_sources, topics
from bot.rules.legal_texts import legal_texts
from bot.rules.parameters import default_parameters

MIN_TRAINING_EXAMPLES = 10
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
DIGIT = re.compile(r"\d")
# A button title must fit Messenger's quick replies once trimmed and stay readable.
MAX_QUESTION_CHARS = 60


@lru_cache(maxsize=1)
def checked_days() -> tuple[dt.date, ...]:
    """Today, and the day before and the day of each dated change of any parameter."""
    days = {dt.date.today()}
    for name in default_parameters().names():
        for start, _ in default_parameters().get(name).values:
            days |= {start - dt.timedelta(days=1), start}
    return tuple(sorted(days))


def _known_source(key: str, values: dict[str, str]) -> bool:
    return key in named_sources() or key in legal_texts() or (key.startswith("source_") and key in values)


def entry_errors(entry: Entry, known_ids: set[str], domain_intents: set[str]) -> list[str]:
    """What is wrong with one entry, in French-free English for the reviewer's terminal."""
    errors = []
    values = response_values(dt.date.today())
    if not ID_PATTERN.match(entry.id):
        errors.append("id must be lower-case ASCII letters, digits and _")
    if len(entry.question) > MAX_QUESTION_CHARS:
        errors.append(f"question longer than {MAX_QUESTION_CHARS} characters")
    errors += [f"question: {problem}" for problem in typography_errors(entry.question)]
    if not entry.sources:
        errors.append("no source")
    errors += [f"unknown source {key!r}" for key in entry.sources if not _known_source(key, values)]
    if not 1 <= len(entry.next) <= 3:
        errors.append("next: name 1 to 3 entries")
    errors += [f"next: unknown entry {code!r}" for code in entry.next if code not in known_ids]
    if entry.id in entry.next:
        errors.append("next: an entry cannot suggest itself")
    if entry.intent and entry.intent not in domain_intents:
        errors.append(f"intent {entry.intent!r} is not in domain.yml")
    if not entry.template and "text" not in entry.texts:
        errors.append("no text")
    for key, text in entry.texts.items():
        if DIGIT.search(text):
            errors.append(f"{key}: a digit is typed; use a placeholder such as {{annual_cap}} or {{decree}}")
        errors += [f"{key}: {problem}" for problem in typography_errors(text)]
    for day in checked_days():
        try:
            answer(entry.id, day)
        except (KeyError, ValueError, IndexError) as error:
            errors.append(f"does not render on {day.isoformat()}: {error!r}")
            break
    return errors


def errors(root: Path = nlu_files.ROOT) -> list[str]:
    """Every problem of the knowledge base and its NLU examples, one line each."""
    problems: list[str] = []
    all_ids = [entry.id for topic in topics() for entry in topic.entries]
    problems += [f"{code}: id used twice" for code, count in Counter(all_ids).items() if count > 1]
    known_ids = set(all_ids)
    domain_intents = nlu_files.domain_intents(root)
    for entry in entries().values():
        problems += [f"{entry.id}: {problem}" for problem in entry_errors(entry, known_ids, domain_intents)]
    training = nlu_files.training_examples(root)
    counts = Counter(intent for intent, _ in training)
    for entry in entries().values():
        needed = MIN_TRAINING_EXAMPLES if not entry.intent else 1
        if counts[entry.intent_name] < needed:
            problems.append(f"{entry.id}: {counts[entry.intent_name]} training examples of {entry.intent_name}, needs {needed}")
    served = {entry.intent_name for entry in entries().values()}
    for intent in sorted({intent for intent, _ in training + nlu_files.heldout_examples(root)}):
        if is_retrieval(intent) and intent not in served:
            problems.append(f"{intent}: examples for an entry that does not exist")
    trained = {nlu_files.fingerprint(message): intent for intent, message in training}
    for intent, message in nlu_files.heldout_examples(root):
        if nlu_files.fingerprint(message) in trained:
            problems.append(f"held-out message is also a training example: {message!r}")
    duplicates = Counter(nlu_files.fingerprint(message) for _, message in training)
    for intent, message in training:
        if is_retrieval(intent) and duplicates[nlu_files.fingerprint(message)] > 1:
            problems.append(f"{intent}: training example given twice: {message!r}")
    return problems


def main() -> int:
    """Print the problems; exit 1 when there is one."""
    problems = errors()
    for problem in problems:
        print(problem)
    count = sum(len(topic.entries) for topic in topics())
    print(f"{count} entries in {len(topics())} topics, {len(problems)} problems")
    return 1 if problems else 0
