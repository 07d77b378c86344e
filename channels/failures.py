"""Know, within one turn, whether one of its actions failed (e.g. the action server is down).

Rasa 3.6 catches the exception of a failed action in ``MessageProcessor._run_action``, logs it
on ``rasa.core.processor`` and carries on with no events, so the visitor would get an empty
reply. The channel handles the whole turn in one asyncio task, so a context variable set by the
channel and a filter on that logger tell the channel that this very turn lost an action, without
patching Rasa.
"""

from __future__ import annotations

import contextvars
import logging
import re
from typing import Any, List, Optional

from channels.messages import message

logger = logging.getLogger(__name__)

PROCESSOR_LOGGER = "rasa.core.processor"
_FAILURE_PREFIX = "Encountered an exception while running action"

_turn_failures: contextvars.ContextVar[Optional[List[str]]] = contextvars.ContextVar("turn_failures", default=None)


class _FailedActionFilter(logging.Filter):
    """Notes the failed action in the current turn; the log record itself goes on unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        failures = _turn_failures.get()
        if failures is not None and str(record.msg).startswith(_FAILURE_PREFIX):
            name = re.search(r"'([^']*)'", str(record.msg))
            failures.append(name.group(1) if name else "?")
        return True


_FILTER = _FailedActionFilter()


def install() -> None:
    """Attach the filter once (idempotent)."""
    logger = logging.getLogger(PROCESSOR_LOGGER)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)


class TurnWatch:
    """``with TurnWatch() as watch: await handle(...)`` then ``watch.failed_actions``."""

    def __init__(self) -> None:
        self.failed_actions: List[str] = []
        self._token: Optional[contextvars.Token] = None

    def __enter__(self) -> "TurnWatch":
        install()
        self._token = _turn_failures.set(self.failed_actions)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _turn_failures.reset(self._token)


def apology(failed_actions: List[str], said_anything: bool) -> Optional[str]:
    """What to add to a turn: an apology if an action failed or nothing was said, else nothing."""
    if failed_actions:
        return message("action_failed")
    if not said_anything:
        return message("no_reply")
    return None


def rasa_agent(request: Any) -> Any:
    """The Rasa agent serving ``request`` (Sanic's ``app.ctx.agent``), or None outside a server."""
    return getattr(getattr(getattr(request, "app", None), "ctx", None), "agent", None)


async def turn_apology(failed_actions: List[str], said_anything: bool, agent: Any, sender_id: str) -> Optional[str]:
    """:func:`apology`, except for a silent turn of a conversation a team member has: that
    silence is wanted (the tracker is read only for a silent turn)."""
    if not failed_actions and not said_anything and await is_taken_over(agent, sender_id):
        return None
    return apology(failed_actions, said_anything)


async def is_taken_over(agent: Any, sender_id: str) -> bool:
    """Whether a team member has the conversation (channels/live.py pauses its tracker).

    Rasa logs a message to a paused tracker but predicts nothing: the silence is then wanted,
    not a failure to apologise for. Read only when a turn said nothing."""
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return False
    try:
        tracker = await store.retrieve(sender_id)
    except Exception:  # noqa: BLE001 - store down: apologise as for any silent turn
        logger.exception("The tracker store could not be read after a silent turn.")
        return False
    return bool(tracker is not None and tracker.is_paused())
