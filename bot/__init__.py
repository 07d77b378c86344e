"""The VAE inversée assistant's own code: rules, answers, formatting. Knows nothing of Rasa."""
