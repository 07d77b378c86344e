"""Measured fixes to Rasa's per-message path, applied when Rasa loads our pipeline.

1. Rasa 3.6 checks every custom action's answer with ``jsonschema.validate``, which first checks
   the *schema itself* against the JSON Schema 2020-12 meta-schema: under load that took about a
   third of the Rasa server's CPU (py-spy, README « Benchmark »). The answer is still checked
   against the same schema, with a validator built once; the errors raised are the same.
2. The SQLite tracker store commits once or more per message, each an fsync of a rollback journal
   (3.4 ms here). In WAL mode with ``synchronous=NORMAL`` a commit is an append (0.01 ms); a power
   cut may lose the last messages, never corrupt the file. Only SQLite connections are touched:
   in the Rasa server, the tracker store's.
3. To load DIET and TED for prediction, Rasa first trains them one step on an example (to create
   the weights, and the optimizer's) and then loads the trained weights: that traces TensorFlow's
   training graph and kept ~550 MB resident. The weights are now restored before the prediction
   graph creates them (TensorFlow's deferred restoration): same predictions (80 held-out
   messages: same intents and confidences; the test also compares TED), no training graph. Fine-tuning keeps Rasa's way.
4. Every policy predicts every next action, and the ensemble then keeps the rule's when a rule
   applies (confidence 1, the highest priority). TED's transformer was a quarter of the server's
   CPU, mostly for predictions a rule had already made. The prediction graph now hands the
   RulePolicy's prediction to TED, which returns an empty one when the ensemble is certain to keep
   the rule's: not after a rejected action (the ensemble then zeroes it), not when TED can make an
   end-to-end prediction (those outrank the rules). Same action, policy and confidence.
5. Every event read from the tracker store looked its class up through all of ``Event``'s
   subclasses (``all_subclasses``, recursive, with ``inspect.isabstract``): a table now, rebuilt
   when a name is missing, with the same first match.
6. spaCy ran its named-entity recogniser (its own network, 58 % of spaCy's time per message) for
   nothing: no component of ours reads ``doc.ents``. It is turned off unless the graph has a
   SpacyEntityExtractor; tokens, lemmas, tags and vectors are the same (test).
7. Every graph run worked out again which nodes its targets need, walking every path of the
   graph without memory (6 % of the CPU): the answer is kept per schema and targets.
"""

from __future__ import annotations

import dataclasses
import functools
import sqlite3
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.core.events import ActionExecuted, ActionExecutionRejected, Event
from rasa.shared.nlu.constants import TEXT
from rasa.shared.utils.common import all_subclasses
from rasa.utils.tensorflow.models import RasaModel
from sqlalchemy import event
from sqlalchemy.engine import Engine


@lru_cache(maxsize=1)
def _action_result_validator() -> Any:
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)  # once, instead of once per action
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    from jsonschema.exceptions import best_match

    error = best_match(_action_result_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the "
        "Action endpoint is valid."
    )
    raise error


def _sqlite_write_ahead_log(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_rasa_model_load = RasaModel.load.__func__


def _load_for_prediction(
    cls: type,
    model_file_name: Text,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    if finetune_mode or predict_data_example is None:
        return _rasa_model_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                                *args, **kwargs)
    import tensorflow as tf

    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY

    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
                  run_eagerly=config.get(RUN_EAGERLY))
    status = model.load_weights(model_file_name)  # restored as the variables get created
    model.run_inference(predict_data_example)  # creates them, and traces the prediction graph
    status.expect_partial()  # the optimizer's slots stay in the file: no training here
    return model


RULE_PREDICTION = "rule_prediction"  # TED's extra input in the prediction graph


def hand_rule_prediction_to_ted(schema: GraphSchema) -> GraphSchema:
    """The prediction graph with the RulePolicy's output as an input of every TED node."""
    rule_nodes = [name for name, node in schema.nodes.items()
                  if isinstance(node.uses, type) and issubclass(node.uses, RulePolicy)
                  and node.fn == "predict_action_probabilities"]
    if len(rule_nodes) != 1:
        return schema
    nodes = dict(schema.nodes)
    for name, node in schema.nodes.items():
        if (isinstance(node.uses, type) and issubclass(node.uses, TEDPolicy)
                and node.fn == "predict_action_probabilities" and RULE_PREDICTION not in node.needs):
            nodes[name] = dataclasses.replace(node, needs={**node.needs, RULE_PREDICTION: rule_nodes[0]})
    return GraphSchema(nodes)


