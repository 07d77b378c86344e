"""Rasa-aware code that serves the assistant: input channels, stores read from the environment."""
