"""What a scanned code carries, as the follower sign-up form's answers.

Understood payloads: vCard 2.1, 3.0 and 4.0 (read by vobject, after `_normalise_vcard` has made a
badge's or phone's sloppy text into one vobject reads: line ends, vCard 2.1 quoted-printable
soft line breaks, text before BEGIN or a missing END), MeCard, BIZCARD, MATMSG, `mailto:`, a
plain email or web address, and badge payloads carrying those: JSON objects or "Label: value"
lines (Name, Company, Email, …), or an email address somewhere in the text.

The answers use the form's field ids (`SCAN_FIELDS`, checked against forms/follower_signup.toml
by a test) and its formats: `country` is an ISO 3166-1 alpha-2 code; the others are text as
read, trimmed, for the form's validation to check as if typed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any
from urllib.parse import unquote

from lea_desktop.domain.countries import country_names, is_country

# The sign-up form's fields a code can fill (forms/follower_signup.toml), in form order.
SCAN_FIELDS = ("organisation", "contact_name", "email", "phone", "country", "city", "website")

# Country names are matched in these CLDR languages (the forms' and the other EU languages).
NAME_LANGUAGES = (
    "en", "fi", "sv", "de", "it", "pt", "es", "fr", "nl", "pl", "et", "lv", "lt", "da",
    "cs", "sk", "sl", "hu", "ro", "bg", "hr", "el", "ga", "mt", "nb",
)  # fmt: skip
# Names and codes people write that CLDR does not list as a country's name.
COUNTRY_ALIASES = {
    "uk": "GB", "u.k.": "GB", "great britain": "GB", "britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "el": "GR", "hellas": "GR",
    "holland": "NL", "the netherlands": "NL", "usa": "US", "u.s.a.": "US", "u.s.": "US",
    "america": "US", "deutschland": "DE", "suomi": "FI", "sverige": "SE", "españa": "ES",
    "czech republic": "CZ",
    # alpha-3 codes of the EU and EEA states, as address software writes them
    "aut": "AT", "bel": "BE", "bgr": "BG", "hrv": "HR", "cyp": "CY", "cze": "CZ", "dnk": "DK",
    "est": "EE", "fin": "FI", "fra": "FR", "deu": "DE", "grc": "GR", "hun": "HU", "irl": "IE",
    "ita": "IT", "lva": "LV", "ltu": "LT", "lux": "LU", "mlt": "MT", "nld": "NL", "pol": "PL",
    "prt": "PT", "rou": "RO", "svk": "SK", "svn": "SI", "esp": "ES", "swe": "SE", "nor": "NO",
    "isl": "IS", "lie": "LI", "che": "CH", "gbr": "GB",
}  # fmt: skip

# The local part without `|`, `=`, `/` and braces, which a badge uses to separate values.
EMAIL_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+?^_`~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PLAIN_EMAIL = re.compile(r"^\s*(?:mailto:)?(" + EMAIL_RE.pattern + r")\s*$", re.IGNORECASE)
_PLAIN_URL = re.compile(r"^\s*((?:https?://|www\.)[^\s]+)\s*$", re.IGNORECASE)

# "Label: value" lines of a badge, label (folded) → field.
LABELS = {
    "name": "contact_name", "full name": "contact_name", "fullname": "contact_name",
    "contact": "contact_name", "contact name": "contact_name", "attendee": "contact_name",
    "visitor": "contact_name", "nimi": "contact_name", "namn": "contact_name",
    "nom": "contact_name", "nome": "contact_name", "nombre": "contact_name",
    "company": "organisation", "organisation": "organisation", "organization": "organisation",
    "org": "organisation", "institution": "organisation", "school": "organisation",
    "employer": "organisation", "firma": "organisation", "organisaatio": "organisation",
    "unternehmen": "organisation", "organisation name": "organisation",
    "company name": "organisation", "empresa": "organisation", "societe": "organisation",
    "azienda": "organisation", "email": "email", "e-mail": "email", "mail": "email",
    "email address": "email", "sahkoposti": "email", "e-post": "email", "courriel": "email",
    "phone": "phone", "telephone": "phone", "tel": "phone", "mobile": "phone", "cell": "phone",
    "puhelin": "phone", "telefon": "phone", "telefono": "phone", "telefone": "phone",
    "city": "city", "town": "city", "kaupunki": "city", "stadt": "city", "ort": "city",
    "ville": "city", "ciudad": "city", "citta": "city", "cidade": "city", "stad": "city",
    "country": "country", "maa": "country", "land": "country", "pays": "country",
    "pais": "country", "paese": "country", "country code": "country",
    "website": "website", "web": "website", "url": "website", "homepage": "website",
    "www": "website", "web site": "website", "kotisivu": "website", "webseite": "website",
}  # fmt: skip
FIRST_NAME_LABELS = {"first name", "firstname", "given name", "givenname", "first", "etunimi", "vorname", "prenom"}  # fmt: skip
LAST_NAME_LABELS = {"last name", "lastname", "surname", "family name", "familyname", "last", "sukunimi", "nachname"}  # fmt: skip


def answers_from_codes(texts: Iterable[Any]) -> dict[str, str]:
    """The answers of several codes read at once (a `Code` or a string each): the first code that
    gives an answer wins each field, later codes only add fields still missing."""
    merged: dict[str, str] = {}
    for item in texts:
        text = getattr(item, "text", item)
        for key, value in answers_from_text(str(text)).items():
            merged.setdefault(key, value)
    return {k: merged[k] for k in SCAN_FIELDS if k in merged}


def answers_from_text(text: str) -> dict[str, str]:
    """The form answers one code's text carries; {} for a payload that names no one (a ticket
    number, a product code)."""
    if not text or not text.strip():
        return {}
    text = text.lstrip("\ufeff")
    head = text.lstrip()[:12].upper()
    if "BEGIN:VCARD" in text.upper():
        found = _vcard(text)
    elif head.startswith("MECARD:"):
        found = _mecard(text.lstrip()[7:])
    elif head.startswith("BIZCARD:"):
        found = _bizcard(text.lstrip()[8:])
    elif head.startswith("MATMSG:"):
        fields = _semicolon_fields(text.lstrip()[7:])
        found = {"email": fields.get("TO", "")}
    elif head.startswith("MAILTO:"):
        found = {"email": _mailto(text.strip())}
    elif match := _PLAIN_EMAIL.match(text):
        found = {"email": match.group(1)}
    elif match := _PLAIN_URL.match(text):
        found = {"website": match.group(1)}
    elif text.lstrip().startswith("{"):
        found = _json_badge(text)
    else:
        found = _labelled_badge(text)
    return _clean(found)


# -- helpers ------------------------------------------------------------------------------------
def _one_line(value: Any) -> str:
    """Trim and fold whitespace (line breaks included) to single spaces."""
    return " ".join(str(value or "").split())


def _clean(found: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in SCAN_FIELDS:
        value = _one_line(found.get(key))
        if key == "country" and value:
            value = country_code(value)
        if key == "email" and value.lower().startswith("mailto:"):
            value = _mailto(value)
        if key == "phone":
            value = _phone(value)
        if value:
            out[key] = value
    return out


def _phone(value: str) -> str:
    """A `tel:` URI (vCard 4.0) as the number alone: no scheme, no `;ext=`/`;phone-context` part
    kept as a parameter (an extension is kept the way people write it)."""
    if value.lower().startswith("tel:"):
        value = value[4:]
        number, _, params = value.partition(";")
        ext = next((p[4:] for p in params.split(";") if p.lower().startswith("ext=")), "")
        value = unquote(number) + (f" ext. {ext}" if ext else "")
    return value.strip()


def _mailto(uri: str) -> str:
    """The first address of a `mailto:` URI."""
    address = uri.split(":", 1)[1] if ":" in uri else uri
    address = address.split("?", 1)[0]
    address = unquote(address).split(",")[0].strip()
    return address if EMAIL_RE.fullmatch(address) else ""


def _fold(text: str) -> str:
    """Lower case, no accents, single spaces: how names and labels are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("_", " ").split())


@cache
def _country_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for lang in NAME_LANGUAGES:
        for code, name in country_names(lang).items():
            table.setdefault(_fold(name), code)
    for alias, code in COUNTRY_ALIASES.items():
        table.setdefault(_fold(alias), code)
    return table


def country_code(text: str) -> str:
    """The ISO alpha-2 code of a country written as a code ("fi", "DE"), a name in an EU
    language ("Suomi", "Allemagne", "United Kingdom") or a common alias ("UK", "FIN"); "" when
    it is none of those."""
    text = text.strip().strip(".,;")
    if len(text) == 2 and text.isalpha():
        upper = text.upper()
        upper = {"UK": "GB", "EL": "GR"}.get(upper, upper)
        return upper if is_country(upper) else ""
    return _country_lookup().get(_fold(text), "")


# -- vCard ------------------------------------------------------------------------------------
_CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)?[;:]")


def _normalise_vcard(text: str) -> str:
    """The first vCard of `text` in the shape vobject reads: CRLF line ends, quoted-printable
    soft line breaks (vCard 2.1: a QP value line ending in `=` goes on on the next line) joined,
    lines that are not vCard lines dropped, BEGIN first and END last."""
    lines = re.split(r"\r\n|\n|\r", text)
    start = next(i for i, line in enumerate(lines) if line.strip().upper() == "BEGIN:VCARD")
    out: list[str] = ["BEGIN:VCARD"]
    i = start + 1
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.strip().upper() == "END:VCARD":
            break
        if not line.strip():
            continue
        if line[0] in " \t":
            if len(out) > 1:
                out[-1] += line[1:]  # folded line: one leading white space dropped
            continue
        if not _CONTENT_LINE.match(line):
            continue
        if "QUOTED-PRINTABLE" in line.split(":", 1)[0].upper():
            while line.endswith("=") and i < len(lines):
                nxt = lines[i]
                i += 1
                line = line[:-1] + nxt
        out.append(line)
    out.append("END:VCARD")
    return "\r\n".join(out) + "\r\n"


def _types(line: Any) -> set[str]:
    """The TYPE values of a vCard line, from `TYPE=a,b`, repeated TYPE and vCard 2.1's bare
    parameters (`TEL;WORK;VOICE:`), lower case; `pref` also from PREF=1 (4.0)."""
    found: set[str] = set()
    for value in line.params.get("TYPE", []):
        found.update(v.strip().strip('"').lower() for v in value.split(","))
    found.update(str(v).lower() for v in getattr(line, "singletonparams", []))
    if line.params.get("PREF"):
        found.add("pref")
    return found


def _best(lines: list[Any], order: tuple[str, ...], skip: tuple[str, ...] = ()) -> Any:
    candidates = [line for line in lines if not (_types(line) & set(skip))]
    for wanted in order:
        for line in candidates:
            if wanted in _types(line):
                return line
    return candidates[0] if candidates else None


def _vcard(text: str) -> dict[str, str]:
    import vobject
    from vobject.base import VObjectError

    try:
        card = vobject.readOne(_normalise_vcard(text), validate=False, ignoreUnreadable=False)
    except (VObjectError, StopIteration, ValueError, UnicodeError, LookupError, AttributeError):
        return _labelled_badge(text)
    contents = card.contents
    found: dict[str, str] = {}

    def values(name: str) -> list[Any]:
        return contents.get(name, [])

    if fn := values("fn"):
        found["contact_name"] = str(fn[0].value)
    elif n := values("n"):
        name = n[0].value
        parts = [
            getattr(name, "prefix", ""),
            getattr(name, "given", ""),
            getattr(name, "additional", ""),
            getattr(name, "family", ""),
        ]
        words = [" ".join(p) if isinstance(p, list) else str(p or "") for p in parts]
        full = " ".join(w for w in words if w.strip())
        suffix = getattr(name, "suffix", "")
        suffix = " ".join(suffix) if isinstance(suffix, list) else str(suffix or "")
        found["contact_name"] = f"{full}, {suffix}" if suffix.strip() else full
    if org := values("org"):
        value = org[0].value
        units = value if isinstance(value, list) else [str(value)]
        found["organisation"] = next((u for u in units if str(u).strip()), "")
    if email := _best(values("email"), ("pref", "work", "internet")):
        found["email"] = str(email.value)
    if tel := _best(values("tel"), ("pref", "work", "cell", "voice"), skip=("fax", "pager")):
        found["phone"] = str(tel.value)
    if url := _best(values("url"), ("pref", "work")):
        found["website"] = str(url.value)
    if adr := _best(values("adr"), ("pref", "work")):
        address = adr.value
        found["city"] = _list_text(getattr(address, "city", ""))
        found["country"] = _list_text(getattr(address, "country", ""))
    return found


def _list_text(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value or "")


