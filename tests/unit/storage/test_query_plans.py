"""The lookups that run once per save or per imported row must use an index, not scan the table.

A scan is invisible with a few rows and costs milliseconds per call at 100,000 (the benchmarks in
bench/ measure the time; these tests pin the cause without timing anything).
"""

from __future__ import annotations


def _plan(store, sql: str, params: list) -> str:
    return " | ".join(
        row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    )


def test_duplicate_email_lookup_uses_the_email_index(store, monkeypatch) -> None:
    """`find_by_email` (every save and every imported row) is answered from registrations_email."""
    from lea_desktop.storage import registrations

    seen: list[tuple[str, list]] = []
    real_execute = store.db.execute

    def spy(sql, params=None):
        if "email_key = ?" in sql:
            seen.append((sql, list(params or [])))
        return real_execute(sql, params) if params is not None else real_execute(sql)

    monkeypatch.setattr(store.db, "execute", spy)
    assert registrations.find_by_email(store.db, "someone@example.org") is None
    monkeypatch.undo()
    assert seen, "find_by_email ran no query on email_key"
    sql, params = seen[0]
    plan = _plan(store, sql, params)
    assert "USING INDEX registrations_email" in plan, plan
    assert "SCAN registrations" not in plan, plan
