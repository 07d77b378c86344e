"""What the assistant understands, and the loop that improves it (no Rasa import).

``python -m bot.knowledge review`` exports the messages the assistant did not understand or was
unsure about, for labelling; ``python -m bot.knowledge add FILE`` adds the labelled ones to the
training data, never one that belongs to a held-out set.
"""
