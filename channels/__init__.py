"""Rasa-aware code that serves the assistant: input channels and stores, configured from the environment."""
