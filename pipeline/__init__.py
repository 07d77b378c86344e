"""Custom Rasa NLU pipeline components (config.yml refers to them by module path).

Rasa imports this package when it loads the model, in every process that serves it (rasa run,
rasa shell, the tests' servers): the place to apply our measured fix to Rasa's message path.
"""

from pipeline import rasa_speedups

rasa_speedups.apply()