def rule_prediction_wins(ted: TEDPolicy, tracker: Any, rule_prediction: Any) -> bool:
    """Whether the ensemble keeps the rule's prediction whatever TED predicts."""
    if rule_prediction is None or TEXT in ted.fake_features:  # TED's end-to-end ones outrank rules
        return False
    if rule_prediction.max_confidence < 1.0 or rule_prediction.policy_priority <= ted.priority:
        return False
    last_action = next((past for past in reversed(tracker.events)
                        if isinstance(past, (ActionExecutionRejected, ActionExecuted))), None)
    return not isinstance(last_action, ActionExecutionRejected)


_ted_predict = TEDPolicy.predict_action_probabilities
_graph_runner_init = DaskGraphRunner.__init__


@functools.wraps(_ted_predict)  # Rasa's graph validation reads TED's own signature and types
def _ted_predict_unless_a_rule_wins(self, tracker, domain, *args, rule_prediction=None, **kwargs):  # type: ignore
    if rule_prediction_wins(self, tracker, rule_prediction):
        return self._prediction(self._default_predictions(domain))
    return _ted_predict(self, tracker, domain, *args, **kwargs)


_spacy_load_model = SpacyNLP.load_model
_spacy_entities_read = True  # until a graph without SpacyEntityExtractor is loaded


def _graph_runner_with_fixes(self: DaskGraphRunner, graph_schema: GraphSchema, *args: Any, **kwargs: Any) -> None:
    global _spacy_entities_read
    _spacy_entities_read = any(isinstance(node.uses, type) and issubclass(node.uses, SpacyEntityExtractor)
                               for node in graph_schema.nodes.values())
    _graph_runner_init(self, hand_rule_prediction_to_ted(graph_schema), *args, **kwargs)


def _load_spacy_without_unread_entities(spacy_model_name: Text) -> SpacyModel:
    spacy_model = _spacy_load_model(spacy_model_name)
    if not _spacy_entities_read and "ner" in spacy_model.model.pipe_names:
        spacy_model.model.disable_pipe("ner")
    return spacy_model


_minimal_graph_schema = GraphSchema.minimal_graph_schema


def _remembered_minimal_graph_schema(self: GraphSchema, targets: Optional[List[Text]] = None) -> GraphSchema:
    # Schemas are not changed once built (Rasa makes new ones), so the answer stays right.
    remembered = self.__dict__.setdefault("_minimal_schemas", {})
    key = tuple(targets) if targets else None
    if key not in remembered:
        remembered[key] = _minimal_graph_schema(self, targets)
    return remembered[key]


_event_classes: Dict[Text, type] = {}


def _resolve_event_class(type_name: Text, default: Optional[type] = None) -> Optional[type]:
    if type_name not in _event_classes:
        _event_classes.clear()
        for cls in all_subclasses(Event):  # the first class of a name wins, as in Rasa
            _event_classes.setdefault(cls.type_name, cls)
    found = _event_classes.get(type_name)
    if found is not None:
        return found
    if type_name == "topic":
        return None  # Rasa's backwards compatibility
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def apply() -> None:
    """Install the fixes (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result
    # On every engine, existing ones included: Rasa creates its tracker store before it loads the
    # model (and imports this package). With SQLite's file engines (no pool) every session's
    # connection runs the PRAGMAs. In the Rasa server the tracker store is the only SQL engine.
    if not event.contains(Engine, "connect", _sqlite_write_ahead_log):
        event.listen(Engine, "connect", _sqlite_write_ahead_log)
    RasaModel.load = classmethod(_load_for_prediction)
    TEDPolicy.predict_action_probabilities = _ted_predict_unless_a_rule_wins
    DaskGraphRunner.__init__ = _graph_runner_with_fixes
    SpacyNLP.load_model = staticmethod(_load_spacy_without_unread_entities)
    Event.resolve_by_type = staticmethod(_resolve_event_class)
    GraphSchema.minimal_graph_schema = _remembered_minimal_graph_schema
