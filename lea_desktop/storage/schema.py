"""The list of schema migrations, kept without importing sqlite-utils.

`migrations.py` registers its functions here with `@migrations(name=...)`, exactly as with
sqlite-utils' `Migrations`, which applies them (`apply`). The difference is when sqlite-utils is
loaded: only when a migration may be pending. Opening an up-to-date database — every start of
the app — reads one number with plain sqlite3: `PRAGMA user_version`, which `apply` sets to the
number of migrations the database has had (the list is only ever appended to). So the start
does not pay ~40 ms for importing sqlite-utils before the sign-up form can be shown. A database
from before this number was kept (user_version 0) goes through sqlite-utils once, which finds
what is pending in its own records and then the number is written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class Migration:
    name: str
    fn: Callable[[Any], None]
    transactional: bool = True


class MigrationList:
    """A named, ordered set of migrations, applied through sqlite-utils' `Migrations`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[Migration] = []

    def __call__(
        self, *, name: str | None = None, transactional: bool = True
    ) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
        def register(fn: Callable[[Any], None]) -> Callable[[Any], None]:
            migration = Migration(name or fn.__name__, fn, transactional)
            if any(m.name == migration.name for m in self.items):
                raise ValueError(f"migration {migration.name!r} is registered twice")
            self.items.append(migration)
            return fn

        return register

    def is_current(self, conn: sqlite3.Connection) -> bool:
        """True when the database behind `conn` has had every migration of this list (or more,
        a newer version's): read only, plain sqlite3."""
        return int(conn.execute("PRAGMA user_version").fetchone()[0]) >= len(self.items)

    def as_sqlite_utils(self):
        """The same list as a sqlite-utils `Migrations` (this imports sqlite-utils)."""
        from sqlite_utils.migrations import Migrations

        real = Migrations(self.name)
        for m in self.items:
            real(name=m.name, transactional=m.transactional)(m.fn)
        return real

    def apply(self, db: sqlite_utils.Database) -> None:
        """Apply what is pending, each migration in its own transaction (sqlite-utils), then
        record how many the database has had (`is_current`)."""
        self.as_sqlite_utils().apply(db)
        db.conn.execute(f"PRAGMA user_version = {len(self.items)}")
