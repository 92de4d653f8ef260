"""Conflicts: a follower changed on this laptop and on another one before either heard of the
other's change. The databank keeps the higher revision; this laptop keeps both copies (its own
in the followers, the databank's beside it) until someone chooses on the Sync page:

- keep mine: this laptop's copy goes to the databank above the other's revision;
- take theirs: the databank's copy replaces this laptop's edit;
- merge: field by field, each answer from one copy or the other; the result goes up as a new
  revision.

Nothing is lost meanwhile: this laptop's edit is held back from the databank, the databank's
copy is kept here, and both are erased (and fall under retention) like any record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lea_desktop.formkit import load_form, validate
from lea_desktop.storage import Store, pulled
from lea_desktop.storage.pulled import Conflict
from lea_desktop.usecases.followers import email_key

KEEP_MINE, TAKE_THEIRS, MERGE = "mine", "theirs", "merge"


class ConflictError(ValueError):
    """A choice that cannot be made (the conflict is gone, the merged answers are invalid)."""


@dataclass(frozen=True)
class FieldDifference:
    field_id: str
    label: str
    mine: Any
    theirs: Any


def list_conflicts(store: Store) -> list[Conflict]:
    return pulled.conflicts(store.db)


def count(store: Store) -> int:
    return pulled.conflict_count(store.db)


def differences(found: Conflict, lang: str = "en") -> list[FieldDifference]:
    """The answers the two copies disagree on, in the form's order (fields the form no longer
    has last)."""
    try:
        form = load_form(found.mine.form_id)
        order = [(f.id, f.label(lang)) for f in form.fields]
    except (OSError, KeyError, ValueError):
        order = []
    known = {fid for fid, _ in order}
    extra = sorted((set(found.mine.answers) | set(found.theirs.answers)) - known)
    out = []
    for fid, label in [*order, *((e, e) for e in extra)]:
        mine, theirs = found.mine.answers.get(fid), found.theirs.answers.get(fid)
        if _blank(mine) and _blank(theirs):
            continue
        if mine != theirs:
            out.append(FieldDifference(fid, label, mine, theirs))
    return out


def _blank(value: Any) -> bool:
    return value in (None, "", [])


def resolve(store: Store, record_id: str, choice: str, picks: dict[str, str] | None = None) -> int:
    """Settle the conflict of `record_id`. `picks` (for MERGE): field id → MINE or THEIRS for
    each differing answer (unnamed ones keep this laptop's). The record's revision now."""
    found = pulled.conflict(store.db, record_id)
    if found is None:
        raise ConflictError("This conflict was settled already (or the record was erased).")
    form = load_form(found.mine.form_id)
    if choice == TAKE_THEIRS:
        theirs = found.theirs.answers
        pulled.take_theirs(store.db, found, form.search_text(theirs), email_key(theirs))
        return found.theirs.revision
    if choice == KEEP_MINE:
        answers = dict(found.mine.answers)
    elif choice == MERGE:
        picks = picks or {}
        wrong = {v for v in picks.values()} - {KEEP_MINE, TAKE_THEIRS}
        if wrong:
            raise ConflictError(f"Each field is taken from 'mine' or 'theirs', not {wrong}.")
        answers = dict(found.mine.answers)
        for diff in differences(found):
            if picks.get(diff.field_id) == TAKE_THEIRS:
                if diff.theirs is None:
                    answers.pop(diff.field_id, None)
                else:
                    answers[diff.field_id] = diff.theirs
        checked = validate(form, answers)
        if not checked.ok:
            problems = "; ".join(f"{k}: {v}" for k, v in sorted(checked.errors.items()))
            raise ConflictError(f"The merged follower is not valid: {problems}")
        answers = checked.cleaned
    else:
        raise ValueError(f"choice must be {KEEP_MINE!r}, {TAKE_THEIRS!r} or {MERGE!r}")
    return pulled.keep_version(
        store.db, found, answers, form.search_text(answers), email_key(answers)
    )
