"""Saving, editing and deleting registrations: the one path every front end uses.

The GUI, the CLI importer, self-check and the crash test all come through here, so validation
(formkit), consent provenance and the transactional outbox (storage) are applied the same way.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from lea_desktop.domain import clock
from lea_desktop.domain.directory import Known
from lea_desktop.domain.records import Registration, email_key, new_id
from lea_desktop.formkit import Form, load_form, validate
from lea_desktop.formkit.consent import consent_record
from lea_desktop.formkit.messages import message
from lea_desktop.storage import Store, registrations, settings
from lea_desktop.storage.database import StorageError, explain
from lea_desktop.usecases import directory

log = logging.getLogger("lea_desktop.followers")


@dataclass
class SaveResult:
    """What happened to a save: the stored record, or the reasons it was not stored."""

    registration: Registration | None = None
    errors: dict[str, str] = field(default_factory=dict)
    duplicate_of: Registration | None = None
    # The address is a follower elsewhere in the consortium (the directory; not on this laptop).
    known: Known | None = None

    @property
    def ok(self) -> bool:
        return self.registration is not None


def queue_summary(form_id: str, answers: dict[str, Any]) -> str:
    """A waiting record's searchable answers for the sync queue's list ("" for an unknown
    form)."""
    try:
        form = load_form(form_id)
    except (OSError, KeyError, ValueError):  # a form this version does not know: the list
        return ""  # still shows the row
    return form.summary(answers)


def new_registration(
    form: Form,
    cleaned: dict[str, Any],
    *,
    event_id: str,
    lang: str,
    collected_by: str,
    device_id: str,
    source: str = "app",
    parent_id: str | None = None,
) -> Registration:
    """A new record of validated answers, with its consent proof. One moment for the whole
    save: the record's times, its consent's `given_at` and (through `updated_at`) its outbox
    row. `save_new` and the CSV import (`csv_import`) both make every new record here."""
    stamp = clock.now_iso()
    return Registration(
        id=new_id(),
        event_id=event_id,
        form_id=form.id,
        form_version=form.version,
        kind=form.kind,
        answers=cleaned,
        consent=consent_record(
            form, cleaned, lang=lang, collected_by=collected_by, device_id=device_id, given_at=stamp
        ),
        created_at=stamp,
        updated_at=stamp,
        collected_by=collected_by,
        device_id=device_id,
        source=source,
        parent_id=parent_id,
    )


def save_new(
    store: Store,
    answers: dict[str, Any],
    *,
    event_id: str,
    form: Form | None = None,
    lang: str = "en",
    allow_duplicate: bool = False,
    source: str = "app",
    parent_id: str | None = None,
) -> SaveResult:
    """Validate and store a new registration with its outbox row in one transaction.

    Never raises for the user's mistakes or a database that cannot be written: the result
    carries messages keyed by field id ("_form" for the whole form).
    """
    form = form or load_form()
    checked = validate(form, answers, lang=lang)
    if not checked.ok:
        return SaveResult(errors=checked.errors)
    db = store.db
    cleaned = checked.cleaned
    key = email_key(cleaned)
    try:
        if form.kind == "follower" and not allow_duplicate:
            existing = registrations.find_by_email(db, key)
            if existing is not None:
                return SaveResult(
                    errors={"email": message("email_registered", lang)}, duplicate_of=existing
                )
            elsewhere = directory.lookup_directory(store, key)
            if elsewhere is not None:
                return SaveResult(
                    errors={"email": message("email_registered", lang)}, known=elsewhere
                )
        reg = new_registration(
            form,
            cleaned,
            event_id=event_id,
            lang=lang,
            collected_by=settings.get(db, "staff.name"),
            device_id=store.device_id,
            source=source,
            parent_id=parent_id,
        )
        registrations.insert(db, reg, form.search_text(cleaned), key)
    except StorageError as exc:
        log.error("a new registration was not saved: %s", exc)
        return SaveResult(errors={"_form": str(exc)})
    except (sqlite3.Error, OSError) as exc:  # tell the user, keep what they typed
        log.error("a new registration was not saved: %s: %s", type(exc).__name__, exc)
        return SaveResult(errors={"_form": explain(exc)})
    # The save is durable by now: a failed rolling backup must not turn it into a failure, but
    # it is logged (the next backup is tried at the next save that is due one).
    try:
        store.note_save()
    except (sqlite3.Error, OSError) as exc:
        log.warning("the rolling backup after a save failed: %s: %s", type(exc).__name__, exc)
    return SaveResult(registration=reg)


def save_edit(
    store: Store,
    reg_id: str,
    answers: dict[str, Any],
    *,
    form: Form | None = None,
    lang: str = "en",
) -> SaveResult:
    """Validate and store changed answers of an existing registration (revision + 1, re-queued);
    messages in `lang`."""
    db = store.db
    current = registrations.get(db, reg_id)
    if current is None:
        return SaveResult(errors={"_form": "This record no longer exists (erased or deleted)."})
    if current.purged_at:
        return SaveResult(
            errors={
                "_form": "The personal data of this record was removed from this laptop after "
                "the retention period; edit it in the databank instead."
            }
        )
    form = form or load_form(current.form_id)
    checked = validate(form, answers, lang=lang)
    if not checked.ok:
        return SaveResult(errors=checked.errors)
    if form.kind == "follower":
        other = registrations.find_by_email(db, email_key(checked.cleaned), exclude_id=reg_id)
        if other is not None:
            return SaveResult(errors={"email": message("email_taken", lang)}, duplicate_of=other)
    try:
        changes: dict[str, Any] = {"answers": checked.cleaned}
        if form.version != current.form_version:
            # Checked against this form version now (its new fields may be filled): the
            # databank checks the record against the version it names (docs/protocol.md).
            changes["form_version"] = form.version
        reg = registrations.update(
            db,
            reg_id,
            changes,
            form.search_text(checked.cleaned),
            email_key(checked.cleaned),
        )
    except StorageError as exc:
        log.error("an edit of %s was not saved: %s", reg_id, exc)
        return SaveResult(errors={"_form": str(exc)})
    except (sqlite3.Error, OSError) as exc:
        log.error("an edit of %s was not saved: %s: %s", reg_id, type(exc).__name__, exc)
        return SaveResult(errors={"_form": explain(exc)})
    return SaveResult(registration=reg)


def delete(store: Store, reg_id: str) -> None:
    """Delete a record and its children everywhere: a full erasure (erasure.erase), so no copy
    stays behind in the backups, and a tombstone goes to the databank."""
    from lea_desktop.usecases import erasure

    erasure.erase(store, reg_id)
