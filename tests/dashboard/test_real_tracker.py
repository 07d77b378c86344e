"""The dashboard reads the ``events`` table exactly as the real Rasa server writes it."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from bot.dashboard.tracker import TrackerReader, read_only_url
from bot.leads.db import make_engine
from tests.e2e.test_rest import say


def test_a_real_conversation_shows_in_the_transcript_and_the_figures(rasa_url: str, tracker_db: Path) -> None:
    sender = f"dashboard-{uuid.uuid4().hex[:8]}"
    replies = say(rasa_url, "Qui finance la formation ?", sender)
    assert replies
    engine = make_engine(read_only_url(f"sqlite:///{tracker_db}"))
    try:
        reader = TrackerReader(engine)
        transcript = reader.transcript(sender)
        assert [message.author for message in transcript][:1] == ["user"]
        assert transcript[0].text == "Qui finance la formation ?"
        assert transcript[0].intent == "ask_financing"
        assert [message.text for message in transcript if message.author == "bot"] == [reply["text"] for reply in replies]
        today = dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
        days = reader.days(today, today + dt.timedelta(days=1))
        assert days and days[-1].conversations >= 1 and days[-1].messages >= 1
        assert dict(reader.topics(today, today + dt.timedelta(days=1))).get("ask_financing", 0) >= 1
    finally:
        engine.dispose()
