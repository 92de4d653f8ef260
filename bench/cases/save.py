"""Saving one registration, durably, through the one write path (`followers.save_new`).

App (A): `followers.save_new` — validation, duplicate-email check, consent provenance,
registration + outbox row in one transaction, the rolling-backup counter — on the app's Store
(WAL, synchronous=FULL), configured as the GUI configures it: the backup due every 25 saves
runs on a thread of its own (`Store.backup_runner`), not inside the save. Floor (B): bare sqlite3 with the same pragmas, one INSERT of the same
answers as JSON and COMMIT. Saves run in alternating blocks (A block, B block, …); each block
gives a p50 and a p99, and the ratios are taken block by block.
"""

from __future__ import annotations

import gc
import json
import threading
import time
import uuid
from typing import Any

from bench.cases.common import bare_connection, new_home, open_store, populate
from bench.data import followers
from bench.harness import BenchError, Context, Metric, alternate, case, paired, percentile

PROBE = 100  # saves per side when counting the WAL pages a save writes (after the timed runs)


@case(
    "save",
    "save one registration (answers + outbox row, durable) through followers.save_new",
    floor="sqlite3 single-row INSERT + COMMIT of the same answers, WAL, synchronous=FULL",
    order=20,
)
def run(ctx: Context) -> list[Metric]:
    from lea_desktop.formkit import load_form
    from lea_desktop.storage import backups
    from lea_desktop.usecases.followers import save_new

    rounds = ctx.size(10, 4, smoke=2)
    block = ctx.size(200, 100, smoke=10)
    total = rounds * block
    ctx.note(
        f"{total:,} saves each for app and floor, in {rounds} alternating blocks of {block} (+1 warm-up block)"
    )
    prefill = ctx.size(10_000, 2_000, smoke=20)
    ctx.note(f"both databases start with {prefill:,} followers (a laptop after a season of fairs)")
    everyone = followers(prefill + (rounds + 1) * block, seed=ctx.seed)
    earlier, rows = everyone[:prefill], everyone[prefill:]
    form = load_form()
    store, event = open_store(new_home(ctx.workdir, "app"))
    populate(store, event.id, earlier)
    # As in the GUI (AppContext): the rolling backup due every 25 saves is handed to a thread
    # with its own connection, at most one at a time, instead of running inside the save.
    backup_threads: list[threading.Thread] = []

    def backup_in_background() -> None:
        if backup_threads and backup_threads[-1].is_alive():
            return

        def work() -> None:
            own = store.reopen()
            try:
                own.backup()
            finally:
                own.close()

        backup_threads.append(threading.Thread(target=work, name="rolling backup"))
        backup_threads[-1].start()

    store.backup_runner = backup_in_background
    conn = bare_connection(ctx.workdir / "floor.sqlite")
    conn.execute("CREATE TABLE registrations (id TEXT PRIMARY KEY, answers TEXT NOT NULL)")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO registrations(id, answers) VALUES (?, ?)",
        ((str(uuid.uuid4()), json.dumps(a, ensure_ascii=False)) for a in earlier),
    )
    conn.execute("COMMIT")
    expected = len(everyone)
    # Drop the prefill's answer dicts: tens of thousands of objects the garbage collector would
    # walk during the timed saves, which the app itself would not hold.
    del everyone, earlier
    gc.collect()

    def app_block(i: int) -> list[float]:
        times = []
        for answers in rows[i * block : (i + 1) * block]:
            start = time.perf_counter()
            result = save_new(store, answers, event_id=event.id, form=form)
            times.append(time.perf_counter() - start)
            if not result.ok:
                raise BenchError(f"save_new refused a generated row: {result.errors}")
        return times

    def floor_block(i: int) -> list[float]:
        times = []
        for answers in rows[i * block : (i + 1) * block]:
            start = time.perf_counter()
            conn.execute("BEGIN")
            conn.execute(
                "INSERT INTO registrations(id, answers) VALUES (?, ?)",
                (str(uuid.uuid4()), json.dumps(answers, ensure_ascii=False)),
            )
            conn.execute("COMMIT")
            times.append(time.perf_counter() - start)
        return times

    app_blocks, floor_blocks = alternate(app_block, floor_block, rounds)
    for thread in backup_threads:
        thread.join()
    stored = store.db.execute("SELECT count(*) FROM registrations").fetchone()[0]
    queued = store.db.execute(
        "SELECT count(*) FROM outbox WHERE entity = 'registration'"
    ).fetchone()[0]
    if stored != expected or queued != stored:
        raise BenchError(f"expected {expected} saved and queued, found {stored} / {queued}")

    # Why the tails differ: WAL pages one save writes. SQLite checkpoints the WAL every 1,000
    # pages, and the save that triggers it waits for the copy and an fsync.
    probe = followers(2 * PROBE, seed=ctx.seed + 1)
    backups_written = len(backup_threads)
    store.backup_runner = lambda: None  # no backups during the count

    def wal_pages(conn: Any, save: Any, answers: list[dict[str, Any]]) -> float:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA wal_autocheckpoint=0")
        for a in answers:
            save(a)
        frames = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
        conn.execute("PRAGMA wal_autocheckpoint=1000")
        return frames / len(answers)

    app_pages = wal_pages(
        store.db.conn,
        lambda a: save_new(store, a, event_id=event.id, form=form, allow_duplicate=True),
        probe[:PROBE],
    )

    def bare_save(a: dict[str, Any]) -> None:
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO registrations(id, answers) VALUES (?, ?)",
            (str(uuid.uuid4()), json.dumps(a, ensure_ascii=False)),
        )
        conn.execute("COMMIT")

    floor_pages = wal_pages(conn, bare_save, probe[PROBE:])
    store.close()
    conn.close()

    ms = 1000.0
    pooled_app = [t * ms for b in app_blocks for t in b]
    pooled_floor = [t * ms for b in floor_blocks for t in b]
    # Every 25th save (storage/backups.py EVERY_N_SAVES) starts the rolling backup; split those
    # saves out so the report shows whether handing the backup off still costs the save.
    every = backups.EVERY_N_SAVES
    plain = [t * ms for i, b in enumerate(app_blocks, start=1) for j, t in enumerate(b)
             if (i * block + j + 1) % every]  # fmt: skip
    with_backup = [t * ms for i, b in enumerate(app_blocks, start=1) for j, t in enumerate(b)
                   if not (i * block + j + 1) % every]  # fmt: skip
    pooled = (
        f"pooled over {len(pooled_app):,} saves: app p50 {percentile(pooled_app, 50):.2f} ms, "
        f"p99 {percentile(pooled_app, 99):.2f} ms, max {max(pooled_app):.1f} ms; floor p50 "
        f"{percentile(pooled_floor, 50):.2f} ms, p99 {percentile(pooled_floor, 99):.2f} ms. "
        f"Every {every}th app save starts a rolling backup on a background thread (as the GUI "
        f"does; {backups_written} written): those {len(with_backup)} saves "
        f"median {percentile(with_backup, 50):.2f} ms; the other saves p99 {percentile(plain, 99):.2f} ms. "
        f"WAL pages written per save: app {app_pages:.1f}, floor {floor_pages:.1f} (a checkpoint "
        f"every 1,000 pages: every ~{1000 / app_pages:.0f} app saves, every ~{1000 / floor_pages:.0f} "
        f"floor saves)"
    )
    return [
        paired(
            "p50 per save",
            "ms",
            [percentile(b, 50) * ms for b in app_blocks],
            [percentile(b, 50) * ms for b in floor_blocks],
            max_ratio=3,
            detail=pooled,
        ),
        paired(
            "p99 per save",
            "ms",
            [percentile(b, 99) * ms for b in app_blocks],
            [percentile(b, 99) * ms for b in floor_blocks],
            max_ratio=3,
        ),
    ]
