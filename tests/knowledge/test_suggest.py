"""« Vouliez-vous parler de… ? »: the closest topics from NLU's ranking and from BM25 over the
training examples, on the project's real training data."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import SOMETHING_ELSE, ActionAskWhichTopic, ActionOfferPerson
from bot.dashboard.topics import TOPIC_LABELS
from bot.knowledge.suggest import TopicIndex, closest_topics, default_index

EXAMPLES = [
    ("ask_financing", "qui paie la formation ?"), ("ask_financing", "combien prend en charge l'OPCO ?"),
    ("ask_duration", "combien de temps dure le parcours ?"), ("ask_steps", "quelles sont les étapes ?"),
    ("greet", "bonjour"),  # not a topic: never suggested
]


@pytest.fixture(scope="module")
def index() -> TopicIndex:
    return TopicIndex.build(EXAMPLES, {"ask_financing", "ask_duration", "ask_steps"})


def test_words_shared_with_a_topics_examples_bring_it_first(index: TopicIndex) -> None:
    topics = {"ask_financing", "ask_duration", "ask_steps"}
    assert closest_topics("c'est l'opco qui paie ?", {"ask_steps": 0.3}, topics, index)[0] == "ask_financing"
    assert closest_topics("ca dure combien de temps", {}, topics, index)[0] == "ask_duration"  # accents ignored


def test_without_a_shared_word_nlu_ranks_and_non_topics_are_left_out(index: TopicIndex) -> None:
    topics = {"ask_financing", "ask_duration", "ask_steps"}
    ranking = {"greet": 0.5, "ask_steps": 0.3, "ask_duration": 0.2}
    assert closest_topics("fjdkslq zzpprt", ranking, topics, index) == ["ask_steps", "ask_duration"]
    assert closest_topics("", {}, topics, index) == []


def test_at_most_three_on_the_real_training_data() -> None:
    suggested = closest_topics("le tuteur, il est payé par qui ?", {"ask_roles": 0.35, "ask_financing": 0.3},
                               TOPIC_LABELS, default_index(frozenset(TOPIC_LABELS)))
    assert 1 <= len(suggested) <= 3 and set(suggested) <= set(TOPIC_LABELS)
    assert "ask_financing" in suggested


def run(action, text: str, ranking: list[dict]) -> list[dict]:
    message = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.4}, "intent_ranking": ranking}
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, Tracker("v", {}, message, [], False, None, {}, "action_listen"), {}))
    return dispatcher.messages, events


def test_the_question_offers_the_closest_topics_in_french_and_something_else() -> None:
    messages, events = run(ActionAskWhichTopic(), "c'est l'opco qui raque pour la formation ?",
                           [{"name": "ask_opco", "confidence": 0.38}, {"name": "ask_financing", "confidence": 0.31}])
    [message] = messages
    assert message["response"] == "utter_ask_which_topic" and events == []
    buttons = message["buttons"]
    assert buttons[-1] == SOMETHING_ELSE and 2 <= len(buttons) <= 4
    # An intent with a knowledge-base entry is offered with the entry's question.
    assert {"title": "Comment est-ce financé\u00a0?", "payload": "/ask_financing"} in buttons


def test_a_second_miss_offers_a_person() -> None:
    messages, events = run(ActionOfferPerson(), "fjdkslq", [])
    assert [message["response"] for message in messages] == ["utter_fallback_contact"]
    assert events == [{"event": "rewind", "timestamp": None}]
