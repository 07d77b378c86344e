"""Which porteur de projet receives a lead: by région and/or sector keywords (``porteurs.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.leads.config import settings
from bot.leads.validation import normalize_region
from bot.parsing.text import normalize

DEFAULT_CODE = "default"
DEFAULT_NAME = "Porteur de projet"
_KEYS = {"code", "name", "email", "regions", "keywords"}


class PorteursError(ValueError):
    """``porteurs.yaml`` is malformed: unknown key, duplicate code, unknown région…"""


@dataclass(frozen=True)
class Porteur:
    """A porteur de projet and the leads it wants (no criteria: the default porteur)."""

    code: str
    name: str
    email: str = ""
    regions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def matches(self, region: str | None, sector_text: str) -> bool:
        """True when every criterion listed matches (a porteur without criteria never does)."""
        if not (self.regions or self.keywords):
            return False
        region_ok = not self.regions or (region is not None and region in self.regions)
        keyword_ok = not self.keywords or any(_contains_word(sector_text, word) for word in self.keywords)
        return region_ok and keyword_ok


@dataclass(frozen=True)
class PorteurDirectory:
    """The porteurs of one file, in its order, with the default one."""

    porteurs: tuple[Porteur, ...]
    default: Porteur

    def route(self, region: str | None, sector_text: str | None) -> Porteur:
        """The most specific match (both criteria beat one), then the first in the file; else the default."""
        official = normalize_region(region)
        text = normalize(sector_text or "")
        matches = [porteur for porteur in self.porteurs if porteur.matches(official, text)]
        if not matches:
            return self.default
        return max(matches, key=lambda porteur: bool(porteur.regions) + bool(porteur.keywords))

    def get(self, code: str | None) -> Porteur:
        """The porteur with this code; the default one when the code left the file."""
        return next((porteur for porteur in self.porteurs if porteur.code == code), self.default)


def route(region: str | None, sector_text: str | None, directory: PorteurDirectory | None = None) -> Porteur:
    """The porteur for a lead from ``region`` working in ``sector_text`` (``PORTEURS_FILE`` by default)."""
    return (directory or load_porteurs()).route(region, sector_text)


def load_porteurs(path: Path | None = None, *, default_email: str | None = None) -> PorteurDirectory:
    """Read ``path`` (``PORTEURS_FILE``); re-read only when the file changes.

    ``default_email`` (``LEAD_MAIL_TO`` by default) fills the default porteur's empty address.

    Raises:
        PorteursError: if the file is malformed.
    """
    config = settings()
    path = path or config.porteurs_file
    email = config.mail_to if default_email is None else default_email
    return _load(path, path.stat().st_mtime_ns, email)


@lru_cache(maxsize=8)
def _load(path: Path, _mtime_ns: int, default_email: str) -> PorteurDirectory:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("porteurs") or []
    if not isinstance(entries, list):
        raise PorteursError(f"{path}: 'porteurs' must be a list")
    porteurs = [_porteur(entry, path) for entry in entries]
    codes = [porteur.code for porteur in porteurs]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise PorteursError(f"{path}: duplicate codes {duplicates}")
    default = next((porteur for porteur in porteurs if porteur.code == DEFAULT_CODE), None)
    default = default or Porteur(DEFAULT_CODE, DEFAULT_NAME)
    if default.regions or default.keywords:
        raise PorteursError(f"{path}: the default porteur takes no criteria")
    if not default.email and default_email:
        default = Porteur(default.code, default.name, default_email)
    others = tuple(porteur for porteur in porteurs if porteur.code != DEFAULT_CODE)
    for porteur in others:
        if not (porteur.regions or porteur.keywords):
            raise PorteursError(f"{path}: porteur {porteur.code!r} needs regions or keywords")
    return PorteurDirectory(others + (default,), default)


def _porteur(entry: object, path: Path) -> Porteur:
    if not isinstance(entry, dict) or not entry.get("code"):
        raise PorteursError(f"{path}: each porteur needs a code")
    unknown = set(entry) - _KEYS
    if unknown:
        raise PorteursError(f"{path}: porteur {entry['code']!r}: unknown keys {sorted(unknown)}")
    regions = []
    for name in entry.get("regions") or []:
        official = normalize_region(str(name))
        if official is None:
            raise PorteursError(f"{path}: porteur {entry['code']!r}: unknown région {name!r}")
        regions.append(official)
    keywords = tuple(normalize(str(word)) for word in entry.get("keywords") or [] if str(word).strip())
    return Porteur(
        code=str(entry["code"]),
        name=str(entry.get("name") or entry["code"]),
        email=str(entry.get("email") or ""),
        regions=tuple(regions),
        keywords=keywords,
    )


def _contains_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(word)}", text) is not None
