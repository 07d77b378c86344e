"""Live takeover (issue 17): a person of the porteur's team answers a visitor in the conversation.

``hours`` says when the team answers live, ``queue`` keeps who waits and who took what (leads
database), ``messages`` holds the visitor's French texts, ``client`` lets the dashboard drive the
Rasa server's live channel, ``settings`` reads the environment. Nothing here imports Rasa.
"""
