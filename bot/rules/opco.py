"""Which OPCO (opérateur de compétences) an employer most likely belongs to.

The exact OPCO follows the employer's IDCC (convention collective). A guess from the sector is
always to be confirmed, and split sectors list every candidate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

OPCO_FILE = Path(__file__).with_name("opco.yaml")

Confidence = Literal["idcc", "sector", "unknown"]


@dataclass(frozen=True)
class OpcoGuess:
    """The likely OPCO's code (``opco_2i``, ``akto``…), how it was found, and the alternatives."""

    opco: str | None
    confidence: Confidence
    to_confirm: bool
    candidates: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Opco:
    """One OPCO: its code, name and main scope, as in ``opco.yaml``."""

    code: str
    name: str
    scope: tuple[str, ...]


@dataclass(frozen=True)
class _SectorRule:
    opco: str
    patterns: tuple[re.Pattern[str], ...]
    candidates: tuple[str, ...]
    prefer: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    rule: _SectorRule

    @property
    def length(self) -> int:
        return self.end - self.start


def likely_opco(*, sector_text: str | None = None, idcc: int | None = None) -> OpcoGuess:
    """Guess the OPCO from the IDCC (sure) or else from a free-text sector (to confirm).

    An IDCC missing from the table is never guessed; the sector text, when given, is used instead.
    """
    data = _data()
    if idcc is not None and idcc in data.idcc:
        code = data.idcc[idcc]
        return OpcoGuess(code, "idcc", to_confirm=False, candidates=[code])
    if sector_text:
        guess = _from_sector(sector_text, data.sectors)
        if guess:
            return guess
    return OpcoGuess(None, "unknown", to_confirm=True, candidates=[])


def opcos() -> dict[str, Opco]:
    """The 11 OPCOs, keyed by code."""
    return dict(_data().opcos)


def normalise(text: str) -> str:
    """Lower case, no accents, ligatures spelled out, words separated by single spaces."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _from_sector(text: str, rules: tuple[_SectorRule, ...]) -> OpcoGuess | None:
    words = normalise(text)
    matches = [
        _Match(found.start(), found.end(), rule)
        for rule in rules
        for pattern in rule.patterns
        for found in pattern.finditer(words)
    ]
    # A keyword inside a longer one ("commerce" in "commerce de gros") does not count.
    kept = [m for m in matches if not any(_inside(m, other) for other in matches)]
    if not kept:
        return None
    kept.sort(key=lambda m: (-m.length, m.start))
    best = kept[0].rule
    main = next((code for code, word in best.prefer if word.search(words)), best.opco)
    candidates = [main, *best.candidates]
    for match in kept[1:]:
        candidates += [match.rule.opco, *match.rule.candidates]
    return OpcoGuess(main, "sector", to_confirm=True, candidates=list(dict.fromkeys(candidates)))


def _inside(match: _Match, other: _Match) -> bool:
    return other.length > match.length and other.start <= match.start and match.end <= other.end


def _word_pattern(word: str) -> re.Pattern[str]:
    """A whole word or phrase, with an optional plural ``s``/``x``."""
    return re.compile(rf"(?<![a-z0-9]){re.escape(normalise(word))}[sx]?(?![a-z0-9])")


@dataclass(frozen=True)
class _OpcoData:
    opcos: dict[str, Opco]
    sectors: tuple[_SectorRule, ...]
    idcc: dict[int, str]


@lru_cache(maxsize=1)
def _data() -> _OpcoData:
    with OPCO_FILE.open(encoding="utf-8") as stream:
        raw = yaml.safe_load(stream)
    known = {
        code: Opco(code, entry["name"], tuple(entry["scope"])) for code, entry in raw["opcos"].items()
    }
    sectors = tuple(
        _SectorRule(
            opco=rule["opco"],
            patterns=tuple(_word_pattern(word) for word in rule["keywords"]),
            candidates=tuple(rule.get("candidates") or (rule["opco"],)),
            prefer=tuple(
                (code, _word_pattern(word))
                for code, words in (rule.get("prefer") or {}).items()
                for word in words
            ),
        )
        for rule in raw["sectors"]
    )
    idcc = {int(number): entry["opco"] for number, entry in raw["idcc"].items()}
    used = {r.opco for r in sectors} | {c for r in sectors for c in r.candidates}
    used |= {code for r in sectors for code, _ in r.prefer} | set(idcc.values())
    if used - set(known):
        raise ValueError(f"{OPCO_FILE.name}: unknown OPCO codes {sorted(used - set(known))}")
    return _OpcoData(known, sectors, idcc)
