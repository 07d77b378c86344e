"""The likely OPCO: sure from a known IDCC, a guess to confirm from the sector."""

from __future__ import annotations

import pytest

from bot.rules.opco import likely_opco, normalise, opcos

DOMAIN_OPCOS = {
    "opco_2i": "OPCO 2i",
    "constructys": "Constructys",
    "opco_sante": "OPCO Santé",
    "akto": "AKTO",
    "opco_commerce": "OPCO Commerce (L'Opcommerce)",
    "opco_mobilites": "OPCO Mobilités",
    "opco_ep": "OPCO EP",
    "atlas": "Atlas",
    "ocapiat": "OCAPIAT",
    "uniformation": "Uniformation",
    "afdas": "AFDAS",
}


def test_the_eleven_opcos_of_the_domain_file() -> None:
    assert {code: opco.name for code, opco in opcos().items()} == DOMAIN_OPCOS
    assert all(opco.scope for opco in opcos().values())


@pytest.mark.parametrize(
    ("idcc", "opco"),
    [
        (3248, "opco_2i"), (44, "opco_2i"), (176, "opco_2i"), (292, "opco_2i"),
        (1596, "constructys"), (1597, "constructys"), (2609, "constructys"), (1702, "constructys"),
        (2264, "opco_sante"), (29, "opco_sante"), (413, "opco_sante"),
        (1979, "akto"), (1501, "akto"), (3043, "akto"), (1351, "akto"),
        (2216, "opco_commerce"),
        (16, "opco_mobilites"), (1090, "opco_mobilites"),
        (843, "opco_ep"), (2596, "opco_ep"),
        (1486, "atlas"), (2120, "atlas"), (1672, "atlas"),
        (2941, "uniformation"), (1518, "uniformation"),
        (2511, "afdas"),
    ],
)
def test_a_known_idcc_gives_the_opco_without_doubt(idcc: int, opco: str) -> None:
    guess = likely_opco(idcc=idcc)
    assert (guess.opco, guess.confidence, guess.to_confirm, guess.candidates) == (opco, "idcc", False, [opco])


@pytest.mark.parametrize("idcc", [9999, 1, 0, 573])
def test_an_unknown_idcc_is_never_guessed(idcc: int) -> None:
    guess = likely_opco(idcc=idcc)
    assert (guess.opco, guess.confidence, guess.to_confirm, guess.candidates) == (None, "unknown", True, [])


def test_the_idcc_wins_over_the_sector() -> None:
    guess = likely_opco(sector_text="coiffure", idcc=3248)
    assert (guess.opco, guess.confidence) == ("opco_2i", "idcc")


def test_an_unknown_idcc_falls_back_on_the_sector() -> None:
    guess = likely_opco(sector_text="banque", idcc=9999)
    assert (guess.opco, guess.confidence, guess.to_confirm) == ("atlas", "sector", True)