# -- MeCard, BIZCARD, MATMSG -------------------------------------------------------------------
def _split_unescaped(text: str, sep: str, *, keep_escapes: bool = False) -> list[str]:
    """Split on `sep` not preceded by a backslash, and undo the backslash escapes (or keep
    them, `keep_escapes`, for a second split of a part)."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for c in chars:
        if c == "\\":
            if keep_escapes:
                current.append(c)
            current.append(next(chars, ""))
        elif c == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(c)
    parts.append("".join(current))
    return parts


def _semicolon_fields(body: str) -> dict[str, str]:
    """`KEY:value;KEY:value;;` (MeCard, BIZCARD, MATMSG) → first value of each key. The values
    keep their escapes for `,` so a structured value (N, ADR) can still be split."""
    fields: dict[str, str] = {}
    for part in _split_unescaped(body, ";", keep_escapes=True):
        key, sep, value = part.partition(":")
        if sep and key.strip():
            fields.setdefault(key.strip().upper(), value)
    return fields


def _unescape(value: str) -> str:
    return "".join(_split_unescaped(value, "\x00"))


def _mecard(body: str) -> dict[str, str]:
    fields = _semicolon_fields(body)
    found: dict[str, str] = {}
    if "N" in fields:
        names = [n.strip() for n in _split_unescaped(fields["N"], ",")]
        # MeCard writes "Family,Given".
        found["contact_name"] = " ".join(reversed([n for n in names if n]))
    found["organisation"] = _unescape(fields.get("ORG", ""))
    found["email"] = _unescape(fields.get("EMAIL", ""))
    found["phone"] = _unescape(fields.get("TEL", ""))
    found["website"] = _unescape(fields.get("URL", ""))
    if "ADR" in fields:
        # PO box, extended, street, city, region, postal code, country (as vCard's ADR).
        parts = _split_unescaped(fields["ADR"], ",")
        if len(parts) == 7:
            found["city"] = parts[3]
            found["country"] = parts[6]
    return found


def _bizcard(body: str) -> dict[str, str]:
    fields = {k: _unescape(v) for k, v in _semicolon_fields(body).items()}
    name = " ".join(p for p in (fields.get("N", ""), fields.get("X", "")) if p.strip())
    return {
        "contact_name": name,
        "organisation": fields.get("C", ""),
        "email": fields.get("E", ""),
        "phone": fields.get("B") or fields.get("M", ""),
    }


# -- badges -------------------------------------------------------------------------------------
def _labelled_badge(text: str) -> dict[str, str]:
    """`Label: value` lines (or `Label=value`, `|`- or `;`-separated), and else an email or web
    address found alone in the text."""
    found: dict[str, str] = {}
    first = last = ""
    pieces = [p for line in re.split(r"[\r\n|]+", text) for p in line.split(";")]
    for piece in pieces:
        match = re.match(r"^\s*([^:=]{1,30}?)\s*[:=]\s*(.+?)\s*$", piece)
        if not match:
            continue
        label, value = _fold(match.group(1)), match.group(2)
        if label in ("http", "https"):  # a web address, not a label
            continue
        if label in FIRST_NAME_LABELS:
            first = first or value
        elif label in LAST_NAME_LABELS:
            last = last or value
        elif label in LABELS:
            found.setdefault(LABELS[label], value)
    if "contact_name" not in found and (first or last):
        found["contact_name"] = " ".join(p for p in (first, last) if p)
    if "email" not in found:
        emails = {m.group(0) for m in EMAIL_RE.finditer(text)}
        if len(emails) == 1:
            found["email"] = emails.pop()
    if "website" not in found:
        urls = re.findall(r"https?://[^\s|;,]+", text)
        if len(set(urls)) == 1 and not found:
            found["website"] = urls[0]
    return found


def _json_badge(text: str) -> dict[str, str]:
    try:
        data = json.loads(text)
    except ValueError:
        return _labelled_badge(text)
    if not isinstance(data, dict):
        return {}
    # One level of nesting ({"attendee": {...}}) is looked into too.
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            for k, v in value.items():
                flat.setdefault(str(k), v)
        else:
            flat.setdefault(str(key), value)
    lines = [
        f"{key}: {value}"
        for key, value in flat.items()
        if isinstance(value, str | int) and not isinstance(value, bool)
    ]
    # camelCase keys ("firstName", "companyName") read as labels ("first name", "company name")
    lines = [
        re.sub(r"(?<=[a-z])(?=[A-Z])", " ", line.split(":", 1)[0]) + ":" + line.split(":", 1)[1]
        for line in lines
    ]
    return _labelled_badge("\n".join(lines))
