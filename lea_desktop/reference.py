"""Reference data shipped in `resources/`: partners, member state → responsible partner, seed events,
consent texts. Loaded once and cached; read-only."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from lea_desktop.paths import resource


@cache
def _toml(*parts: str) -> dict[str, Any]:
    with open(resource(*parts), "rb") as fh:
        return tomllib.load(fh)


def partners() -> list[str]:
    """The LEA consortium partners, A–Z."""
    return list(_toml("reference", "partners.toml")["partners"])


def responsible_partners() -> dict[str, tuple[str, ...]]:
    """Appendix 7.1: EU member state (and Norway) alpha-2 → its responsible LEA partners (one,
    or more where the appendix shares a country), each a name of `partners()`."""
    table = _toml("reference", "partners.toml")["responsible_partner"]
    return {
        code: (value,) if isinstance(value, str) else tuple(value) for code, value in table.items()
    }


def home_countries() -> dict[str, str]:
    """Each partner's own country (alpha-2), for Table 8: a partner signs up potential LEA-N
    members from member states other than its own."""
    return dict(_toml("reference", "partners.toml")["home_country"])


def seed_events() -> list[dict[str, Any]]:
    """The example events of the seed report's Tables 4 and 5."""
    return [dict(e) for e in _toml("reference", "seed_events.toml")["events"]]


@dataclass(frozen=True)
class ConsentText:
    purpose: str
    version: str
    lang: str
    text: str

    @property
    def sha256(self) -> str:
        import hashlib  # only when consent is recorded, not to draw the form

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def consent_text(purpose: str, lang: str = "en") -> ConsentText:
    """The current consent text for `purpose` ("contact", "map") in `lang` (English if missing)."""
    entry = _toml("consent", "consent.toml")[purpose]
    texts = entry["text"]
    use = lang if lang in texts else "en"
    return ConsentText(purpose, str(entry["version"]), use, texts[use])


def consent_versions(purpose: str) -> dict[str, dict[str, str]]:
    """Every version of a purpose's text on file: {version: {lang: text}}, current one included.

    Earlier versions sit under `[<purpose>.previous."<version>".text]` in consent.toml, so the
    hash recorded with an old registration can be checked again after the text has changed.
    """
    entry = _toml("consent", "consent.toml").get(purpose)
    if entry is None:
        return {}
    found = {str(v): dict(old.get("text", {})) for v, old in entry.get("previous", {}).items()}
    found[str(entry["version"])] = dict(entry["text"])
    return found


def consent_text_version(purpose: str, version: str, lang: str) -> ConsentText | None:
    """The exact text of `purpose` at `version` in `lang` (as recorded: no fallback), or None."""
    text = consent_versions(purpose).get(version, {}).get(lang)
    return None if text is None else ConsentText(purpose, version, lang, text)


@cache
def consent_proof(purposes: tuple[str, ...], lang: str) -> dict[str, Any]:
    """Versions and SHA-256 of the current texts shown for `purposes` in `lang`: what a
    registration's consent record proves. Hashed once per combination (an import of 100,000
    rows would otherwise hash the same texts 100,000 times)."""
    import hashlib

    texts = [consent_text(p, lang) for p in purposes]
    joined = "\n\n".join(t.text for t in texts)
    return {
        "version": ";".join(f"{t.purpose}:{t.version}" for t in texts),
        "text_sha256": hashlib.sha256(joined.encode("utf-8")).hexdigest(),
        "language": texts[0].lang,
        "texts": {t.purpose: {"version": t.version, "sha256": t.sha256} for t in texts},
    }


def reload() -> None:
    """Forget everything read from `resources/` (for tests that swap a resource file)."""
    _toml.cache_clear()
    consent_proof.cache_clear()
