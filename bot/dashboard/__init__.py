"""The porteur de projet's web dashboard: leads, their follow-up, and the assistant's activity.

Start it with ``python -m bot.dashboard --port 8081``. Never imports Rasa: the tracker store is
read as a plain SQL table (``bot.dashboard.tracker``).
"""
