"""Importing followers from CSV (`usecases.csv_import.import_csv`) into a fresh database.

App (A): `import_csv` on the app's Store — reads the file, validates every row against the form,
checks duplicate e-mails, builds consent provenance and search text, stores rows and outbox rows
in one transaction. Floor (B): the same CSV read with the csv module and stored with one sqlite3
`executemany` (one column per field) and COMMIT, same pragmas. Target: the app imports 100,000
rows in under 10 s; the ratio is reported alongside.
"""

from __future__ import annotations

import csv

from bench.cases.common import bare_connection, new_home, open_store
from bench.data import followers, write_csv
from bench.harness import BenchError, Context, Metric, alternate, case, paired, timed

FULL_ROWS = 100_000
TARGET_S = 10.0


@case(
    "import",
    "import 100,000 followers from CSV (usecases.csv_import.import_csv)",
    floor="csv module + sqlite3 executemany of the same rows into one table, COMMIT, WAL, synchronous=FULL",
    order=40,
)
def run(ctx: Context) -> list[Metric]:
    from lea_desktop.formkit import load_form
    from lea_desktop.usecases.csv_import import import_csv

    n = ctx.size(FULL_ROWS, 10_000, smoke=200)
    rounds = ctx.size(3, 2, smoke=1)
    target = TARGET_S * n / FULL_ROWS
    if n != FULL_ROWS:
        ctx.note(
            f"{n:,} rows instead of {FULL_ROWS:,}; the < {TARGET_S:g} s target is scaled to < {target:g} s"
        )
    form = load_form()
    path = write_csv(
        ctx.workdir / "followers.csv", followers(n, seed=ctx.seed, form=form), form=form
    )
    ids = list(form.field_ids())

    def app(i: int) -> float:
        store, event = open_store(new_home(ctx.workdir, f"app{i}"))
        box: dict = {}
        seconds = timed(
            lambda: box.setdefault("r", import_csv(store, path, form=form, event_id=event.id))
        )
        report = box["r"]
        stored = store.db.execute("SELECT count(*) FROM registrations").fetchone()[0]
        store.close()
        if report.rejected or report.saved != n or stored != n:
            raise BenchError(
                f"import_csv saved {report.saved} of {n} generated rows ({stored} stored); "
                f"first problems: {report.problems[:3]}"
            )
        return seconds

    def floor(i: int) -> float:
        conn = bare_connection(ctx.workdir / f"floor{i}.sqlite")
        conn.execute(f"CREATE TABLE registrations ({', '.join(f'{c} TEXT' for c in ids)})")

        def work() -> None:
            with open(path, encoding="utf-8", newline="") as fh:
                reader = csv.reader(fh)
                next(reader)
                conn.execute("BEGIN")
                conn.executemany(
                    f"INSERT INTO registrations VALUES ({', '.join('?' * len(ids))})", reader
                )
                conn.execute("COMMIT")

        seconds = timed(work)
        conn.close()
        return seconds

    ctx.log(f"{rounds} alternating rounds of {n:,} rows (after one warm-up round)")
    apps, floors = alternate(app, floor, rounds)
    rate = n / min(apps)
    return [
        paired(
            f"{n:,} rows",
            "s",
            apps,
            floors,
            max_value=target,
            detail=f"app best {rate:,.0f} rows/s",
        )
    ]
