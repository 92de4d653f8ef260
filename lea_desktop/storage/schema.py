"""The list of schema migrations, kept without importing sqlite-utils.

`migrations.py` registers its functions here with `@migrations(name=...)`, exactly as with
sqlite-utils' `Migrations`. The difference is when sqlite-utils is loaded: only when a
migration is really pending (a new or upgraded database). Opening an up-to-date database — every
start of the app — reads the names already applied from sqlite-utils' own bookkeeping table with
plain sqlite3, so the start does not pay ~40 ms for importing sqlite-utils before the sign-up
form can be shown (issue 2: "import the rest lazily").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

# sqlite-utils' `Migrations.migrations_table`; a test checks the two agree.
APPLIED_TABLE = "_sqlite_migrations"


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

    def pending(self, conn: sqlite3.Connection) -> list[str]:
        """Names not yet applied to the database behind `conn` (read only, plain sqlite3)."""
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [APPLIED_TABLE]
        ).fetchone()
        applied: set[str] = set()
        if exists:
            applied = {
                row[0]
                for row in conn.execute(
                    f"SELECT name FROM {APPLIED_TABLE} WHERE migration_set = ?", [self.name]
                )
            }
        return [m.name for m in self.items if m.name not in applied]

    def as_sqlite_utils(self):
        """The same list as a sqlite-utils `Migrations` (this imports sqlite-utils)."""
        from sqlite_utils.migrations import Migrations

        real = Migrations(self.name)
        for m in self.items:
            real(name=m.name, transactional=m.transactional)(m.fn)
        return real

    def apply(self, db: sqlite_utils.Database) -> None:
        """Apply what is pending, each migration in its own transaction (sqlite-utils)."""
        self.as_sqlite_utils().apply(db)
