"""What the assistant knows and understands, and the loop that improves it (no Rasa import).

``entries/`` is the knowledge base (one file per topic, ``base.py`` reads and renders it);
``python -m bot.knowledge check`` checks it; ``suggest.py`` ranks entries for the fallback's
« Vouliez-vous parler de… ? » and reorders the ResponseSelector's choice; ``python -m
bot.knowledge review`` exports the messages the assistant did not understand or was unsure about,
for labelling, and ``add FILE`` adds the labelled ones to the training data, never one that
belongs to a held-out set.
"""
