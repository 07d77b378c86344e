"""Replace the contact details a visitor types by placeholders before a message is stored.

The detectors are kept libraries where one fits: Google's ``phonenumbers`` matcher for phone
numbers (any format, any country, « +33 (0)6 … » included), ``email-validator`` to trim an
address from the punctuation around it, ``python-stdnum`` for SIREN keys. SIRET and postal codes
have no matcher in those libraries: they are found by their shape (14 digits; 5 digits or
« 2A »/« 2B » and 3 digits, not followed by a unit such as « € » or « heures »).

Erring on the side of the visitor: anything shaped like an e-mail (« julie.martin@ ») or a
phone number that could exist is replaced, even when it is not a valid one.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.fr import siren

EMAIL = "[e-mail]"
PHONE = "[téléphone]"
SIRET = "[SIRET]"
SIREN = "[SIREN]"
POSTAL_CODE = "[code postal]"
PLACEHOLDERS = (EMAIL, PHONE, SIRET, SIREN, POSTAL_CODE)

PHONE_REGION = "FR"
# What the lead form collects once the visitor has agreed: kept in the slot events (the lead is
# built from them) until the conversation is erased or purged.
CONSENTED_SLOTS = frozenset({
    "contact_name", "contact", "email", "phone", "company", "siret", "postal_code", "lead_message",
})

_AT_TOKEN = re.compile(r"[^\s<>()\[\]{},;:\"«»]*@[^\s<>()\[\]{},;:\"«»]*")
_TRAILING = ".,;:!?)»'’"
_SIRET = re.compile(r"(?<![\d.])\d{3}[ .\u00a0]?\d{3}[ .\u00a0]?\d{3}[ .\u00a0]?\d{5}(?![\d])")
_NINE_DIGITS = re.compile(r"(?<![\d.,])\d{3}[ .\u00a0]?\d{3}[ .\u00a0]?\d{3}(?![\d,])")
_UNIT = r"\s?(?:€|euros?\b|eur\b|k€|h\b|heures?\b|salari|personnes|ans\b|mois\b|jours\b|%|m2|m²)"
_POSTAL = re.compile(rf"(?<![\d.,])(?:\d{{5}}|2[abAB]\d{{3}})(?![\d,.]\d|\d)(?!{_UNIT})", re.IGNORECASE)
_FORBIDDEN_POSTAL_PREFIXES = {"00", "96", "99"}


def redact_text(text: str) -> str:
    """``text`` with every e-mail, phone number, SIRET, SIREN and postal code replaced by a placeholder."""
    if not text:
        return text
    if "@" in text:
        text = _replace_spans(text, _emails(text), EMAIL)
    if sum(char.isdigit() for char in text) < 4:  # nothing below can match: the common case stays cheap
        return text
    text = _SIRET.sub(SIRET, text)
    text = _NINE_DIGITS.sub(lambda match: SIREN if siren.is_valid(_digits(match.group(0))) else match.group(0), text)
    text = _replace_spans(text, _phones(text), PHONE)
    return _POSTAL.sub(lambda match: match.group(0) if _not_postal(match.group(0)) else POSTAL_CODE, text)


def redact_event(data: dict[str, Any], *, consented: bool) -> dict[str, Any]:
    """A copy of one tracker event (Rasa's ``as_dict`` shape) with the visitor's contact details
    replaced; after consent, the lead form's own slots are kept as collected."""
    kind = data.get("event")
    if kind == "user":
        redacted = dict(data)
        redacted["text"] = _redact_value(data.get("text"))
        if isinstance(data.get("parse_data"), dict):
            parse_data = dict(data["parse_data"])
            parse_data["text"] = _redact_value(parse_data.get("text"))
            if isinstance(parse_data.get("entities"), list):
                parse_data["entities"] = [_redact_entity(entity) for entity in parse_data["entities"]]
            redacted["parse_data"] = parse_data
        if isinstance(data.get("metadata"), dict):
            redacted["metadata"] = _redact_nested(data["metadata"])
        return redacted
    if kind == "bot":
        return {**data, "text": _redact_value(data.get("text"))}
    if kind == "slot" and not (consented and data.get("name") in CONSENTED_SLOTS):
        return {**data, "value": _redact_nested(data.get("value"))}
    return data


def contains_personal_data(text: str) -> bool:
    """Whether :func:`redact_text` would change ``text``."""
    return redact_text(text) != text


def _emails(text: str) -> Iterator[tuple[int, int]]:
    for match in _AT_TOKEN.finditer(text):
        token = match.group(0)
        if token == "@":
            continue
        trimmed = token.rstrip(_TRAILING)
        try:
            validate_email(trimmed, check_deliverability=False)
            yield match.start(), match.start() + len(trimmed)
        except EmailNotValidError:
            yield match.start(), match.end()  # a mistyped address still names its owner


def _phones(text: str) -> Iterator[tuple[int, int]]:
    matcher = phonenumbers.PhoneNumberMatcher(text, PHONE_REGION, leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        yield match.start, match.end


def _replace_spans(text: str, spans: Iterator[tuple[int, int]], placeholder: str) -> str:
    pieces, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        pieces += [text[last:start], placeholder]
        last = end
    return "".join(pieces) + text[last:] if pieces else text


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _not_postal(code: str) -> bool:
    return code[:2] in _FORBIDDEN_POSTAL_PREFIXES


def _redact_value(value: Any) -> Any:
    return redact_text(value) if isinstance(value, str) else value


def _redact_entity(entity: Any) -> Any:
    if isinstance(entity, dict) and isinstance(entity.get("value"), str):
        return {**entity, "value": redact_text(entity["value"])}
    return entity


def _redact_nested(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {key: _redact_nested(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_nested(item) for item in value]
    return value

