"""A serving databank on SQLite checkpoints its write-ahead log on a thread of its own
(`db.Checkpointer`), not in the COMMIT of a batch that holds the write lock."""

from __future__ import annotations

import asyncio
import os
import threading
import time

from sqlalchemy import text

from lea_desktop.databank import db


def _write(engine, rows: int) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS filler (n INTEGER, body TEXT)"))
        conn.execute(
            text("INSERT INTO filler VALUES (:n, :body)"),
            [{"n": i, "body": "x" * 2000} for i in range(rows)],
        )


def _wait_until(test, seconds: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if test():
            return True
        time.sleep(0.02)
    return test()


def test_the_log_reaches_the_file_from_the_checkpoint_thread(tmp_path):
    path = tmp_path / "bank.sqlite"
    engine = db.make_engine(str(path), background_checkpoints=True)
    try:
        _write(engine, 1)  # the file exists, its log too
        start = path.stat().st_size
        _write(engine, 3000)  # ~6 MB, far past SQLite's own 1,000-page checkpoint
        # No COMMIT checkpointed: everything written waits in the log.
        assert path.stat().st_size == start
        assert os.path.getsize(f"{path}-wal") > 5_000_000
        checkpoints = db.Checkpointer(engine, interval=0.02)
        checkpoints.start()
        try:
            assert _wait_until(lambda: path.stat().st_size > 5_000_000)
            runs = checkpoints.runs
            assert _wait_until(lambda: checkpoints.runs > runs)  # it goes on
        finally:
            checkpoints.stop()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM filler")).scalar() == 3001
    finally:
        engine.dispose()


def test_other_engines_checkpoint_in_their_commits_as_sqlite_does(tmp_path):
    """The command line's engines (no checkpoint thread) keep SQLite's own checkpoints."""
    path = tmp_path / "bank.sqlite"
    engine = db.make_engine(str(path))
    try:
        _write(engine, 3000)
        assert path.stat().st_size > 5_000_000
    finally:
        engine.dispose()


def test_a_serving_databank_on_sqlite_runs_the_checkpoint_thread(tmp_path):
    """Started and stopped with the app (its lifespan, as `lea-databank serve` runs it)."""
    from lea_desktop.databank.app import create_app
    from lea_desktop.databank.settings import Settings

    app = create_app(Settings(db_url=str(tmp_path / "bank.sqlite")))
    seen: list[set[str]] = []

    async def serve() -> None:
        async with app.router.lifespan_context(app):
            seen.append({t.name for t in threading.enumerate()})

    asyncio.run(serve())
    assert "wal-checkpoints" in seen[0]
    assert "wal-checkpoints" not in {t.name for t in threading.enumerate()}
