"""CSV and JSON export of registrations."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from lea_desktop.domain.records import Registration
from lea_desktop.exports.cells import defuse, to_cell
from lea_desktop.exports.private_file import private_output
from lea_desktop.exports.records import RECORD_COLUMNS, flat_rows, header, json_object
from lea_desktop.formkit import Form


@contextlib.contextmanager
def _text_output(out: Path, encoding: str) -> Iterator[TextIO]:
    """A text handle on `out`: private (0600) from the first byte and whole or not at all, since
    exports hold personal data (see `private_output`)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with private_output(out) as raw:
        fh = io.TextIOWrapper(raw, encoding=encoding, newline="")
        yield fh
        fh.flush()
        fh.detach()  # leave closing (fsync, rename) to private_output


def write_csv(form: Form, regs: Iterator[Registration], out: Path) -> int:
    """UTF-8 with BOM (Excel), multi-choice joined with ';', formula-injection safe."""
    count = 0
    fields = {i + len(RECORD_COLUMNS): f for i, f in enumerate(form.fields)}
    with _text_output(Path(out), "utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(header(form))
        for row in flat_rows(form, regs):
            cells = [to_cell(fields[i], v) if i in fields else ("" if v is None else str(v))
                     for i, v in enumerate(row)]  # fmt: skip
            writer.writerow([defuse(c) for c in cells])
            count += 1
    return count


def write_json(form: Form, regs: Iterator[Registration], out: Path) -> int:
    """An array of objects: id, event_id, created_at, updated_at, one key per form field, consent."""
    count = 0
    with _text_output(Path(out), "utf-8") as fh:
        fh.write("[")
        for reg in regs:
            fh.write(",\n" if count else "\n")
            fh.write(json.dumps(json_object(form, reg), ensure_ascii=False))
            count += 1
        fh.write("\n]\n")
    return count
