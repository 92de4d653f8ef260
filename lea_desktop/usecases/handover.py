"""Handover to mailing and CRM tools from the laptop: the followers who agreed to be contacted,
in the column layout a tool imports (`exports/newsletter.py`, docs/newsletter.md: Mailchimp,
HubSpot, Brevo), with when the consent was given and the version of its text. The same layouts
the databank's console offers, written here from this laptop's records (`lea-desktop export
--format mailchimp|hubspot|brevo`, the Dashboard's Export menu)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lea_desktop.formkit import load_form
from lea_desktop.storage import Store, registrations


def layouts() -> tuple[str, ...]:
    """The tools' layout names (`--format` values)."""
    from lea_desktop.exports import newsletter

    return tuple(newsletter.LAYOUTS)


def write_mailing_list(
    store: Store,
    layout_name: str,
    out: Path,
    *,
    event_id: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the consented followers (of one event, or all) in `layout_name`'s layout to
    `out` (0600, whole or not at all); how many rows."""
    from lea_desktop.exports import newsletter

    layout = newsletter.layout(layout_name)
    form = load_form()

    def pairs():  # type: ignore[no-untyped-def]
        for n, reg in enumerate(registrations.iter_all(store.db, event_id=event_id), start=1):
            if progress is not None and n % 1000 == 0:
                progress(n)
            yield reg.answers, reg.consent

    return newsletter.write_file(layout, newsletter.contacts(form, pairs()), out)
