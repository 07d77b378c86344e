"""Every source the assistant cites links to the text itself, never to a site's home or search page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from bot.rules.legal_texts import legal_texts
from bot.rules.parameters import default_parameters

PARAMETERS = default_parameters()
REFERENCES = [
    (f"{name} {start}", reference.title, reference.href)
    for name in PARAMETERS.names()
    for start, reference in PARAMETERS.get(name).references
] + [(f"legal_texts.{key}", text.title, text.href) for key, text in legal_texts().items()]
OFFICIAL_HOSTS = {"www.legifrance.gouv.fr", "travail-emploi.gouv.fr", "www.service-public.fr"}


def is_a_text_itself(href: str) -> bool:
    """False for a site's root (``https://www.legifrance.gouv.fr/``) or a search page."""
    parts = urlsplit(href)
    if parts.scheme != "https" or parts.path.strip("/") == "":
        return False
    return not any(word in (parts.path + parts.query).lower() for word in ("search", "recherche"))


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://www.legifrance.gouv.fr/", False),
        ("https://travail-emploi.gouv.fr/", False),
        ("https://www.legifrance.gouv.fr/search/all?query=2023-408", False),
        ("https://www.service-public.fr/recherche?keyword=smic", False),
        ("http://www.legifrance.gouv.fr/jorf/id/JORFTEXT000047596683", False),
        ("https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000049478981", True),
    ],
)
def test_the_rule_itself(href: str, expected: bool) -> None:
    assert is_a_text_itself(href) is expected


@pytest.mark.parametrize(("where", "title", "href"), REFERENCES, ids=[r[0] for r in REFERENCES])
def test_each_reference_links_to_the_text_itself(where: str, title: str, href: str) -> None:
    assert is_a_text_itself(href), f"{where}: {href} is a home or search page"
    assert urlsplit(href).netloc in OFFICIAL_HOSTS, f"{where}: {href} is not an official site"
    assert title.strip()


def test_decree_2024_392_is_of_27_april_2024() -> None:
    """Correction 1: it was cited as « du 29 avril 2024 », with Légifrance's home page."""
    for name in ("aids.exceptional_aid_max", "aids.exceptional_aid_age_limit"):
        ended = PARAMETERS.get(name).references[-1][1]
        assert ended.title.startswith("Décret n° 2024-392 du 27 avril 2024 (JO du 28 avril 2024)")
        assert ended.href == "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000049478981"
    assert not any("29 avril 2024" in title for _, title, _ in REFERENCES)


def test_the_annual_amount_cites_the_decree_itself() -> None:
    """Correction 4: art. 2 of the décret says « montant annuel », not only the cahier des charges."""
    annual = PARAMETERS.get("financing.annual_cap")
    assert annual.references[0][1].title == "Décret n° 2023-408 du 26 mai 2023, article 2"
    assert not annual.uncertain
