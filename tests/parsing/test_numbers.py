"""French numbers in digits and in words, alone or found inside a message."""

from __future__ import annotations

import pytest

from bot.parsing.numbers import find_numbers, parse_french_number


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("45", 45),
        (" 2026 ", 2026),
        ("1 200", 1200),
        ("zéro", 0),
        ("un", 1),
        ("une", 1),
        ("Dix-sept", 17),
        ("dix huit", 18),
        ("vingt", 20),
        ("vingt et un", 21),
        ("vingt-et-un", 21),
        ("vingt un", 21),
        ("quarante-cinq", 45),
        ("quarante cinq", 45),
        ("soixante-dix", 70),
        ("soixante et onze", 71),
        ("soixante-dix-neuf", 79),
        ("quatre vingt", 80),
        ("quatre-vingts", 80),
        ("quatre-vingt-un", 81),
        ("quatre-vingt-dix-neuf", 99),
        ("QUATRE–VINGT–DOUZE", 92),
        ("septante-cinq", 75),
        ("nonante", 90),
        ("quarente deux", 42),
        ("vint-cinq", 25),
        ("cent", 100),
        ("deux cents", 200),
        ("cent vingt", 120),
        # thousands, read by text2num
        ("mille", 1000),
        ("deux mille", 2000),
        ("mille deux cents", 1200),
        ("deux mille vingt-six", 2026),
        ("deux mille vingt six", 2026),
        ("douze cents", 1200),
        ("cinq cent mille", 500000),
        # not one number
        ("", None),
        ("et", None),
        ("deux trois", None),
        ("vingt dix", None),
        ("soixante vingt", None),
        ("et un", None),
        ("vingt et", None),
        ("45 ans", None),
        ("mille mille", None),
        ("et une", None),
        ("beaucoup", None),
        ("4,5", None),
    ],
)
def test_parse_french_number(words: str, expected: int | None) -> None:
    assert parse_french_number(words) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("j'ai 45 ans", [45]),
        ("quarante-cinq ans", [45]),
        ("J’ai quarante-cinq ans et 2 enfants", [45, 2]),
        ("une equipe de 12 personnes", [1, 12]),
        ("vingt et un ans", [21]),
        ("2 ans et 6 mois", [2, 6]),
        ("entre douze et dix-huit mois", [12, 18]),
        ("80 salaries, IDCC 3248", [80, 3248]),
        ("quatre-vingts employes", [80]),
        ("45ans", [45]),
        ("nous sommes 1 200", [1200]),
        ("deux mille salariés et mille euros", [2000, 1000]),
        ("deux trois", []),
        ("septembre", []),
        ("aucun chiffre ici", []),
        ("", []),
    ],
)
def test_find_numbers(text: str, expected: list[int]) -> None:
    assert find_numbers(text) == expected
