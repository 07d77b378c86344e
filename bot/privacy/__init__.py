"""Personal data: redaction before storage, erasure, retention (no Rasa import).

Where personal data can live, and what removes it, is listed in README.md (« Données personnelles »).
"""

# The chat's « supprimer mes données »: the tracker store keeps nothing from before it.
ERASE_ACTION = "action_erase_my_data"
