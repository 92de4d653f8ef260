"""Consent verification: proving which words a person was shown when they agreed, from the
consent record saved with their registration and the versioned texts shipped with the app."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from lea_desktop import reference


@dataclass(frozen=True)
class ConsentCheck:
    ok: bool
    message: str
    texts: tuple[reference.ConsentText, ...] = ()


def verify_consent(consent: dict[str, Any] | None) -> ConsentCheck:
    """Re-derive a record's consent hash from the versioned texts shipped with the app.

    Proves which words the person was shown: each purpose's text is looked up by the version
    stored with the record (current or previous versions) and the language, hashed, and
    compared. Exports carry no language; then every language on file is tried, and the one
    whose texts give the recorded hash is the language the form was in.
    """
    if not consent:
        return ConsentCheck(False, "No consent was recorded with this registration.")
    purposes = list(consent.get("purposes") or [])
    if not purposes:
        return ConsentCheck(False, "The consent names no purpose.")
    per_purpose = consent.get("texts") or {}
    pairs = dict(p.split(":", 1) for p in str(consent.get("version", "")).split(";") if ":" in p)
    versions = {
        purpose: str((per_purpose.get(purpose) or {}).get("version") or pairs.get(purpose, ""))
        for purpose in purposes
    }
    for purpose, version in versions.items():
        if version not in reference.consent_versions(purpose):
            return ConsentCheck(
                False, f"The {purpose!r} consent text version {version!r} is not on file."
            )
    if consent.get("language"):
        languages = [str(consent["language"])]
    else:
        on_file = [set(reference.consent_versions(p)[v]) for p, v in versions.items()]
        languages = sorted(set.intersection(*on_file))
    last: tuple[reference.ConsentText, ...] = ()
    for lang in languages:
        texts = tuple(reference.consent_text_version(p, v, lang) for p, v in versions.items())
        if any(t is None for t in texts):
            return ConsentCheck(
                False,
                f"The consent texts of {consent.get('version')!r} in {lang!r} are not on file.",
            )
        found = tuple(t for t in texts if t is not None)
        for t in found:
            expected = (per_purpose.get(t.purpose) or {}).get("sha256")
            if expected and len(languages) == 1 and expected != t.sha256:
                return ConsentCheck(
                    False, f"The {t.purpose!r} text on file does not match its hash."
                )
        joined = "\n\n".join(t.text for t in found)
        if hashlib.sha256(joined.encode("utf-8")).hexdigest() == consent.get("text_sha256"):
            return ConsentCheck(
                True, f"The recorded hash matches the texts on file ({lang}).", found
            )
        last = found
    return ConsentCheck(False, "The texts on file do not match the recorded hash.", last)
