"""The second opinion on every message: a linear model over the full labels, averaged with DIET's."""

from __future__ import annotations

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from pipeline.label_classifier import LabelClassifier
from pipeline.label_model import LabelModel, accent_free, combine, decide, nlu_distribution

EXAMPLES = {
    "ask_financing": ["qui paie la formation ?", "qui finance le parcours", "c'est pris en charge par qui ?",
                      "qui règle les frais de formation ?"],
    "faq/funding_tutor": ["le tuteur est-il payé ?", "la fonction tutorale est-elle financée ?",
                          "on indemnise le tuteur ?", "le tuteur touche une prime ?"],
    "faq/candidate_part_time": ["peut-on le faire à temps partiel ?", "un mi-temps est possible ?",
                                "contrat à temps partiel accepté ?", "pas à plein temps, ça passe ?"],
    "greet": ["bonjour", "salut", "bonsoir", "coucou"],
}


def training_pairs() -> tuple[list[str], list[str]]:
    texts = [text for examples in EXAMPLES.values() for text in examples]
    labels = [label for label, examples in EXAMPLES.items() for _ in examples]
    return texts, labels


@pytest.fixture(scope="module")
def model() -> LabelModel:
    return LabelModel.fit(*training_pairs())


def test_accents_and_case_are_ignored() -> None:
    assert accent_free("Qui PAIE les frais ? Étape") == "qui paie les frais ? etape"


@pytest.mark.parametrize("text, label", [
    ("c ki ki paie la formation", "ask_financing"),
    ("TUTEUR PAYE ?", "faq/funding_tutor"),
    ("a mi temps c possible", "faq/candidate_part_time"),
    ("bonjour !", "greet"),
])
def test_other_wordings_find_their_label(model: LabelModel, text: str, label: str) -> None:
    shares = model.probabilities(text)
    assert max(shares, key=shares.get) == label
    assert sum(shares.values()) == pytest.approx(1.0)


def test_the_selector_shares_out_the_retrieval_intent() -> None:
    labels = nlu_distribution(
        [{"name": "faq", "confidence": 0.8}, {"name": "ask_financing", "confidence": 0.2}],
        [{"intent_response_key": "faq/a", "confidence": 0.75}, {"intent_response_key": "faq/b", "confidence": 0.25}],
        "faq",
    )
    assert labels == pytest.approx({"ask_financing": 0.2, "faq/a": 0.6, "faq/b": 0.2})


def test_entries_are_summed_into_their_intent_and_ranked_within_it() -> None:
    decision = decide(combine({"faq/a": 0.3, "faq/b": 0.3, "ask_financing": 0.4},
                              {"faq/a": 0.5, "ask_financing": 0.5}, 0.5))
    assert decision.intent_ranking[0] == ("faq", pytest.approx(0.55))
    assert decision.intent_ranking[1] == ("ask_financing", pytest.approx(0.45))
    assert [key for key, _ in decision.entry_rankings["faq"]] == ["faq/a", "faq/b"]
    assert sum(share for _, share in decision.entry_rankings["faq"]) == pytest.approx(1.0)


def rasa_training_data() -> TrainingData:
    messages = []
    for label, examples in EXAMPLES.items():
        for text in examples:
            data = {TEXT: text, INTENT: label.split("/")[0]}
            if "/" in label:
                data[INTENT_RESPONSE_KEY] = label
            messages.append(Message(data=data))
    return TrainingData(messages)


def test_the_component_trains_persists_and_overrules_a_wrong_diet(tmp_path) -> None:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("label_classifier")
    LabelClassifier.create({}, storage, resource, None).train(rasa_training_data())
    loaded = LabelClassifier.load({}, storage, resource, None)
    # DIET and the selector lean, weakly, to the wrong entry; the words say « temps partiel ».
    message = Message(data={TEXT: "temps partiel possible ?"})
    message.set(INTENT, {"name": "faq", "confidence": 0.5}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": "faq", "confidence": 0.5}, {"name": "greet", "confidence": 0.5}],
                add_to_output=True)
    message.set("response_selector", {"faq": {
        "response": {"intent_response_key": "faq/funding_tutor", "confidence": 0.55, "responses": []},
        "ranking": [{"intent_response_key": "faq/funding_tutor", "confidence": 0.55},
                    {"intent_response_key": "faq/candidate_part_time", "confidence": 0.45}],
    }}, add_to_output=True)
    [processed] = loaded.process([message])
    assert processed.get(INTENT)["name"] == "faq"
    selected = processed.get("response_selector")["faq"]
    assert selected["response"]["intent_response_key"] == "faq/candidate_part_time"
    assert selected["ranking"][0]["intent_response_key"] == "faq/candidate_part_time"
    assert [item["name"] for item in processed.get(INTENT_RANKING_KEY)][0] == "faq"


def test_a_button_payload_keeps_its_intent(tmp_path) -> None:
    classifier = LabelClassifier.create({}, LocalModelStorage(tmp_path), Resource("x"), None)
    classifier.train(rasa_training_data())
    message = Message(data={TEXT: "/greet", INTENT: {"name": "greet", "confidence": 1.0}})
    [processed] = classifier.process([message])
    assert processed.get(INTENT) == {"name": "greet", "confidence": 1.0}
