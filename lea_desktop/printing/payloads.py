"""What the QR codes say: the attributed sign-up link, a staff member's vCard, a paper sheet id."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

UTM_SOURCE = "lea-desktop"
UTM_MEDIUM = "qr-card"
_UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign")


def attributed_url(base: str, campaign: str, *, medium: str = UTM_MEDIUM) -> str:
    """`base` with utm_source/utm_medium/utm_campaign set, other query parameters and the fragment kept.

    Any utm_* values already in `base` for these three keys are replaced, never doubled.
    """
    parts = urlsplit(base.strip())
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in _UTM_KEYS
    ]
    query += [("utm_source", UTM_SOURCE), ("utm_medium", medium), ("utm_campaign", campaign)]
    path = parts.path or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), parts.fragment))


def readable_link(url: str) -> str:
    """A link as a person reads it: host and path, without the scheme, "www.", the query (the
    utm_ attribution) or the fragment. "https://www.example.eu/join/?utm_source=…" →
    "example.eu/join"."""
    parts = urlsplit(url.strip())
    host = parts.netloc.rsplit("@", 1)[-1]
    host = host.removeprefix("www.")
    path = parts.path.rstrip("/")
    return (host + path) or url.strip()


def vcard_escape(value: str) -> str:
    """Escape a vCard text value (RFC 2426 §4, RFC 6350 §3.4): backslash, comma, semicolon, newline."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def split_name(full_name: str) -> tuple[str, str]:
    """(family, given) for the vCard N property: the last word is taken as the family name.

    A guess (names do not split reliably); FN carries the name exactly as written.
    """
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip(), ""
    return words[-1], " ".join(words[:-1])


def vcard(*, name: str, org: str = "", email: str = "", phone: str = "", title: str = "") -> str:
    """A vCard 3.0 (CRLF line ends) for a staff card's QR code."""
    family, given = split_name(name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{vcard_escape(family)};{vcard_escape(given)};;;",
        f"FN:{vcard_escape(name.strip())}",
    ]
    if org:
        lines.append(f"ORG:{vcard_escape(org.strip())}")
    if title:
        lines.append(f"TITLE:{vcard_escape(title.strip())}")
    if email:
        lines.append(f"EMAIL;TYPE=INTERNET:{vcard_escape(email.strip())}")
    if phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{vcard_escape(phone.strip())}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a sheet id read off a handwritten form cannot be misread.
SHEET_ID_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
SHEET_ID_LENGTH = 6


def new_sheet_id() -> str:
    """A random 6-character id for one paper sign-up sheet (about 244 million possibilities)."""
    return "".join(secrets.choice(SHEET_ID_ALPHABET) for _ in range(SHEET_ID_LENGTH))
