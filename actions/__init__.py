"""Rasa custom actions: the thin adapter from a conversation to ``bot``."""
