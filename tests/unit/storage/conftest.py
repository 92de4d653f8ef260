"""Fixtures for the storage tests that pin which statements run and how SQLite plans them."""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.fixture
def query_plan() -> Callable[..., str]:
    """`query_plan(store, sql, params)`: SQLite's plan for a statement, its steps joined by " | "."""

    def plan(store, sql: str, params: list) -> str:
        rows = store.db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        return " | ".join(row[3] for row in rows)

    return plan


@pytest.fixture
def statements_of(monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[tuple[str, list]]]:
    """`statements_of(store, call)`: the SQL statements (with parameters) that `call()` runs
    through the store's database, in order; fails when it runs none."""

    def run(store, call: Callable[[], object]) -> list[tuple[str, list]]:
        seen: list[tuple[str, list]] = []
        real_execute = store.db.execute

        def spy(sql, params=None):
            seen.append((sql, list(params or [])))
            return real_execute(sql, params) if params is not None else real_execute(sql)

        with monkeypatch.context() as patch:
            patch.setattr(store.db, "execute", spy)
            call()
        assert seen, "the call ran no query"
        return seen

    return run
