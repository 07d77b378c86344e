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
    """The index of the project's training data (built once per process, about a second)."""
    return TopicIndex.build(training_examples(ROOT), topics)


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
