"""``make evaluate``: the trained model on the held-out sets, never trained on.

Two sets: the first (``tests/heldout/nlu.yml``) and the second (every other file of
``tests/heldout``: one or more messages per knowledge-base entry, long messages, two questions in
one, typos, SMS style). For each: accuracy on the full label (intent, or ``faq/<entry>`` as the
ResponseSelector and the LabelClassifier chose it, and with DIET and the selector alone), macro-F1, the fallback rate on in-scope messages, out-of-scope messages
answered with a figure, and the 10 worst confusions.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge import nlu_files  # noqa: E402
from bot.knowledge.base import RETRIEVAL_INTENT, answer, entry_for_intent, is_retrieval  # noqa: E402
from actions.faq import entry_id  # noqa: E402
from bot.knowledge.base import entries  # noqa: E402
from bot.knowledge.suggest import closest_topics, suggestion_ranking, suggestion_topics  # noqa: E402
from pipeline.label_classifier import SWITCH_VARIABLE  # noqa: E402

FIRST_SET = "nlu.yml"
NOT_IN_SCOPE = {"out_of_scope", "nonsense"}
FALLBACK = "nlu_fallback"
SUGGESTIONS = "suggestions"  # the selector was guessing: « Vouliez-vous parler de… ? » and the closest entries
DIGIT = re.compile(r"\d")


def full_label(parse: dict, text: str, rerank: bool = True) -> str:
    """``faq/<entry>`` for a knowledge-base question (the entry ``action_answer_faq`` answers, or
    the ResponseSelector's own choice), else the intent's name."""
    intent = (parse.get("intent") or {}).get("name") or FALLBACK
    if not is_retrieval(intent):
        return intent
    if rerank:
        entry = entry_id({**parse, "text": text})
        return entries()[entry].intent_name if entry else SUGGESTIONS
    selected = (parse.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
    return (selected.get("response") or {}).get("intent_response_key") or intent


def answers_with_a_figure(label: str, day: dt.date) -> bool:
    """Whether the answer the label leads to shows a figure (informational answers only)."""
    entry = entry_for_intent(label)
    return entry is not None and bool(DIGIT.search(answer(entry.id, day).text))


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = {expected for expected, _ in pairs}
    scores = []
    for label in labels:
        true_positive = sum(1 for e, p in pairs if e == label and p == label)
        predicted = sum(1 for _, p in pairs if p == label)
        actual = sum(1 for e, _ in pairs if e == label)
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / actual if actual else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def report(name: str, pairs: list[tuple[str, str]], figures: int, out_of_scope: int,
           selector_only: list[tuple[str, str]], offers: list[list[str]], diet_alone: list[tuple[str, str]]) -> None:
    in_scope = [(e, p) for e, p in pairs if e not in NOT_IN_SCOPE]
    retrieval = [(e, p) for e, p in pairs if is_retrieval(e)]
    correct = sum(1 for e, p in pairs if e == p)
    print(f"\n## {name}: {len(pairs)} messages ({len(retrieval)} knowledge-base questions)")
    print(f"accuracy (intent and entry)   : {correct / len(pairs):.3f}")
    alone = sum(1 for e, p in diet_alone if e == p)
    print(f"  (DIET and the selector alone: {alone / len(pairs):.3f}, {SWITCH_VARIABLE}=off)")
    if retrieval:
        intent_right = sum(1 for e, p in retrieval if is_retrieval(p))
        entry_right = sum(1 for e, p in retrieval if e == p)
        print(f"knowledge base: intent faq    : {intent_right / len(retrieval):.3f}")
        print(f"knowledge base: right entry   : {entry_right / len(retrieval):.3f}")
        alone = sum(1 for e, p in selector_only if is_retrieval(e) and e == p)
        print(f"  (the ranking's own top      : {alone / len(retrieval):.3f}, with no BM25 and no gate)")
    intents_only = [(e.split("/")[0], p.split("/")[0]) for e, p in pairs]
    print(f"intent accuracy (faq as one)  : {sum(1 for e, p in intents_only if e == p) / len(pairs):.3f}")
    print(f"macro-F1 (intent and entry)   : {macro_f1(pairs):.3f}")
    fallbacks = sum(1 for _, p in in_scope if p == FALLBACK)
    print(f"fallback on in-scope messages : {fallbacks / len(in_scope):.3f} ({fallbacks} of {len(in_scope)})")
    offered = sum(1 for _, p in in_scope if p == SUGGESTIONS)
    print(f"closest entries offered       : {offered / len(in_scope):.3f} ({offered} of {len(in_scope)}, the selector unsure)")
    helped = sum(1 for (e, p), choices in zip(pairs, offers) if e not in NOT_IN_SCOPE and (e == p or e in choices))
    print(f"answered right, or right one offered as a button: {helped / len(in_scope):.3f}")
    print(f"out-of-scope with a figure    : {figures} of {out_of_scope}")
    confusions = Counter((e, p) for e, p in pairs if e != p).most_common(10)
    print("worst confusions (expected -> predicted, count):")
    for (expected, predicted), count in confusions:
        print(f"  {expected} -> {predicted}: {count}")


async def evaluate(model: Path) -> None:
    import structlog
    from rasa.core.agent import Agent

    # Rasa logs every parse at debug level through structlog: keep the report readable.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    agent = Agent.load(str(model))
    day = dt.date.today()
    sets: dict[str, list[tuple[str, str]]] = {"first held-out set": [], "second held-out set": []}
    for path in sorted((ROOT / nlu_files.HELDOUT_DIR).glob("*.yml")):
        key = "first held-out set" if path.name == FIRST_SET else "second held-out set"
        sets[key] += nlu_files.examples(path)
    for name, examples in sets.items():
        pairs, selector_only, offers, diet_alone, figures, out_of_scope = [], [], [], [], 0, 0
        for expected, text in examples:
            os.environ[SWITCH_VARIABLE] = "off"
            diet_alone.append((expected, full_label(await agent.parse_message(text), text)))
            os.environ[SWITCH_VARIABLE] = "on"
            parse = await agent.parse_message(text)
            predicted = full_label(parse, text)
            pairs.append((expected, predicted))
            selector_only.append((expected, full_label(parse, text, rerank=False)))
            # What the buttons offer when the answer is a « Vouliez-vous parler de… ? ».
            unsure = predicted in (SUGGESTIONS, FALLBACK)
            offers.append(closest_topics(text, suggestion_ranking(parse), suggestion_topics()) if unsure else [])
            if expected == "out_of_scope":
                out_of_scope += 1
                figures += answers_with_a_figure(predicted, day)
        if pairs:
            report(name, pairs, figures, out_of_scope, selector_only, offers, diet_alone)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "vae-inversee.tar.gz")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    asyncio.run(evaluate(args.model))


if __name__ == "__main__":
    main()
