"""Custom Rasa NLU pipeline components (config.yml refers to them by module path)."""