@pytest.mark.parametrize(
    ("sector_text", "opco", "candidates"),
    [
        ("métallurgie", "opco_2i", ["opco_2i"]),
        ("METALLURGIE", "opco_2i", ["opco_2i"]),
        ("Entreprise de la Métallurgie", "opco_2i", ["opco_2i"]),
        ("chimie", "opco_2i", ["opco_2i"]),
        ("plasturgie", "opco_2i", ["opco_2i"]),
        ("industrie pharmaceutique", "opco_2i", ["opco_2i"]),
        ("construction automobile", "opco_2i", ["opco_2i"]),
        ("BTP", "constructys", ["constructys"]),
        ("le bâtiment", "constructys", ["constructys"]),
        ("Travaux publics", "constructys", ["constructys"]),
        ("gros œuvre", "constructys", ["constructys"]),
        ("hôpital privé", "opco_sante", ["opco_sante"]),
        ("clinique", "opco_sante", ["opco_sante"]),
        ("Cliniques privées", "opco_sante", ["opco_sante"]),
        ("médico-social", "opco_sante", ["opco_sante"]),
        ("medico social", "opco_sante", ["opco_sante"]),
        ("intérim", "akto", ["akto"]),
        ("propreté", "akto", ["akto"]),
        ("sécurité privée", "akto", ["akto"]),
        ("hôtellerie", "akto", ["akto"]),
        ("restauration", "akto", ["akto"]),
        ("hôtels-restaurants", "akto", ["akto"]),
        ("commerce de gros", "akto", ["akto", "opco_commerce"]),
        ("commerce de gros alimentaire", "opco_commerce", ["opco_commerce", "akto"]),
        ("commerce de détail", "opco_commerce", ["opco_commerce"]),
        ("grande distribution", "opco_commerce", ["opco_commerce"]),
        ("commerce", "opco_commerce", ["opco_commerce", "akto", "opco_ep"]),
        ("commerce de proximité", "opco_ep", ["opco_ep"]),
        ("transport", "opco_mobilites", ["opco_mobilites"]),
        ("transports routiers", "opco_mobilites", ["opco_mobilites"]),
        ("logistique", "opco_mobilites", ["opco_mobilites", "akto"]),
        ("transport et logistique", "opco_mobilites", ["opco_mobilites", "akto"]),
        ("automobile", "opco_mobilites", ["opco_mobilites"]),
        ("garage automobile", "opco_mobilites", ["opco_mobilites"]),
        ("artisanat", "opco_ep", ["opco_ep"]),
        ("boulangerie", "opco_ep", ["opco_ep"]),
        ("coiffure", "opco_ep", ["opco_ep"]),
        ("professions libérales", "opco_ep", ["opco_ep"]),
        ("banque", "atlas", ["atlas"]),
        ("assurances", "atlas", ["atlas"]),
        ("conseil", "atlas", ["atlas"]),
        ("numérique", "atlas", ["atlas"]),
        ("informatique", "atlas", ["atlas"]),
        ("agriculture", "ocapiat", ["ocapiat"]),
        ("agroalimentaire", "ocapiat", ["ocapiat"]),
        ("industrie agroalimentaire", "ocapiat", ["ocapiat"]),
        ("pêche", "ocapiat", ["ocapiat"]),
        ("aide à domicile", "uniformation", ["uniformation", "akto"]),
        ("aide à domicile associative", "uniformation", ["uniformation", "akto"]),
        ("entreprise d'aide à domicile", "akto", ["akto", "uniformation"]),
        ("animation", "uniformation", ["uniformation"]),
        ("insertion", "uniformation", ["uniformation"]),
        ("ESS", "uniformation", ["uniformation"]),
        ("culture", "afdas", ["afdas"]),
        ("médias", "afdas", ["afdas"]),
        ("sport", "afdas", ["afdas"]),
        ("tourisme", "afdas", ["afdas"]),
    ],
)
def test_a_sector_gives_a_guess_to_confirm(sector_text: str, opco: str, candidates: list[str]) -> None:
    guess = likely_opco(sector_text=sector_text)
    assert (guess.opco, guess.confidence, guess.to_confirm) == (opco, "sector", True)
    assert guess.candidates == candidates


@pytest.mark.parametrize("sector_text", ["transport", "sport", "transports", "sports"])
def test_keywords_match_whole_words_only(sector_text: str) -> None:
    expected = "afdas" if sector_text.startswith("sport") else "opco_mobilites"
    assert likely_opco(sector_text=sector_text).candidates == [expected]


@pytest.mark.parametrize("sector_text", [None, "", "   ", "cuisine moléculaire", "essence", "xyz"])
def test_no_match_is_unknown(sector_text: str | None) -> None:
    guess = likely_opco(sector_text=sector_text)
    assert (guess.opco, guess.confidence, guess.to_confirm, guess.candidates) == (None, "unknown", True, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Médico-Social", "medico social"), ("  Gros Œuvre ", "gros oeuvre"), ("l'Hôpital", "l hopital")],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected
