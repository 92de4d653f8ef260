"""Consent provenance: the proof stored with a record that consent was given, and to which words.

The laptop's form and the databank's public sign-up form both record it here, so a follower
signed up on the web carries the same proof (text versions and SHA-256 of the texts shown) as
one signed up at a stand.
"""

from __future__ import annotations

from typing import Any

from lea_desktop import reference
from lea_desktop.domain import clock
from lea_desktop.formkit.model import Form


def consent_record(
    form: Form,
    answers: dict[str, Any],
    *,
    lang: str,
    collected_by: str,
    device_id: str,
    given_at: str | None = None,
) -> dict[str, Any] | None:
    """Proof of consent: which texts (version and SHA-256 of the exact words shown) were agreed,
    `given_at` (default now) the moment the record holding it is saved."""
    purposes = tuple(
        f.consent for f in form.consent_fields() if f.consent and answers.get(f.id) is True
    )
    if not purposes:
        return None
    shown = reference.consent_proof(purposes, lang)
    return {
        "version": shown["version"],
        "text_sha256": shown["text_sha256"],
        "purposes": list(purposes),
        "given_at": given_at or clock.now_iso(),
        "collected_by": collected_by,
        "device_id": device_id,
        "language": shown["language"],
        "texts": {p: dict(t) for p, t in shown["texts"].items()},
    }
