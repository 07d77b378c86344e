"""A second opinion on every message: one linear model over the full labels, combined with DIET's.

DIET names the intent and the ResponseSelector the knowledge-base entry, each from about fifteen
examples a label. Measured on the held-out sets (4 December 2026), a linear SVM over character
n-grams of the accent-free text, one class per full label (``ask_financing``, ``faq/<entry>``),
generalised better to other people's wordings than either, and averaging the two opinions did
better still. scikit-learn does the learning; what is ours is the combination: which labels, how
DIET's ranking and the selector's are read as one distribution, and how the result is written
back as an intent ranking and a selector ranking. No Rasa import here, so it is tested alone.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

RETRIEVAL_SEPARATOR = "/"


def accent_free(text: str) -> str:
    """Lower case, accents removed: « Qui paie ? » and « qui paie » read alike."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass
class LabelModel:
    """Character n-gram TF-IDF and a linear SVM, one class per full label."""

    vectorizer: object
    svm: object
    temperature: float

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        ngrams: tuple[int, int] = (2, 5),
        c: float = 1.0,
        temperature: float = 10.0,
    ) -> "LabelModel":
        """Learn from the training examples (imports scikit-learn only when training or loading)."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=ngrams, preprocessor=accent_free,
                                     sublinear_tf=True, dtype=_float32())
        features = vectorizer.fit_transform(texts)
        svm = LinearSVC(C=c, random_state=42)
        svm.fit(features, labels)
        return cls(vectorizer, svm, temperature)

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self.svm.classes_]

    def probabilities(self, text: str) -> dict[str, float]:
        """Each label's share for ``text``: the SVM's margins through a softmax."""
        margins = self.svm.decision_function(self.vectorizer.transform([text]))[0]
        if len(self.labels) == 2:  # a binary SVM gives one margin, for the second class
            margins = [-margins, margins]
        scaled = [self.temperature * float(margin) for margin in margins]
        top = max(scaled)
        weights = [math.exp(value - top) for value in scaled]
        total = sum(weights)
        return {label: weight / total for label, weight in zip(self.labels, weights)}


def nlu_distribution(
    intent_ranking: Iterable[Mapping], selector_ranking: Iterable[Mapping], retrieval_intent: str
) -> dict[str, float]:
    """DIET's intent ranking as full labels: the retrieval intent's share goes to its entries as
    the ResponseSelector ranks them."""
    labels: dict[str, float] = {}
    retrieval_share = 0.0
    for item in intent_ranking:
        name, confidence = item.get("name"), float(item.get("confidence") or 0.0)
        if not name:
            continue
        if name == retrieval_intent:
            retrieval_share = confidence
        else:
            labels[name] = confidence
    for item in selector_ranking:
        key = item.get("intent_response_key")
        if key:
            labels[key] = retrieval_share * float(item.get("confidence") or 0.0)
    return labels


def combine(first: Mapping[str, float], second: Mapping[str, float], weight: float) -> dict[str, float]:
    """``weight`` of the first opinion and the rest of the second, label by label."""
    return {
        label: weight * first.get(label, 0.0) + (1 - weight) * second.get(label, 0.0)
        for label in set(first) | set(second)
    }


def intent_of(label: str) -> str:
    """``faq/tutor_paid`` is answered under the intent ``faq``."""
    return label.split(RETRIEVAL_SEPARATOR, 1)[0]


@dataclass(frozen=True)
class Decision:
    """The combined opinion, as Rasa writes it: an intent ranking, and per retrieval intent the
    entries' ranking (confidences within that intent, summing to 1)."""

    intent_ranking: list[tuple[str, float]]
    entry_rankings: dict[str, list[tuple[str, float]]]


def decide(labels: Mapping[str, float], most: int = 10) -> Decision:
    """Fold the full labels into intents, and keep each retrieval intent's entries apart."""
    intents: dict[str, float] = {}
    entries: dict[str, dict[str, float]] = {}
    for label, share in labels.items():
        intent = intent_of(label)
        intents[intent] = intents.get(intent, 0.0) + share
        if label != intent:
            entries.setdefault(intent, {})[label] = share
    ranking = sorted(intents.items(), key=lambda item: (-item[1], item[0]))[:most]
    entry_rankings = {}
    for intent, shares in entries.items():
        total = sum(shares.values()) or 1.0
        ordered = sorted(shares.items(), key=lambda item: (-item[1], item[0]))[:most]
        entry_rankings[intent] = [(label, share / total) for label, share in ordered]
    return Decision(ranking, entry_rankings)


def _float32() -> type:
    import numpy

    return numpy.float32
