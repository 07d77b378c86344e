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
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from typing import Any, Dict, Text

from rasa.core.actions.action import RemoteAction
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


def apply() -> None:
    """Install the three fixes (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result
    # On every engine, existing ones included: Rasa creates its tracker store before it loads the
    # model (and imports this package). With SQLite's file engines (no pool) every session's
    # connection runs the PRAGMAs. In the Rasa server the tracker store is the only SQL engine.
    if not event.contains(Engine, "connect", _sqlite_write_ahead_log):
        event.listen(Engine, "connect", _sqlite_write_ahead_log)
    RasaModel.load = classmethod(_load_for_prediction)
