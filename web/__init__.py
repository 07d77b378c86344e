"""The landing page and the chat widget, served by ``python -m web.serve`` (no Rasa import)."""
