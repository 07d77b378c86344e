"""What a visitor types in the contact form: profile, name, e-mail or phone, company and SIRET,
postal code, message. Read from free text; checked and normalised by ``bot.leads.validation``.

No Rasa here: ``actions/leads.py`` calls these functions and turns their results into slots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from phonenumbers import Leniency, PhoneNumberMatcher

from bot.leads.models import NAME_MAX  # the column's width
from bot.leads.validation import (
    normalize_email,
    normalize_person_name,
    normalize_phone,
    normalize_postal_code,
    valid_siret,
)
from bot.parsing.text import normalize

_PROFILES = (
    ("recruteur", r"\b(recrut\w*|conseill\w*|cabinet|france travail|pole emploi|mission locale|job ?coach)\b"),
    ("employeur", r"\b(employeur|entreprise|societe|dirigeant|patron|drh|rh|gerant|association|pme|tpe)\b"),
    ("candidat", r"\b(candidat\w*|salarie\w*|demandeur|chomage|etudiant\w*|moi|particulier)\b"),
)
# email-validator checks one address but finds none in a sentence: this finds the candidates
# (\w is Unicode, so « jean@café.fr » is one), and normalize_email decides.
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# phonenumbers' matcher drops a whole run that starts with a slash date (« le 03/09/2026
# 06 98 76 54 32 ») or an ISO date: such dates are blanked first. Dotted and dashed dates need
# their four-digit year, so that « 06.98.76.54.32 » stays a phone number.
_DATE = re.compile(
    r"(?<![\d/])\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?(?![\d/])"
    r"|(?<![\d.-])(?:\d{1,2}[.-]\d{1,2}[.-]\d{4}|\d{4}-\d{1,2}-\d{1,2})(?![\d.-])"
)
# A SIRET as typed: 14 digits, grouped by spaces or dots (« 732 829 320 00074 », « 732.829.320.00074 »).
_SIRET = re.compile(r"(?<![\d.])\d(?:[ .\u00a0]?\d){13}(?![\d])")
_SIRET_WORD = re.compile(r"(?i)\bsiret\b\s*:?")
_POSTAL = re.compile(r"\b(\d{5}|2[ab]\d{3})\b", re.IGNORECASE)
_NAME_INTRO = re.compile(
    r"^\s*(je m['’ ]?appelle|mon nom est|mon nom c['’]est|moi c['’]est|je suis|c['’]est)\s+", re.IGNORECASE
)
_NO_MESSAGE = re.compile(r"^\s*(non|non merci|rien|pas de message|aucun|no|nope|ras)\s*[.!]*\s*$", re.IGNORECASE)


def parse_profile(text: str) -> str | None:
    """« je suis employeur » → ``employeur``; ``candidat``, ``employeur`` or ``recruteur``."""
    folded = normalize(text)
    return next((code for code, pattern in _PROFILES if re.search(pattern, folded)), None)


def parse_contact(text: str) -> dict[str, str]:
    """The e-mail and/or French phone number written in ``text``: the phone in E.164.

    « marie@café.fr ou +33 (0)6 98 76 54 32 » → ``{"email": "marie@café.fr", "phone": "+33698765432"}``.
    """
    found: dict[str, str] = {}
    email = next(filter(None, (normalize_email(match.group()) for match in _EMAIL.finditer(text))), None)
    if email:
        found["email"] = email
    phone = find_phone(_EMAIL.sub(" ", text))
    if phone:
        found["phone"] = phone
    return found


def find_phone(text: str) -> str | None:
    """The first French number in ``text``, in E.164, whatever else the message says."""
    text = _DATE.sub(lambda match: " " * len(match.group()), text)
    # POSSIBLE, not VALID: an overseas number typed with its « 0 » (« 0692 … ») is not valid for
    # France; normalize_phone tries the overseas plans and refuses foreign and 08 numbers.
    for match in PhoneNumberMatcher(text, "FR", leniency=Leniency.POSSIBLE):
        phone = normalize_phone(match.raw_string)
        if phone:
            return phone
    return None


def parse_contact_name(text: str) -> str | None:
    """« je m'appelle Julie Martin » → ``"Julie Martin"``; None when no name is left."""
    name = normalize_person_name(_NAME_INTRO.sub("", text))
    return name[:NAME_MAX] if name else None


@dataclass(frozen=True)
class CompanyAnswer:
    """The company's name and SIRET as typed; ``siret_refused`` when a SIRET was typed but is invalid."""

    name: str | None
    siret: str | None = None
    siret_refused: bool = False


def parse_company(text: str) -> CompanyAnswer:
    """« Durand SAS, SIRET 732.829.320.00074 » → name ``Durand SAS``, SIRET ``73282932000074``."""
    match = _SIRET.search(text)
    name, siret = text, None
    if match:
        name = text[: match.start()] + text[match.end():]
        siret = valid_siret(match.group())
    name = _SIRET_WORD.sub("", name.strip(" ,;-:")).strip(" ,;-:")
    return CompanyAnswer(name=name[:NAME_MAX] or None, siret=siret, siret_refused=bool(match) and siret is None)


def parse_postal_code(text: str) -> str | None:
    """The first postal code in ``text``: « 69003 Lyon » → ``69003``, « 2a004 » → ``2A004``."""
    match = _POSTAL.search(text)
    return normalize_postal_code(match.group()) if match else None


def parse_lead_message(text: str) -> str:
    """The message for the porteur, or ``""`` for « non », « rien », « pas de message »."""
    return "" if _NO_MESSAGE.match(text) else text
