"""The topics closest to a message NLU was unsure about, for a « Vouliez-vous parler de… ? ».

Two opinions are combined: NLU's own ranking, and a BM25 retrieval (``bm25s``) over the training
examples, which reads the visitor's words rather than the model's features and so still finds
« raque » next to « qui paie ». The examples of one topic vote for it with their best score.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Collection, Mapping, Sequence

import bm25s

from bot.dashboard.topics import TOPIC_LABELS
from bot.knowledge.base import RETRIEVAL_INTENT, entries
from bot.knowledge.focus import focus
from bot.knowledge.nlu_files import ROOT, fingerprint, training_examples

NLU_WEIGHT = 0.5  # the two opinions count alike: each is scaled to 0..1 first
RETRIEVED = 50  # examples read from BM25 before they vote for their topic
MOST = 3


@dataclass(frozen=True)
class TopicIndex:
    """BM25 over the training examples of the topics that can be suggested."""

    retriever: bm25s.BM25
    intents: tuple[str, ...]  # the intent of each indexed example

    @classmethod
    def build(cls, examples: Sequence[tuple[str, str]], topics: Collection[str]) -> "TopicIndex":
        pairs = [(intent, fingerprint(text)) for intent, text in examples if intent in topics]
        retriever = bm25s.BM25()
        retriever.index(bm25s.tokenize([text for _, text in pairs], stopwords=None, show_progress=False),
                        show_progress=False)
        return cls(retriever, tuple(intent for intent, _ in pairs))

    def scores(self, text: str) -> dict[str, float]:
        """Each topic's best BM25 score for ``text``, scaled so that the best topic has 1."""
        query = fingerprint(text)
        if not query or not self.intents:
            return {}
        tokens = bm25s.tokenize([query], stopwords=None, show_progress=False)
        if not tokens.vocab or not any(token in self.retriever.vocab_dict for token in tokens.vocab):
            return {}  # no word in common with any example: BM25 has no opinion
        documents, scores = self.retriever.retrieve(tokens, k=min(RETRIEVED, len(self.intents)),
                                                    show_progress=False)
        best: dict[str, float] = {}
        for document, score in zip(documents[0], scores[0]):
            intent = self.intents[int(document)]
            best[intent] = max(best.get(intent, 0.0), float(score))
        top = max(best.values(), default=0.0)
        return {intent: score / top for intent, score in best.items()} if top > 0 else {}


@lru_cache(maxsize=1)
def default_index(topics: frozenset[str]) -> TopicIndex:
    """The index of the training data and of the entries' questions and answers (built once)."""
    documents = training_examples(ROOT) + [
        (entry.intent_name, f"{entry.question} {entry.texts.get('text', '')}") for entry in entries().values()
    ]
    return TopicIndex.build(documents, topics)


def suggestion_topics() -> frozenset[str]:
    """What can be suggested: the informational intents and every knowledge-base entry."""
    return frozenset(TOPIC_LABELS) | {entry.intent_name for entry in entries().values()}


def suggestion_ranking(parse: Mapping) -> dict[str, float]:
    """NLU's opinion of each suggestion: the intent ranking, ``faq`` shared out by the ResponseSelector."""
    ranking = {item["name"]: float(item.get("confidence") or 0.0)
               for item in parse.get("intent_ranking") or [] if item.get("name")}
    faq_confidence = ranking.pop(RETRIEVAL_INTENT, 0.0)
    selected = (parse.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
    for item in selected.get("ranking") or []:
        key = item.get("intent_response_key")
        if key:
            ranking[key] = faq_confidence * float(item.get("confidence") or 0.0)
    return ranking


def suggestion_button(topic: str) -> dict[str, str]:
    """A suggestion as a button: the entry's question, or the intent's label."""
    entry = next((entry for entry in entries().values() if entry.intent_name == topic), None)
    if entry is not None:
        return {"title": entry.question, "payload": entry.payload}
    return {"title": TOPIC_LABELS[topic], "payload": f"/{topic}"}


def closest_topics(
    text: str,
    nlu_ranking: Mapping[str, float],
    topics: Collection[str],
    index: TopicIndex | None = None,
    most: int = MOST,
) -> list[str]:
    """The ``most`` topics closest to ``text``, best first, from NLU's ranking and BM25's."""
    index = index or default_index(frozenset(topics))
    lexical = index.scores(text)
    nlu = {intent: confidence for intent, confidence in nlu_ranking.items() if intent in topics}
    top_nlu = max(nlu.values(), default=0.0)
    combined = {
        intent: NLU_WEIGHT * (nlu.get(intent, 0.0) / top_nlu if top_nlu else 0.0)
        + (1 - NLU_WEIGHT) * lexical.get(intent, 0.0)
        for intent in set(nlu) | set(lexical)
    }
    ranked = sorted((intent for intent, score in combined.items() if score > 0), key=lambda i: (-combined[i], i))
    return ranked[:most]


# Below this confidence of its best entry the ResponseSelector is guessing: on the held-out sets
# (2 December 2026) right answers had a median of 0.35, wrong ones 0.15 and questions that were not
# for the knowledge base 0.12. Under it the visitor chooses among the closest entries instead.
# Since the LabelClassifier averages its ranking in (4 December 2026) the gate is rarely reached
# (2 of 483 held-out messages): it stays as the guard against a guess.
ENTRY_MIN_CONFIDENCE = 0.15
# How much the ResponseSelector counts against BM25 when both rank the entries of a question.
SELECTOR_WEIGHT = 0.5
RERANKED = 10  # the ResponseSelector's best entries that BM25 may reorder


def selector_is_sure(selector_ranking: Sequence[Mapping]) -> bool:
    """Whether the ResponseSelector's best entry is more than a guess."""
    return bool(selector_ranking) and float(selector_ranking[0].get("confidence") or 0.0) >= ENTRY_MIN_CONFIDENCE


def best_entry(text: str, selector_ranking: Sequence[Mapping], index: TopicIndex | None = None) -> str | None:
    """The entry that answers ``text``: the ResponseSelector's ranking, reordered by BM25 over the
    entries' examples, questions and answers, so that « AFEST ? » finds the entry that names it."""
    ranked = [(item.get("intent_response_key"), float(item.get("confidence") or 0.0))
              for item in selector_ranking[:RERANKED] if item.get("intent_response_key")]
    if not ranked:
        return None
    index = index or default_index(suggestion_topics())
    lexical = index.scores(focus(text))
    top = max(confidence for _, confidence in ranked) or 1.0
    scored = {key: SELECTOR_WEIGHT * confidence / top + (1 - SELECTOR_WEIGHT) * lexical.get(key, 0.0)
              for key, confidence in ranked}
    key = max(ranked, key=lambda item: (scored[item[0]], item[1]))[0]
    return key.split("/", 1)[1]
