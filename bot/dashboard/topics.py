"""French labels of the intents shown on the activity page (intent names from domain.yml)."""

from __future__ import annotations

# Questions and checks: what visitors come for. Small talk (greet, thank…) is left out of topics.
TOPIC_LABELS: dict[str, str] = {
    "ask_definition": "Définition de la VAE inversée",
    "ask_difference_classic_vae": "Différence avec la VAE classique",
    "ask_legal_framework": "Cadre légal",
    "ask_experiment_status": "Ouverture de l’expérimentation",
    "ask_steps": "Étapes du parcours",
    "ask_financing": "Financement",
    "ask_advantages_employer": "Avantages pour l’employeur",
    "ask_advantages_candidate": "Avantages pour le candidat",
    "ask_roles": "Rôle des acteurs",
    "ask_certifications": "Certifications visées",
    "ask_duration": "Durée",
    "ask_eligibility": "Conditions d’accès",
    "check_candidate_eligibility": "Vérification d’éligibilité (candidat)",
    "check_employer_funding": "Estimation du financement (employeur)",
    "qualify_candidate": "Qualification d’un candidat (recruteur)",
    "ask_opco": "OPCO compétent",
    "ask_salary": "Salaire minimum",
    "ask_hiring_aids": "Aides à l’embauche",
    "ask_capabilities": "Ce que sait faire l’assistant",
    "request_human": "Demande de mise en relation",
    "erase_data": "Effacement des données",
}

# Messages the assistant did not understand: the training data's to-do list.
NOT_UNDERSTOOD_INTENTS = ("nlu_fallback", "out_of_scope")

# Actions that give the result of a personalised check (actions/checks.py).
CHECK_ACTIONS = (
    "action_give_candidate_verdict",
    "action_give_employer_estimate",
    "action_give_recruiter_summary",
    "action_give_opco",
    "action_give_minimum_salary",
)


# The knowledge base's questions, and two questions in one message (« ask_definition+ask_financing »).
KNOWLEDGE_BASE_LABEL = "Question de la base de connaissances"


def topic_label(intent: str) -> str:
    """The French label of ``intent``; the intent's name itself when it has none."""
    if intent == "faq" or intent.startswith("faq/"):
        return KNOWLEDGE_BASE_LABEL
    if "+" in intent:
        return " + ".join(topic_label(part) for part in intent.split("+"))
    return TOPIC_LABELS.get(intent, intent)
