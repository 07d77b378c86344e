"""Rasa input channels configured from the environment (credentials.yml names them by module path)."""
