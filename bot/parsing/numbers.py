"""French numbers in digits or in words: « 45 », « quarante-cinq », « quatre vingt », « deux mille »."""

from __future__ import annotations

import re

from text_to_num import text2num

from bot.parsing.text import normalize

_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16,
}
_TENS = {
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
}
_HUNDREDS = ("cent", "cents")
_THOUSANDS = ("mille",)
_TYPOS = {
    "vint": "vingt", "vingts": "vingt", "trante": "trente", "quarente": "quarante",
    "carante": "quarante", "cinqante": "cinquante", "cinquente": "cinquante",
    "soixente": "soixante", "soissante": "soixante", "catorze": "quatorze", "seze": "seize",
}
_TYPO = re.compile(rf"\b(?:{'|'.join(_TYPOS)})\b")
_WORDS = sorted([*_UNITS, *_TENS, *_HUNDREDS, *_THOUSANDS, *_TYPOS], key=len, reverse=True)
_WORD = rf"(?:{'|'.join(_WORDS)})"

# A number in digits ("45", "1 200") or a run of number words joined by spaces or hyphens;
# "et" joins only before "un", "une", "onze" (vingt et un, soixante et onze). A number has at
# most twelve words (neuf cent quatre-vingt-dix-neuf mille neuf cents): the bound keeps long
# messages linear.
NUMBER = (
    r"(?:(?<![\d.,])(?:\d{1,3}(?: \d{3})+(?!\d)|\d+)"
    rf"|\b{_WORD}(?:(?:[ -]|[ -]et[ -](?=(?:un|une|onze)\b)){_WORD}){{0,11}}\b)"
)
_NUMBER = re.compile(NUMBER)


def parse_french_number(words: str) -> int | None:
    """The value of a whole string that is one number: ``"quatre-vingt-dix-neuf"`` → ``99``.

    Digits of any size; words as text2num reads them (« deux mille vingt-six », « douze cents »),
    or loosely typed below a thousand (« dix huit », « quatre vingt », « vint-cinq »), Belgian and
    Swiss tens included. Anything else → ``None``.
    """
    text = normalize(words)
    if re.fullmatch(r"\d{1,3}(?: \d{3})+|\d+", text):
        return int(text.replace(" ", ""))
    text = _TYPO.sub(lambda match: _TYPOS[match.group()], text)
    tokens = [token for token in re.split(r"[ -]+", text) if token]
    if not tokens or "et" in (tokens[0], tokens[-1]):  # text2num would read « et un » as 1
        return None
    value = _text2num(text)
    return value if value is not None else _loose_below_thousand(tokens)


def find_numbers(text: str) -> list[int]:
    """Every number in ``text``, in order: ``"une equipe de 12 personnes"`` → ``[1, 12]``.

    A run of words that is not one valid number (« deux trois ») is skipped.
    """
    values = (parse_french_number(match.group()) for match in _NUMBER.finditer(normalize(text)))
    return [value for value in values if value is not None]


def _text2num(words: str) -> int | None:
    """text2num's reading of well-formed French, thousands included; ``None`` where it refuses."""
    try:
        return int(text2num(words, "fr"))
    except ValueError:
        return None


# Hand-written on purpose: no kept library reads the compounds people type without hyphens
# (« dix huit », « quatre vingt », « vingt un »), unaccented « zero » or typos: text2num refuses them.
def _loose_below_thousand(tokens: list[str]) -> int | None:
    return _below_thousand([token for token in tokens if token != "et"])


def _below_thousand(tokens: list[str]) -> int | None:
    hundreds = [index for index, token in enumerate(tokens) if token in _HUNDREDS]
    if not hundreds:
        return _below_hundred(tokens)
    if len(hundreds) > 1:
        return None
    split = hundreds[0]
    multiplier = _below_twenty(tokens[:split]) if split else 1
    rest = _below_hundred(tokens[split + 1:]) if split + 1 < len(tokens) else 0
    if multiplier is None or not 1 <= multiplier <= 9 or rest is None:
        return None
    return multiplier * 100 + rest


def _below_hundred(tokens: list[str]) -> int | None:
    if tokens[:2] == ["quatre", "vingt"]:
        tens, rest = 80, tokens[2:]
    elif tokens and tokens[0] in _TENS:
        tens, rest = _TENS[tokens[0]], tokens[1:]
    else:
        return _below_twenty(tokens)
    units = _below_twenty(rest) if rest else 0
    limit = 20 if tens in (60, 80) else 10
    if units is None or units >= limit or (rest and units == 0):
        return None
    return tens + units


def _below_twenty(tokens: list[str]) -> int | None:
    if len(tokens) == 1:
        return _UNITS.get(tokens[0])
    if len(tokens) == 2 and tokens[0] == "dix" and tokens[1] in ("sept", "huit", "neuf"):
        return 10 + _UNITS[tokens[1]]
    return None
