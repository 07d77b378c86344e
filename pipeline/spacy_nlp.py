"""Rasa's SpacyNLP without the spaCy components nothing in our pipeline reads.

Rasa loads fr_core_news_md with only the parser disabled: the parser's weights stay in memory
and the named-entity recogniser runs on every message, though our entities come from DIET.
SpacyTokenizer reads lemmas and tags (tok2vec, morphologizer, attribute_ruler, lemmatizer) and
SpacyFeaturizer the static word vectors; leaving out ``parser`` and ``ner`` changes none of
them, saves about 300 MB and two thirds of spaCy's time per message (see README, Figures).

The class keeps the name ``SpacyNLP``: Rasa hands the loaded model to the components declaring
``model_from="SpacyNLP"`` (SpacyTokenizer, SpacyFeaturizer) by class name.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel

EXCLUDED_BY_DEFAULT = ["parser", "ner"]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """Loads the spaCy model once, leaving out the components listed in ``exclude``."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**spacy_utils.SpacyNLP.get_default_config(), "exclude": EXCLUDED_BY_DEFAULT}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpacyNLP:
        config = {**cls.get_default_config(), **config}
        model = load_model(config.get("model"), config["exclude"])
        cls.ensure_proper_language_model(model.model)
        return cls(model, config)


def load_model(name: Text, exclude: List[Text]) -> SpacyModel:
    """Load ``name`` without the ``exclude`` components (Rasa's checks and messages otherwise)."""
    import spacy

    if not name:
        return spacy_utils.SpacyNLP.load_model(name)  # raises Rasa's explanation
    try:
        language = spacy.load(name, exclude=exclude)
    except OSError:
        return spacy_utils.SpacyNLP.load_model(name)  # raises Rasa's « model missing » explanation
    return SpacyModel(model=language, model_name=name)
