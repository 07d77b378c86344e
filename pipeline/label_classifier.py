"""The intent and the knowledge-base entry, decided by two opinions instead of one.

Runs after DIET and the ResponseSelector and before the FallbackClassifier. A linear model over
character n-grams (``pipeline.label_model``) ranks every full label, ``ask_financing`` as well as
``faq/tutor_paid``; DIET's intent ranking, with the retrieval intent's share handed out as the
ResponseSelector ranks its entries, is the other opinion. Their average is written back where
Rasa keeps them: the intent and its ranking (the retrieval intent holding the sum of its entries)
and the selector's ranking, so the FallbackClassifier, the policies and ``action_answer_faq``
read them as usual. ``VAE_LABEL_CLASSIFIER=off`` leaves DIET and the selector alone (``make
evaluate`` compares both; a way out should the second opinion misbehave). Rasa's own ``LogisticRegressionClassifier`` learns intents only: it cannot
rank a retrieval intent's entries, hence this component.
"""

from __future__ import annotations

import os
import pickle
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from pipeline.label_model import LabelModel, combine, decide, nlu_distribution

MODEL_FILE = "label_model.pkl"
SWITCH_VARIABLE = "VAE_LABEL_CLASSIFIER"


def switched_on() -> bool:
    """Read at each message, so that one process can compare both ways."""
    return os.environ.get(SWITCH_VARIABLE, "on").strip().lower() != "off"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LabelClassifier(GraphComponent):
    """Averages a linear model's ranking of the full labels with DIET's and the selector's."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "retrieval_intent": "faq",
            "min_ngram": 2,
            "max_ngram": 5,
            "c": 1.0,
            # The softmax over the SVM's margins: 10 makes a margin ahead by 0.1 weigh e times more.
            "temperature": 10.0,
            "weight": 0.5,  # of the linear model; DIET and the selector have the rest
            "ranking_length": 10,
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[LabelModel] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LabelClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LabelClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                model = pickle.loads((directory / MODEL_FILE).read_bytes())
        except (ValueError, FileNotFoundError):
            model = None  # an untrained pipeline: DIET decides alone
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        """One class per full label: the intent, or ``faq/<entry>`` for the knowledge base."""
        texts, labels = [], []
        for example in training_data.intent_examples:
            text, label = example.get(TEXT), example.get(INTENT_RESPONSE_KEY) or example.get(INTENT)
            if text and label:
                texts.append(text)
                labels.append(label)
        if len(set(labels)) < 2:
            return self._resource
        self.model = LabelModel.fit(texts, labels, (int(self.config["min_ngram"]), int(self.config["max_ngram"])),
                                    float(self.config["c"]), float(self.config["temperature"]))
        with self._model_storage.write_to(self._resource) as directory:
            (directory / MODEL_FILE).write_bytes(pickle.dumps(self.model))
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text: Optional[str] = message.get(TEXT)
            if self.model is None or not text or text.startswith("/") or not switched_on():
                continue  # a button's payload names its intent
            self._decide(message, text)
        return messages

    def _decide(self, message: Message, text: str) -> None:
        retrieval_intent = self.config["retrieval_intent"]
        selector = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(retrieval_intent) or {}
        nlu = nlu_distribution(message.get(INTENT_RANKING_KEY) or [], selector.get(RESPONSE_SELECTOR_RANKING_KEY) or [],
                               retrieval_intent)
        labels = combine(self.model.probabilities(text), nlu, float(self.config["weight"]))
        decision = decide(labels, int(self.config["ranking_length"]))
        ranking = [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: share} for name, share in decision.intent_ranking]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        entries = decision.entry_rankings.get(retrieval_intent)
        if selector and entries:
            best, confidence = entries[0]
            response = dict(selector.get(RESPONSE_SELECTOR_PREDICTION_KEY) or {})
            # As the selector itself fills it when the domain has no response for the entry.
            response.update({INTENT_RESPONSE_KEY: best, PREDICTED_CONFIDENCE_KEY: confidence,
                             RESPONSE_SELECTOR_RESPONSES_KEY: [{TEXT: best}],
                             RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{best}"})
            properties = dict(message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {})
            properties[retrieval_intent] = {
                RESPONSE_SELECTOR_PREDICTION_KEY: response,
                RESPONSE_SELECTOR_RANKING_KEY: [{INTENT_RESPONSE_KEY: key, PREDICTED_CONFIDENCE_KEY: share}
                                                for key, share in entries],
            }
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
