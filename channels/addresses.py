"""The visitor's address, for the per-address rate limit (no Rasa import, like ``origins``).

``X-Forwarded-For`` is written by whoever sends the request, so it is believed only when the
direct peer is one of ``TRUSTED_PROXIES`` (comma- or space-separated IPs or CIDRs, e.g.
``10.0.0.0/8, 192.168.1.5``); otherwise a client could pick a new address for every message.
The reading itself is ``bot.proxies``', shared with the dashboard.
"""

from __future__ import annotations

import os
from typing import Mapping, Optional, Sequence

from bot import proxies
from bot.proxies import Address, Network


def trusted_proxies(env: Optional[Mapping[str, str]] = None) -> tuple[Network, ...]:
    """``TRUSTED_PROXIES`` as networks; an entry that is not an IP or CIDR is logged and ignored."""
    env = os.environ if env is None else env
    return proxies.parse_trusted_proxies(env.get("TRUSTED_PROXIES", ""))


def client_address(peer: Optional[str], forwarded_for: str, trusted: Sequence[Network]) -> Optional[Address]:
    """The address to count (:func:`bot.proxies.client_address`); None when the peer is not an IP
    (unix socket)."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return proxies.ip_address(proxies.client_address(peer, headers, tuple(trusted)) or "")


def counted_address(address: Optional[Address]) -> Optional[str]:
    """The address as the limit's key, or None when it is not a public one: loopback or a private
    network is the machine itself, a proxy missing from TRUSTED_PROXIES or an intranet, and
    counting it would put every visitor behind it in one count."""
    return str(address) if address is not None and address.is_global else None
