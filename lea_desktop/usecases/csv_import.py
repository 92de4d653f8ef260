"""Importing registrations from CSV: a header row of field ids, multi-choice values joined by ';'.

Good rows are saved together in one transaction; each bad row is reported with its line number
and the reason, and nothing of it is saved. Each record is made as `followers.save_new` makes
one (`followers.new_registration`: the same consent proof, one moment for its times and its
consent); only the writing is in bulk.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lea_desktop.exports.cells import undefuse
from lea_desktop.exports.records import header
from lea_desktop.formkit import Form
from lea_desktop.formkit.batch import validate_rows
from lea_desktop.storage import Store, registrations, settings
from lea_desktop.sync import protocol
from lea_desktop.usecases import directory
from lea_desktop.usecases.followers import email_key, new_registration


@dataclass
class ImportReport:
    saved: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)

    @property
    def rejected(self) -> int:
        return len(self.problems)


class CsvImportError(ValueError):
    """The file as a whole cannot be imported (unreadable, no usable header)."""


def import_csv(
    store: Store,
    path: Path,
    *,
    form: Form,
    event_id: str,
    source: str = "import",
    lang: str = "en",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    try:
        fh = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise CsvImportError(f"Cannot read {path}: {exc.strerror}") from None
    report = ImportReport()
    with fh:
        try:
            reader = csv.reader(fh)
            head = [h.strip() for h in next(reader, [])]
        except (csv.Error, UnicodeDecodeError) as exc:
            raise CsvImportError(f"{path} is not a UTF-8 CSV file: {exc}") from None
        known = set(form.field_ids())
        allowed_extra = set(header(form)) - known
        unknown = [h for h in head if h not in known and h not in allowed_extra]
        if not head or unknown:
            raise CsvImportError(
                "The header row must name form fields. Unknown columns: "
                + (", ".join(unknown) or "(empty header)")
                + ". Expected some of: "
                + ", ".join(form.field_ids())
            )
        columns = [(i, h) for i, h in enumerate(head) if h in known]
        # Everything read from the database is read here, before the rows start flowing: the
        # bulk insert writes on its own thread meanwhile, on this same connection.
        staff = settings.get(store.db, "staff.name")
        device = store.device_id
        seen_emails: dict[str, int] = {}
        elsewhere: list[tuple[int, str]] = []  # (line, address) of followers elsewhere
        # One query instead of one look-up per row (the duplicate check of followers only).
        existing = registrations.follower_email_keys(store.db) if form.kind == "follower" else set()
        # The consortium's followers (the directory pulled at each sync), by keyed hash.
        consortium, directory_keys = (
            directory.directory_keys(store) if form.kind == "follower" else (None, set())
        )

        def read_rows() -> Iterator[tuple[int, dict[str, Any]]]:
            """(line number, answers) of each non-empty row, as the file is read."""
            try:
                for number, cells in enumerate(reader, start=2):
                    if any(c.strip() for c in cells):
                        yield (
                            number,
                            {h: undefuse(cells[i]) if i < len(cells) else "" for i, h in columns},
                        )
            except (csv.Error, UnicodeDecodeError) as exc:
                raise CsvImportError(
                    f"{path}: unreadable CSV near line {reader.line_num}: {exc}"
                ) from None

        def good_rows() -> Iterator[dict[str, Any]]:
            """The rows to store, made one by one as they come back validated (bad ones reported)."""
            for number, cleaned, errors in validate_rows(form, read_rows()):
                if cleaned is None:
                    reason = "; ".join(f"{k}: {v}" for k, v in errors.items())
                    report.problems.append((number, reason))
                    continue
                key = email_key(cleaned)
                if key and (key in seen_emails or key in existing):
                    where = f"line {seen_emails[key]}" if key in seen_emails else "the database"
                    report.problems.append((number, f"email: already registered ({where})"))
                    continue
                if (
                    consortium is not None
                    and key
                    and directory_keys
                    and protocol.email_key(consortium, key) in directory_keys
                ):
                    # Said in full once the rows are written (the database is busy now).
                    elsewhere.append((number, key))
                    continue
                if key:
                    seen_emails[key] = number
                reg = new_registration(
                    form,
                    cleaned,
                    event_id=event_id,
                    lang=lang,
                    collected_by=staff,
                    device_id=device,
                    source=source,
                )
                yield registrations.to_row(reg, form.search_text(reg.answers), key)
                if progress and number % 1000 == 0:
                    progress(number)

        # Rows are validated (on every core, formkit.batch) while the previous batches are written (one transaction:
        # a file that turns out unreadable half-way saves nothing).
        report.saved = registrations.insert_many(store.db, good_rows())
    for number, address in elsewhere:
        known = directory.lookup_directory(store, address, key=consortium)
        where = f" ({known.sentence()})" if known else ""
        report.problems.append((number, f"email: already a follower{where}"))
    report.problems.sort()
    return report
