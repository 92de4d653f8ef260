"""Durability under SIGKILL: every registration whose save returned survives, and the file is sound."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

CHILD = textwrap.dedent(
    """
    import sys
    from lea_desktop.storage import Store, events
    from lea_desktop.usecases import followers
    store = Store.open_default()
    event = events.active(store.db) or events.create(
        store.db, {"name": "Crash fair", "country": "FI", "starts": "2027-01-01", "ends": "2027-01-02"})
    i = 0
    while True:
        i += 1
        answers = {"organisation": f"Org {i}", "contact_name": "Crash Test", "country": "FI",
                   "email": f"p{sys.argv[1]}-{i}@example.org", "types": ["school"], "consent_contact": True}
        result = followers.save_new(store, answers, event_id=event.id)
        if not result.ok:
            print("ERROR", result.errors, flush=True)
            sys.exit(3)
        print(result.registration.id, flush=True)
    """
)


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_saved_registration(data_home):
    """A child saves through the real path and prints each id after save returns; we SIGKILL it
    at random moments; after reopening, every printed id is there and integrity_check is ok."""
    rng = random.Random(20261126)
    printed: list[str] = []
    env = {**os.environ, "LEA_DESKTOP_HOME": str(data_home)}
    for round_no in range(6):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(round_no)], stdout=subprocess.PIPE,
                                 text=True, env=env)  # fmt: skip
        assert child.stdout is not None
        deadline = time.monotonic() + 30
        wanted = rng.randint(5, 60)
        got = 0
        while got < wanted and time.monotonic() < deadline:
            line = child.stdout.readline()
            assert line and not line.startswith("ERROR"), line
            printed.append(line.strip())
            got += 1
        time.sleep(rng.random() * 0.05)  # let it be anywhere inside the next save
        child.send_signal(signal.SIGKILL)
        rest = child.stdout.read()  # ids printed before the kill landed also count
        printed.extend(x for x in rest.split() if x)
        child.wait()
        assert child.returncode == -signal.SIGKILL
    assert len(printed) > 30
    conn = sqlite3.connect(data_home / "lea.sqlite")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in conn.execute("SELECT id FROM registrations")}
        queued = {
            r[0] for r in conn.execute("SELECT entity_id FROM outbox WHERE entity = 'registration'")
        }
    finally:
        conn.close()
    missing = set(printed) - stored
    assert not missing, f"{len(missing)} saved registrations lost"
    assert set(printed) <= queued, "a saved registration has no outbox row"
