"""The real client behind a reverse proxy: ``X-Forwarded-For``/``-Proto`` are believed from a trusted peer only.

``TRUSTED_PROXIES`` lists IP addresses or CIDR networks, separated by commas and/or spaces
(« 127.0.0.1, 10.0.0.0/8 fd00::/8 »); an entry that is neither is logged and ignored. The
dashboard's login throttle and the chat channels' address limit (``channels/addresses.py``) both
read it here.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from typing import Mapping, Union

logger = logging.getLogger(__name__)
Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]


def parse_trusted_proxies(text: str) -> tuple[Network, ...]:
    """The networks of ``text``; an empty text trusts nobody; a bad entry is logged and ignored."""
    networks = []
    for entry in re.split(r"[\s,]+", text.strip()):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            logger.warning("TRUSTED_PROXIES: %r is neither an IP address nor a network, ignored.", entry)
    return tuple(networks)


def is_trusted(address: str | None, trusted: tuple[Network, ...]) -> bool:
    ip = ip_address(address or "")
    return ip is not None and _in(ip, trusted)


def client_address(peer: str | None, headers: Mapping[str, str], trusted: tuple[Network, ...]) -> str | None:
    """The client's address: the peer or, while the hop at hand is a trusted proxy, the address that
    proxy says it was talking to (``X-Forwarded-For`` read from the right: its left part is whatever
    the client chose to send). A peer that is not an IP (unix socket) is returned as it is."""
    current = ip_address(peer or "")
    if current is None:
        return peer
    hops = [hop for value in _all(headers, "X-Forwarded-For") for hop in value.split(",")]
    for hop in reversed(hops):
        if not _in(current, trusted):
            break
        previous = ip_address(hop)
        if previous is None:  # a garbled entry: keep the last address a trusted proxy vouched for
            break
        current = previous
    return str(current)


def forwarded_scheme(peer: str | None, headers: Mapping[str, str], trusted: tuple[Network, ...]) -> str | None:
    """``https`` or ``http`` as the trusted proxy received it (its first value), else None."""
    if not is_trusted(peer, trusted):
        return None
    value = headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return value if value in ("http", "https") else None


def ip_address(text: str) -> Address | None:
    """``text`` as an IP address (an IPv4 client seen through an IPv6 socket as IPv4), or None."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # an IPv4 client seen through an IPv6 socket
    return mapped or address


def _in(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in trusted)


def _all(headers: Mapping[str, str], name: str) -> list[str]:
    """Every value of a header that may be repeated (aiohttp's multidict), or its one value."""
    getall = getattr(headers, "getall", None)
    return list(getall(name, [])) if getall else [headers.get(name, "")]
