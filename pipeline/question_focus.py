"""Classify a long message by its question: « Nous sommes une PME… Combien paie l'OPCO ? ».

Visitors describe their company, region and jobs before asking; averaged with that context, the
question at the end weighs little, and DIET's cost grows with the longest message of each batch.
NLU reads from the last sentence that asks something (with the one before when it is short);
the tracker keeps the whole message, so the actions still read every fact it states
(``actions.forms.stated_facts``). A long message without a question mark is read whole.
The splitting itself is ``bot.knowledge.focus`` (no Rasa import), which the actions share.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge.focus import FOCUS_MIN_CHARACTERS, FOCUS_MIN_QUESTION, focus

@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class QuestionFocus(GraphComponent):
    """Replaces a long message's text, for NLU only, by its final question."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"min_characters": FOCUS_MIN_CHARACTERS, "min_question": FOCUS_MIN_QUESTION}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.min_characters = int(config["min_characters"])
        self.min_question = int(config["min_question"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "QuestionFocus":
        return cls(config)

    def _focus_all(self, messages: List[Message]) -> None:
        for message in messages:
            text: Optional[str] = message.get(TEXT)
            if text and not text.startswith("/"):
                message.set(TEXT, focus(text, self.min_characters, self.min_question))

    def process(self, messages: List[Message]) -> List[Message]:
        """Focus each incoming message."""
        self._focus_all(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """The long training examples are read the same way as the visitors' messages."""
        self._focus_all(training_data.training_examples)
        return training_data
