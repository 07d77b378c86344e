"""``normalize``: one ASCII, lowercase, single-spaced form for every way of typing French."""

from __future__ import annotations

import pytest

from bot.parsing.text import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("J'ai 45 ans", "j'ai 45 ans"),
        ("J’ai 45 ans", "j'ai 45 ans"),
        ("J‘ai 45 ans", "j'ai 45 ans"),
        ("Jʼai 45 ans", "j'ai 45 ans"),
        ("j`ai 45 ans", "j'ai 45 ans"),
        ("Âgée de 23 ans", "agee de 23 ans"),
        ("DEMANDEUR D’EMPLOI", "demandeur d'emploi"),
        ("quarante–cinq", "quarante-cinq"),
        ("quarante—cinq", "quarante-cinq"),
        ("quatre‑vingt‑dix", "quatre-vingt-dix"),
        ("  bac   pro  ", "bac pro"),
        ("bac\u00a0+\u202f2", "bac + 2"),
        ("ligne 1\nligne 2\tfin", "ligne 1 ligne 2 fin"),
        ("Œuvre d'art, cœur", "oeuvre d'art, coeur"),
        ("Dès que possible, à la rentrée", "des que possible, a la rentree"),
        ("français ÇA où août", "francais ca ou aout"),
        ("idcc nº 1486", "idcc no 1486"),
        ("", ""),
        ("   ", ""),
        ("deja normalise", "deja normalise"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw", ["J’ai  45 ANS — Âgée", "Dès que possible", "bac\u00a0+\u00a02"])
def test_normalize_is_idempotent(raw: str) -> None:
    assert normalize(normalize(raw)) == normalize(raw)
