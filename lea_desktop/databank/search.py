"""The followers' search text, one column of `records` (`search`), kept current on every write
(a laptop's batch, a web confirmation, a console edit) and filled in for older rows on upgrade.

It holds the form's searchable answers folded (`domain.search_fold`: accents and case never
decide a match, "gote" finds Göteborg), the organisation first so that sorting by it sorts by
organisation, then the country and each type as tags the console's filters match exactly:
`… |country:fi| |type:school| |type:procurer|`. A term typed in the search box is folded the
same way and matched as a substring, so it never matches a tag's `|` or `:` by accident.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from lea_desktop.databank import db
from lea_desktop.domain.search_fold import fold
from lea_desktop.formkit import Form, load_form, load_form_version
from lea_desktop.formkit.model import SUMMARY_SEPARATOR

SEPARATOR = SUMMARY_SEPARATOR


def tag(name: str, value: str) -> str:
    return f"|{name}:{fold(value)}|"


def search_text(form: Form | None, answers: dict[str, Any]) -> str:
    """The `search` column of a record with `answers` of `form` (None: a form this databank
    does not know: the answers' texts, as they come)."""
    if form is None:
        words = [str(v) for v in answers.values() if isinstance(v, str)]
        head = fold(SEPARATOR.join(words))
    else:
        head = form.search_text(answers)
    tags = []
    country = answers.get("country")
    if isinstance(country, str) and country:
        tags.append(tag("country", country))
    types = answers.get("types")
    if isinstance(types, list):
        tags.extend(tag("type", t) for t in types if isinstance(t, str))
    return head + (" " + " ".join(tags) if tags else "")


def form_for(form_id: str, version: int) -> Form | None:
    try:
        return load_form_version(form_id, version) or load_form(form_id)
    except (FileNotFoundError, ValueError, KeyError):
        return None


def pattern(term: str) -> str:
    """A LIKE pattern (escape `\\`) finding the folded `term` anywhere."""
    folded = fold(term).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{folded}%"


def backfill(conn: Connection, records: Any) -> int:
    """Fill `search` of every record whose column is empty (an upgrade); how many were."""

    def text(row: Any) -> str | None:
        answers = db.json_object(row.answers)
        if answers is None:
            return None
        return search_text(form_for(row.form_id, row.form_version), answers)

    return db.fill_column(
        conn, records, "search", ["form_id", "form_version", "answers"], text,
        where=records.c.search == "",
    )  # fmt: skip
