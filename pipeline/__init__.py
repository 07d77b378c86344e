"""Custom Rasa NLU pipeline components (config.yml refers to them by module path).

Rasa imports this package when it loads the model, in every process that serves it (rasa run,
rasa shell, the tests' servers): the place to apply our measured fixes to Rasa's message path.
``VAE_RASA_FIXES=off`` leaves Rasa as it is (the benchmark's stock reference; a way out should a
fix misbehave).
"""

import os

from pipeline import rasa_speedups

if os.environ.get("VAE_RASA_FIXES", "on").strip().lower() != "off":
    rasa_speedups.apply()
