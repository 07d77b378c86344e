"""Check and normalise what a visitor types: e-mail, French phone, SIRET, postal code, région.

Each function returns the normalised value, or None when the text is not valid.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import phonenumbers
import yaml
from email_validator import EmailNotValidError, validate_email
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType
from stdnum.exceptions import ValidationError
from stdnum.fr import siret as stdnum_siret

from bot.parsing.text import normalize

REGIONS_FILE = Path(__file__).with_name("regions.yaml")
REFERENCE_PREFIX = "VAE"
EMAIL_MAX = 254
EMAIL_LOCAL_MAX = 64

# Metropolitan France and the overseas départements, which share its national « 0 » prefix
# (« 0692 98 76 54 » is a Réunion mobile); Saint-Barthélemy and Saint-Martin share Guadeloupe's
# numbers. The overseas plans are tried after France's for a number typed with its « 0 ».
PHONE_REGIONS = ("FR", "RE", "YT", "GP", "MQ", "GF", "BL", "MF")
# Landlines, mobiles and box numbers (09); not the special-rate or free 08 numbers.
PHONE_TYPES = frozenset({
    PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.VOIP,
})


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
    """``" Jean.Dupont@Exemple.FR "`` → ``"Jean.Dupont@exemple.fr"`` (only the domain is lowercased).

    email-validator checks the syntax only (no DNS look-up) and accepts accented domains
    (``jean@café.fr``); an accented local part is refused, as many mail servers refuse it.
    """
    value = unicodedata.normalize("NFKC", text or "").strip().strip("<>").rstrip(".,;")
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:"):]
    try:
        email = validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return None
    # email-validator lets a 65-character local part and a one-letter top-level domain through.
    top_level = email.ascii_domain.rsplit(".", 1)[-1]
    if len(email.local_part) > EMAIL_LOCAL_MAX or len(email.normalized) > EMAIL_MAX or len(top_level) < 2:
        return None
    return email.normalized


def normalize_phone(text: str | None) -> str | None:
    """A French number in E.164: ``"06 98 76 54 32"``, ``"+33 (0)6 98 76 54 32"`` → ``"+33698765432"``.

    Overseas numbers get their own country code (``"0692 …"`` → ``"+262692…"``); foreign and
    special-rate (08) numbers are refused.
    """
    value = unicodedata.normalize("NFKC", text or "").strip()
    if not value or re.search(r"[^\d\s.\-/()+]", value):
        return None  # phonenumbers would drop the letters of « 06 98 76 54 3A »
    for region in PHONE_REGIONS:
        try:
            number = phonenumbers.parse(value, region)
        except NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            if phonenumbers.region_code_for_number(number) not in PHONE_REGIONS:
                return None  # a foreign number, +32…
            if phonenumbers.number_type(number) not in PHONE_TYPES:
                return None
            return phonenumbers.format_number(number, PhoneNumberFormat.E164)
        if value.startswith(("+", "00")):
            return None  # an international number is read the same whatever the region tried
    return None


def display_phone(stored: str | None) -> str:
    """A stored E.164 number as a person dials it: « 06 98 76 54 32 » in France, the national
    format of its territory overseas (« 0692 … »); what cannot be read is shown as stored."""
    if not stored:
        return ""
    try:
        number = phonenumbers.parse(stored, None)
    except NumberParseException:
        return stored
    if not phonenumbers.is_valid_number(number):
        return stored
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)


def valid_siret(text: str | None) -> str | None:
    """The 14 digits of a valid SIRET (spaces or dots allowed), or None.

    python-stdnum checks the SIRET's key and its SIREN's, and knows La Poste's establishments
    (SIREN 356 000 000), whose digits add up to a multiple of 5.
    """
    value = unicodedata.normalize("NFKC", text or "").replace("\u00a0", " ").replace("-", "")
    try:
        digits = stdnum_siret.validate(value)
    except ValidationError:
        return None
    return digits if digits.strip("0") else None


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
