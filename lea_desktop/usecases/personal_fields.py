"""Which answers are personal: the fields a form marks `personal = true` (forms/*.toml). The
retention purge removes them from the laptop; the rest of a record stays for the summaries."""

from __future__ import annotations

from typing import Any

from lea_desktop.formkit import Form, load_form


def _form(form_id: str) -> Form | None:
    try:
        return load_form(form_id)
    except (OSError, KeyError, ValueError):
        return None


def stripped(form_id: str, answers: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Answers without the form's personal fields, and the search text of what is left.

    Only fields the form declares and does not mark `personal` are kept (an unknown key might be
    personal). Raises KeyError for a form this version does not know.
    """
    form = _form(form_id)
    if form is None:
        raise KeyError(form_id)
    kept = {f.id: answers[f.id] for f in form.fields if not f.personal and f.id in answers}
    return kept, form.search_text(kept)
