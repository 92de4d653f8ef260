"""Helpers shared by the cases: a fresh data home with an event, a database of N followers."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.data import iter_followers


def new_home(ctx_dir: Path, name: str) -> Path:
    """An empty private data home folder under the case's scratch folder."""
    home = ctx_dir / name
    home.mkdir(mode=0o700, parents=True, exist_ok=False)
    return home


def open_store(home: Path):
    """The app's Store in `home` as after a first fair: the first-run answers (staff name and
    partner) given, and one event running today."""
    from lea_desktop.domain import clock
    from lea_desktop.storage import Store, events, settings

    store = Store(home / "lea.sqlite")
    settings.set_value(store.db, "staff.name", "Bench Staff")
    settings.set_value(store.db, "staff.partner", "University of Oulu")
    today = clock.today().isoformat()
    event = events.create(
        store.db,
        {"name": "BETT 2027", "city": "London", "country": "GB", "starts": today, "ends": today},
        device_id=store.device_id,
    )
    settings.set_value(store.db, "event.active", event.id)
    return store, event


def populate(
    store: Any, event_id: str, rows_or_n: Iterable[dict[str, Any]] | int, *, seed: int = 1
) -> int:
    """Fill the store with generated followers (a count, or answer dicts from `bench.data`)
    through the app's own row builder and bulk insert: what an import stores, without
    re-validating rows the generator made valid."""
    from lea_desktop.domain import clock
    from lea_desktop.domain.records import Registration, new_id
    from lea_desktop.formkit import load_form
    from lea_desktop.storage import registrations
    from lea_desktop.usecases.followers import consent_record, email_key

    form = load_form()
    device = store.device_id
    stamp = clock.now_iso()
    answers_list = (
        iter_followers(rows_or_n, seed=seed, form=form) if isinstance(rows_or_n, int) else rows_or_n
    )
    rows: list[dict[str, Any]] = []
    done = 0
    for answers in answers_list:
        reg = Registration(
            id=new_id(), event_id=event_id, form_id=form.id, form_version=form.version,
            kind=form.kind, answers=answers, created_at=stamp, updated_at=stamp,
            collected_by="Bench Staff", device_id=device, source="import",
            consent=consent_record(form, answers, lang="en", collected_by="Bench Staff", device_id=device),
        )  # fmt: skip
        rows.append(registrations.to_row(reg, form.search_text(answers), email_key(answers)))
        if len(rows) >= 20_000:
            done += registrations.insert_many(store.db, rows)
            rows = []
    return done + registrations.insert_many(store.db, rows)


def bare_connection(path: Path) -> sqlite3.Connection:
    """A bare sqlite3 connection with the same durability as the app's: WAL, synchronous=FULL."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux)."""
    with open(f"/proc/{os.getpid()}/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
