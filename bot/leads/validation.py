"""Check and normalise what a visitor types: e-mail, French phone, SIRET, postal code, région.

Each function returns the normalised value, or None when the text is not valid.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.parsing.text import normalize

REGIONS_FILE = Path(__file__).with_name("regions.yaml")
REFERENCE_PREFIX = "VAE"
EMAIL_MAX = 254
EMAIL_LOCAL_MAX = 64

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_EMAIL = re.compile(
    rf"(?P<local>{_ATOM}(?:\.{_ATOM})*)@"
    r"(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
)
_PHONE_NOISE = re.compile(r"[\s.\-/()]")
_NINE_DIGITS = re.compile(r"[0-9]{9}")
# Overseas numbers: the three digits after the national 0 -> country code (E.164).
_OVERSEAS = {
    "590": "590", "690": "590", "691": "590",  # Guadeloupe
    "594": "594", "694": "594",  # Guyane
    "596": "596", "696": "596", "697": "596",  # Martinique
    "262": "262", "263": "262", "692": "262", "693": "262",  # La Réunion
    "269": "262", "639": "262",  # Mayotte
}
# Metropolitan numbers: 01-05 landlines, 06-07 mobiles, 09 internet boxes (08: service numbers).
_METROPOLITAN_FIRST_DIGITS = set("1234567") | {"9"}
LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE = "35600000000048"  # the one La Poste SIRET that follows the Luhn rule


NAME_MIN_LETTERS = 2


def normalize_person_name(text: str | None) -> str | None:
    """A person's name as typed (kept as typed: pages escape it), spaces collapsed; None when it
    cannot be a name: fewer than two letters, or mostly other signs (« 123 », « ?!?! », emoji)."""
    if not text:
        return None
    name = " ".join(text.split()).strip(" .!")
    letters = sum(char.isalpha() for char in name)
    signs = sum(not char.isspace() for char in name)
    if letters < NAME_MIN_LETTERS or letters * 2 < signs:
        return None
    return name


def normalize_email(text: str | None) -> str | None:
    """``" Jean.Dupont@Exemple.FR "`` → ``"Jean.Dupont@exemple.fr"`` (only the domain is lowercased)."""
    value = unicodedata.normalize("NFKC", text or "").strip().strip("<>").rstrip(".,;")
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:"):]
    match = _EMAIL.fullmatch(value)
    if not match or len(value) > EMAIL_MAX or len(match["local"]) > EMAIL_LOCAL_MAX:
        return None
    return f"{match['local']}@{match['domain'].lower()}"


def normalize_phone(text: str | None) -> str | None:
    """A French number in E.164: ``"06 98 76 54 32"``, ``"+33 (0)6 98 76 54 32"`` → ``"+33698765432"``.

    Overseas numbers get their own country code (``"0692 …"`` → ``"+262692…"``); foreign and
    special-rate (08) numbers are refused.
    """
    value = _PHONE_NOISE.sub("", unicodedata.normalize("NFKC", text or "").replace("(0)", ""))
    if value.startswith("00"):
        value = "+" + value[2:]
    if value.startswith("+"):
        return _international(value[1:])
    if len(value) == 10 and value.startswith("0"):
        return _national(value[1:])
    return None


def _international(digits: str) -> str | None:
    if digits.startswith("33"):
        national = digits[2:]
        return _national(national[1:] if len(national) == 10 and national.startswith("0") else national)
    for code in sorted(set(_OVERSEAS.values())):
        if digits.startswith(code):
            national = digits[len(code):]
            if _NINE_DIGITS.fullmatch(national) and _OVERSEAS.get(national[:3]) == code:
                return f"+{code}{national}"
    return None


def _national(national: str) -> str | None:
    """The nine digits after the national 0."""
    if not _NINE_DIGITS.fullmatch(national):
        return None
    if national[:3] in _OVERSEAS:
        return f"+{_OVERSEAS[national[:3]]}{national}"
    if national[0] in _METROPOLITAN_FIRST_DIGITS:
        return f"+33{national}"
    return None


def valid_siret(text: str | None) -> str | None:
    """The 14 digits of a valid SIRET (spaces allowed), or None.

    The key is Luhn's, except for La Poste's establishments (SIREN 356 000 000), whose digits add
    up to a multiple of 5; its head office follows Luhn like everyone else.
    """
    digits = re.sub(r"[\s.\-]", "", unicodedata.normalize("NFKC", text or ""))
    if not re.fullmatch(r"[0-9]{14}", digits) or not digits.strip("0"):
        return None
    if digits.startswith(LA_POSTE_SIREN) and digits != LA_POSTE_HEAD_OFFICE:
        valid = sum(int(digit) for digit in digits) % 5 == 0
    else:
        valid = _luhn(digits)
    return digits if valid else None


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalize_postal_code(text: str | None) -> str | None:
    """Five digits (``"75 001"`` → ``"75001"``); ``"2A004"``/``"2b200"`` are kept for Corsica, uppercased."""
    value = re.sub(r"\s", "", unicodedata.normalize("NFKC", text or "")).upper()
    if re.fullmatch(r"2[AB][0-9]{3}", value):
        return value
    if not re.fullmatch(r"[0-9]{5}", value) or value[:2] in {"00", "96", "99"}:
        return None
    return value


def region_of_postal_code(code: str | None) -> str | None:
    """The région of a postal code (``"69003"`` → ``"Auvergne-Rhône-Alpes"``), None outside the 18 régions."""
    value = normalize_postal_code(code)
    table = _regions()
    if value is None or value in table.not_in_a_region:
        return None
    if value[:2] in {"97", "98"}:
        department = value[:3]
    elif value[:2] == "20":
        department = "2B" if value >= table.corsica_2b_from else "2A"
    else:
        department = value[:2]
    return table.by_department.get(department)


def normalize_region(text: str | None) -> str | None:
    """The official name of a région typed loosely (``"ile de france"`` → ``"Île-de-France"``)."""
    key = _region_key(text or "")
    return _regions().by_key.get(key) if key else None


def region_names() -> list[str]:
    """The 18 régions' official names."""
    return sorted(set(_regions().by_department.values()))


def make_reference(number: int, year: int) -> str:
    """The reference a porteur quotes: ``make_reference(123, 2026)`` → ``"VAE-2026-000123"``."""
    if number < 1:
        raise ValueError("a reference number starts at 1")
    return f"{REFERENCE_PREFIX}-{year:04d}-{number:06d}"


@dataclass(frozen=True)
class _RegionTable:
    by_department: dict[str, str]
    by_key: dict[str, str]
    not_in_a_region: frozenset[str]
    corsica_2b_from: str


def _region_key(text: str) -> str:
    return re.sub(r"[^a-z]+", " ", normalize(text)).strip()


@lru_cache(maxsize=1)
def _regions() -> _RegionTable:
    data = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))
    by_department = {
        department: region for region, departments in data["regions"].items() for department in departments
    }
    return _RegionTable(
        by_department=by_department,
        by_key={_region_key(region): region for region in data["regions"]},
        not_in_a_region=frozenset(data["not_in_a_region"]),
        corsica_2b_from=data["corsica_2b_from"],
    )
