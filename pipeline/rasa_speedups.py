"""A measured fix to Rasa's per-message path, applied when Rasa loads our pipeline.

Rasa 3.6 checks every custom action's answer with ``jsonschema.validate``, which first checks the
*schema itself* against the JSON Schema 2020-12 meta-schema: under load that took about a third of
the Rasa server's CPU (py-spy, README « Figures »). The answer is still checked against the same
schema, with a validator built once; the errors raised are the same.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from rasa.core.actions.action import RemoteAction


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


def apply() -> None:
    """Replace RemoteAction's validation by the one with a validator built once (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result
