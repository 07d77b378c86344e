"""Table tests of what a visitor types: e-mails, phones, SIRET, postal codes and régions."""

from __future__ import annotations

import pytest

from bot.leads.validation import (
    display_phone,
    make_reference,
    normalize_email,
    normalize_person_name,
    normalize_phone,
    normalize_postal_code,
    normalize_region,
    region_names,
    region_of_postal_code,
    valid_siret,
)
from stdnum.luhn import is_valid as _luhn  # the rule itself, to prove each La Poste case


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("marie.curie@exemple.fr", "marie.curie@exemple.fr"),
        ("  Marie.Curie@Exemple.FR ", "Marie.Curie@exemple.fr"),
        ("<jean+vae@sous.domaine.gouv.fr>", "jean+vae@sous.domaine.gouv.fr"),
        ("mailto:o'brien@exemple.com", "o'brien@exemple.com"),
        ("jean@exemple.fr.", "jean@exemple.fr"),
        ("jean_dupont-2@exemple-pro.fr", "jean_dupont-2@exemple-pro.fr"),
        ("jean@café.fr", "jean@café.fr"),
        ("Jean@CAFÉ.fr", "Jean@café.fr"),
        ("jean@xn--caf-dma.fr", "jean@café.fr"),
        ("marie curie@exemple.fr", None),
        ("marie@exemple", None),
        ("@exemple.fr", None),
        ("marie@@exemple.fr", None),
        ("marie..curie@exemple.fr", None),
        (".marie@exemple.fr", None),
        ("marie@-exemple.fr", None),
        ("marie@exemple.f", None),
        ("marié@exemple.fr", None),
        ("marie@exemple.fr\nBcc: x@y.fr", None),
        ("a" * 65 + "@exemple.fr", None),
        ("", None),
        (None, None),
    ],
)
def test_email(text: str | None, expected: str | None) -> None:
    assert normalize_email(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("+33 06 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("07 98 76 54 32", "+33798765432"),
        ("01 44 55 66 77", "+33144556677"),
        ("05 56 00 00 00", "+33556000000"),
        ("09 87 65 43 21", "+33987654321"),
        ("０６１２３４５６７８", "+33612345678"),
        ("0692 12 34 56", "+262692123456"),
        ("0262 12 34 56", "+262262123456"),
        ("+262 692 12 34 56", "+262692123456"),
        ("0690 12 34 56", "+590690123456"),
        ("0696 12 34 56", "+596696123456"),
        ("0694 12 34 56", "+594694123456"),
        ("0639 40 12 34", "+262639401234"),  # Mayotte (0639 12… is not an allocated range)
        ("08 00 12 34 56", None),
        ("00 12 34 56 78", None),
        ("06 12 34 56", None),
        ("06 12 34 56 78 9", None),
        ("+32 470 12 34 56", None),
        ("+262 612 34 56 78", None),
        ("06 12 34 56 7A", None),
        ("", None),
        (None, None),
    ],
)
def test_phone(text: str | None, expected: str | None) -> None:
    assert normalize_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("73282932000074", "73282932000074"),
        ("732 829 320 00074", "73282932000074"),
        ("732.829.320.00074", "73282932000074"),
        ("10000000010007", None),  # the SIRET's Luhn key is right, its SIREN's is not
        ("73282932000075", None),
        ("73282932000047", None),
        ("7328293200007", None),
        ("732829320000744", None),
        ("7328293200007A", None),
        ("00000000000000", None),
        ("35600000049837", "35600000049837"),
        ("356 000 000 00001", "35600000000001"),
        ("35600000049838", None),
        ("35600000000048", "35600000000048"),
        ("", None),
        (None, None),
    ],
    ids=lambda value: str(value),
)
def test_siret(text: str | None, expected: str | None) -> None:
    assert valid_siret(text) == expected


