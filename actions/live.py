"""« Je veux parler à quelqu'un »: the team live if it is there now, else the contact form.

A thin adapter: the hours, the queue and the texts are ``bot.live``. The rules say
``request_human → action_request_human → action_start_lead → lead_form``; these actions end the
turn themselves (``FollowupAction``) whichever way it goes, so what a policy would predict next
never matters: the form starts only when nobody can answer live.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, ReminderScheduled
from rasa_sdk.executor import CollectingDispatcher

from bot.leads import service
from bot.live import messages, queue
from bot.live.hours import OpeningHours, load_hours
from bot.live.settings import LiveSettings

logger = logging.getLogger(__name__)

WAIT_OVER_INTENT = "EXTERNAL_live_wait_over"
REMINDER_NAME = "live_wait"  # one per conversation: asking again replaces it
START_FORM = "action_start_lead"
LISTEN = "action_listen"


def now() -> dt.datetime:
    """The real time: the reminder is scheduled on it (``VAE_TODAY`` only dates the legal rules)."""
    return dt.datetime.now(dt.timezone.utc)


def _hours(settings: LiveSettings) -> Optional[OpeningHours]:
    try:
        return load_hours(settings.hours_file)
    except Exception as error:  # noqa: BLE001 - missing, not YAML, malformed: nobody is announced as available
        logger.error("Live hours unreadable (%s): the contact form is offered instead.", type(error).__name__)
        return None


class ActionRequestHuman(Action):
    """Queue the conversation for the team when it answers live now; otherwise offer the form."""

    def name(self) -> Text:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        settings = LiveSettings.from_env()
        if not settings.configured:
            return [FollowupAction(START_FORM)]  # no live team on this server: the form, as always
        hours = _hours(settings)
        at = now()
        if hours is None:
            dispatcher.utter_message(text=messages.unavailable())
            return [FollowupAction(START_FORM)]
        if not hours.is_open(at):
            dispatcher.utter_message(text=messages.closed(hours, at))
            return [FollowupAction(START_FORM)]
        channel = tracker.get_latest_input_channel() or "?"
        try:
            with service.session_factory().begin() as session:
                entry = queue.request(session, tracker.sender_id, channel, at, hours.wait_seconds)
                place = queue.position(session, tracker.sender_id)
                wait_s = queue.estimated_wait_s(session, at, hours.wait_seconds)
        except Exception as error:  # noqa: BLE001 - database down: nobody would see the request
            logger.warning("Live queue unavailable (%s): the contact form is offered instead.", type(error).__name__)
            dispatcher.utter_message(text=messages.unavailable())
            return [FollowupAction(START_FORM)]
        if entry.status != queue.LIVE_WAITING:
            return [FollowupAction(LISTEN)]  # already with a person of the team
        dispatcher.utter_message(text=messages.waiting(place, wait_s))
        deadline = entry.deadline_at
        if deadline.tzinfo is None:  # stored as UTC; Rasa would read a naive time as its local time
            deadline = deadline.replace(tzinfo=dt.timezone.utc)
        reminder = ReminderScheduled(
            WAIT_OVER_INTENT, trigger_date_time=deadline, name=REMINDER_NAME, kill_on_user_message=False
        )
        return [reminder, FollowupAction(LISTEN)]


class ActionLiveWaitOver(Action):
    """The wait is over: if nobody took the conversation, say so and offer the form."""

    def name(self) -> Text:
        return "action_live_wait_over"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if not LiveSettings.from_env().configured:
            return [FollowupAction(LISTEN)]
        try:
            with service.session_factory().begin() as session:
                missed = queue.miss(session, tracker.sender_id, now())
        except Exception as error:  # noqa: BLE001 - unknown state: the form is the safe offer
            logger.warning("Live queue unavailable (%s) at the end of a wait.", type(error).__name__)
            missed = True
        if not missed:
            return [FollowupAction(LISTEN)]  # taken, handed back or never asked: nothing to say
        dispatcher.utter_message(text=messages.missed())
        return [FollowupAction(START_FORM)]
