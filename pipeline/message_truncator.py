"""Cut overlong messages before the rest of the NLU pipeline reads them.

A 20 000-character message would cost DIET's transformer quadratic memory and time; no real
question needs more than a few hundred characters.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

MAX_CHARACTERS_VARIABLE = "VAE_MAX_MESSAGE_CHARS"


def truncate(text: str, max_characters: int) -> str:
    """Keep at most ``max_characters``, cutting at the last space when there is one nearby."""
    if len(text) <= max_characters:
        return text
    cut = text[:max_characters]
    space = cut.rfind(" ")
    return cut[:space] if space > max_characters * 0.8 else cut


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class MessageTruncator(GraphComponent):
    """Truncates the text of incoming messages to a configurable length."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"max_characters": 1000}

    def __init__(self, config: Dict[Text, Any]) -> None:
        override = os.environ.get(MAX_CHARACTERS_VARIABLE, "").strip()
        self.max_characters = int(override) if override else int(config["max_characters"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MessageTruncator":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        """Truncate each message's text in place."""
        for message in messages:
            text: Optional[str] = message.get(TEXT)
            if text and len(text) > self.max_characters:
                message.set(TEXT, truncate(text, self.max_characters))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples are ours and short: nothing to cut."""
        return training_data