def test_la_poste_uses_its_own_rule_not_luhn() -> None:
    luhn_only, la_poste_only = "35600000000014", "35600000000001"
    assert _luhn(luhn_only) and sum(map(int, luhn_only)) % 5 != 0
    assert not _luhn(la_poste_only) and sum(map(int, la_poste_only)) % 5 == 0
    assert valid_siret(luhn_only) is None
    assert valid_siret(la_poste_only) == la_poste_only
    assert valid_siret("35600000000048") == "35600000000048"  # the head office: Luhn


@pytest.mark.parametrize(
    ("text", "code", "region"),
    [
        ("75001", "75001", "Île-de-France"),
        (" 69 003 ", "69003", "Auvergne-Rhône-Alpes"),
        ("13001", "13001", "Provence-Alpes-Côte d'Azur"),
        ("59000", "59000", "Hauts-de-France"),
        ("01000", "01000", "Auvergne-Rhône-Alpes"),
        ("35000", "35000", "Bretagne"),
        ("21000", "21000", "Bourgogne-Franche-Comté"),
        ("45000", "45000", "Centre-Val de Loire"),
        ("67000", "67000", "Grand Est"),
        ("14000", "14000", "Normandie"),
        ("33000", "33000", "Nouvelle-Aquitaine"),
        ("31000", "31000", "Occitanie"),
        ("44000", "44000", "Pays de la Loire"),
        ("20000", "20000", "Corse"),
        ("20200", "20200", "Corse"),
        ("2A004", "2A004", "Corse"),
        ("2b200", "2B200", "Corse"),
        ("97110", "97110", "Guadeloupe"),
        ("97200", "97200", "Martinique"),
        ("97300", "97300", "Guyane"),
        ("97400", "97400", "La Réunion"),
        ("97600", "97600", "Mayotte"),
        ("97133", "97133", None),
        ("97150", "97150", None),
        ("97500", "97500", None),
        ("98800", "98800", None),
        ("00100", None, None),
        ("96000", None, None),
        ("7500", None, None),
        ("750011", None, None),
        ("2C000", None, None),
        ("abcde", None, None),
        ("", None, None),
    ],
)
def test_postal_code_and_region(text: str, code: str | None, region: str | None) -> None:
    assert normalize_postal_code(text) == code
    assert region_of_postal_code(text) == region


def test_eighteen_regions_cover_every_metropolitan_department() -> None:
    assert len(region_names()) == 18
    departments = [f"{number:02d}" for number in range(1, 96) if number != 20] + ["2A", "2B"]
    for department in departments:
        assert region_of_postal_code(department + "100") is not None, department


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ile de france", "Île-de-France"), ("PROVENCE ALPES COTE D AZUR", "Provence-Alpes-Côte d'Azur"),
     ("la réunion", "La Réunion"), ("Atlantide", None), ("", None)],
)
def test_region_names(text: str, expected: str | None) -> None:
    assert normalize_region(text) == expected


def test_reference() -> None:
    assert make_reference(123, 2026) == "VAE-2026-000123"
    assert make_reference(1234567, 2027) == "VAE-2027-1234567"
    with pytest.raises(ValueError):
        make_reference(0, 2026)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Julie Martin", "Julie Martin"),
        ("  Jean-Pierre   O’Neil. ", "Jean-Pierre O’Neil"),
        ("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai"),
        ("<b>Marie</b> Curie", "<b>Marie</b> Curie"),  # stored as typed, escaped where shown
        ("Li", "Li"),
        ("123", None),
        ("?!?!", None),
        ("😀😀😀", None),
        ("J", None),
        ("06 12 34 56 78", None),
        ("", None),
        (None, None),
    ],
)
def test_person_name(text: str | None, expected: str | None) -> None:
    assert normalize_person_name(text) == expected


@pytest.mark.parametrize("stored, shown", [
    ("+33698765432", "06 98 76 54 32"),
    ("+262692123456", "0692 12 34 56"),  # La Réunion, dialled from there
    (None, ""),
    ("", ""),
    ("pas un numéro", "pas un numéro"),  # shown as stored rather than lost
])
def test_a_stored_phone_is_shown_as_dialled(stored: str | None, shown: str) -> None:
    assert display_phone(stored) == shown
