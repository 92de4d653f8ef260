"""CSV and JSON export of registrations."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path

from lea_desktop.domain.records import Registration
from lea_desktop.exports.cells import defuse, to_cell
from lea_desktop.exports.records import RECORD_COLUMNS, flat_rows, header, json_object
from lea_desktop.formkit import Form
from lea_desktop.paths import make_private_file


def _private_writer(out: Path):
    """Open `out` for writing with mode 0600 from the first byte (exports hold personal data)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return tmp, fd


def write_csv(form: Form, regs: Iterator[Registration], out: Path) -> int:
    """UTF-8 with BOM (Excel), multi-choice joined with ';', formula-injection safe."""
    out = Path(out)
    tmp, fd = _private_writer(out)
    count = 0
    fields = {i + len(RECORD_COLUMNS): f for i, f in enumerate(form.fields)}
    with open(fd, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header(form))
        for row in flat_rows(form, regs):
            cells = [to_cell(fields[i], v) if i in fields else ("" if v is None else str(v))
                     for i, v in enumerate(row)]  # fmt: skip
            writer.writerow([defuse(c) for c in cells])
            count += 1
    tmp.replace(out)
    make_private_file(out)
    return count


def write_json(form: Form, regs: Iterator[Registration], out: Path) -> int:
    """An array of objects: id, event_id, created_at, updated_at, one key per form field, consent."""
    out = Path(out)
    tmp, fd = _private_writer(out)
    count = 0
    with open(fd, "w", encoding="utf-8") as fh:
        fh.write("[")
        for reg in regs:
            fh.write(",\n" if count else "\n")
            fh.write(json.dumps(json_object(form, reg), ensure_ascii=False))
            count += 1
        fh.write("\n]\n")
    tmp.replace(out)
    make_private_file(out)
    return count
