"""Console sessions end after an idle hour and after 12 hours whatever happens (checked with
given times: no test waits an hour)."""

from __future__ import annotations

from lea_desktop.databank import db
from lea_desktop.databank.console import accounts, sessions


def test_a_session_ends_when_idle_too_long_or_too_old(tmp_path):
    engine = db.make_engine(str(tmp_path / "bank.sqlite"))
    db.init_schema(engine)
    with engine.begin() as conn:
        accounts.create(conn, "kati", "coordinator", "correct horse battery")
        t0 = 1_000_000.0
        idle = sessions.start(conn, "kati", now=t0)
        found = sessions.find(conn, idle, now=t0 + sessions.IDLE_SECONDS - 1)
        assert found is not None and found.viewer.username == "kati"
        # Used within the hour: kept alive; then an hour of nothing ends it.
        t1 = t0 + sessions.IDLE_SECONDS - 1
        assert sessions.find(conn, idle, now=t1 + sessions.IDLE_SECONDS - 1) is not None
        t2 = t1 + sessions.IDLE_SECONDS - 1
        assert sessions.find(conn, idle, now=t2 + sessions.IDLE_SECONDS) is None
        assert sessions.find(conn, idle, now=t2) is None  # gone for good
        # In use all day, it still ends 12 hours after the sign-in.
        busy = sessions.start(conn, "kati", now=t0)
        t = t0
        while t + 1800 < t0 + sessions.ABSOLUTE_SECONDS:
            t += 1800
            assert sessions.find(conn, busy, now=t) is not None
        assert sessions.find(conn, busy, now=t0 + sessions.ABSOLUTE_SECONDS) is None
        assert sessions.find(conn, "not a session", now=t0) is None
    engine.dispose()


def test_only_the_cookie_s_hash_is_stored(tmp_path):
    engine = db.make_engine(str(tmp_path / "bank.sqlite"))
    db.init_schema(engine)
    with engine.begin() as conn:
        accounts.create(conn, "kati", "coordinator", "correct horse battery")
        token = sessions.start(conn, "kati")
        stored = [tuple(r) for r in conn.execute(db.console_sessions.select())]
        password = conn.execute(db.users.select()).first().password_hash
    assert token not in repr(stored)
    assert password.startswith("$argon2id$") and "correct horse" not in password
    engine.dispose()
