"""Which databank addresses the laptop may send its token to.

An `https://` address always; an `http://` address only on this computer (loopback: a local
test databank), unless staff explicitly allow plain http for a closed lab network
(`--allow-insecure-http`, setting `databank.allow_insecure_http`). Over plain http anyone on the
network (fair Wi-Fi, a captive portal, a hotel router) reads the token and the followers'
personal data, and with the token can send and erase records as this laptop.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

RISK = (
    "the laptop's token and the followers' personal data (names, emails) travel readable by "
    "anyone on the network, who could then use the token to send or erase records as this laptop"
)
ALLOW_HINT = (
    "Use the databank's https:// address. Only on a closed lab network, allow plain http "
    "explicitly: lea-desktop config set databank.url URL --allow-insecure-http"
)


def is_loopback(url: str) -> bool:
    """True for an address on this computer (localhost, 127.0.0.0/8, ::1)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_insecure(url: str) -> bool:
    """Plain `http://` to another computer: the token would cross the network in clear."""
    return urlsplit(url.strip()).scheme.lower() == "http" and not is_loopback(url.strip())


def refusal(url: str) -> str:
    """Why an insecure address is refused, and what to do instead."""
    return f"{url} is not encrypted (http://): {RISK}. {ALLOW_HINT}"


def allowed_warning(url: str) -> str:
    """The warning shown whenever an insecure address is used because staff allowed it."""
    return (
        f"Warning: {url} is not encrypted (http://), allowed for a lab network: {RISK}. "
        "Switch to an https:// address outside a closed lab network."
    )
