"""Mark as ``nonsense`` a message that holds no known word, so it never starts a form.

DIET always names its closest intent, even for « fjdkslq zzpprt »; the intent ``nonsense`` is
trained on fillers (« ok », « hmm »), but random letters are endless. A word is known when spaCy's
French vectors have it or the training data uses it (« OPCO », « CQP » have no vector). No kept
library detects gibberish in French, hence this small component.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

NONSENSE_INTENT = "nonsense"
VOCABULARY_FILE = "vocabulary.json"
MIN_WORD_LENGTH = 2
# A misspelt word is close to a trained one: difflib's ratio, on words of four letters or more.
MIN_TYPO_LENGTH = 4
TYPO_CUTOFF = 0.8
MAX_TYPO_WORDS = 5
MAX_KNOWN_MESSAGE = 12
WORD = re.compile(r"[^\W\d_]+")


def _is_word(text: str) -> bool:
    return len(text) >= MIN_WORD_LENGTH and text.isalpha()


def has_known_word(tokens: list[Any], vocabulary: frozenset[str]) -> bool:
    """A token of two letters or more that spaCy or the training data knows, typos included
    (« finacement »); the slower typo search runs only when no token is known as written."""
    words = [token for token in tokens if _is_word(token.text)]
    if any(token.text.lower() in vocabulary or not token.is_oov for token in words):
        return True
    candidates = [token.text.lower() for token in words if len(token.text) >= MIN_TYPO_LENGTH]
    # About 10 ms a word: a long row of random letters must not cost seconds.
    return any(
        difflib.get_close_matches(text, vocabulary, n=1, cutoff=TYPO_CUTOFF) for text in candidates[:MAX_TYPO_WORDS]
    )


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class NonsenseDetector(GraphComponent):
    """Sets the intent to ``nonsense`` when no token of the message is a known word."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, vocabulary: frozenset[str]) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "NonsenseDetector":
        return cls(model_storage, resource, frozenset())

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "NonsenseDetector":
        try:
            with model_storage.read_from(resource) as directory:
                words = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            words = []
        return cls(model_storage, resource, frozenset(words))

    def train(self, training_data: TrainingData) -> Resource:
        """Keep every word of the training examples, except those of ``nonsense`` itself."""
        words = set()
        for example in training_data.intent_examples:
            if example.get(INTENT) == NONSENSE_INTENT:
                continue
            text = (example.get(TEXT) or "").strip().lower()
            words |= set(WORD.findall(text))
            if len(text) <= MAX_KNOWN_MESSAGE:
                words.add(text)  # « @+ », « a+ »: short messages trained as they are
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(words), ensure_ascii=False), encoding="utf-8")
        self.vocabulary = frozenset(words)
        return self._resource

    def is_nonsense(self, message: Message) -> bool:
        """No known word in the message (a button payload is never nonsense)."""
        text: Optional[str] = message.get(TEXT)
        doc = message.get(SPACY_DOCS[TEXT])
        if not text or text.startswith("/") or doc is None:
            return False
        if text.strip().lower() in self.vocabulary:
            return False
        return not has_known_word(list(doc), self.vocabulary)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self.is_nonsense(message):
                message.set(INTENT, {INTENT_NAME_KEY: NONSENSE_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                ranking = [{INTENT_NAME_KEY: NONSENSE_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}]
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
