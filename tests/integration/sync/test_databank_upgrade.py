"""A databank made by an older version, opened by this one (SQLite, and PostgreSQL when
configured): `db.add_missing_columns` gives its tables the columns and indexes declared since,
and back-fills the ones that need a computed value."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table, inspect, select, text

from lea_desktop.databank import db

# The records table as schema 2 made it (before `email_key`), word for word.
SCHEMA_2_RECORDS = """
CREATE TABLE records (
    id VARCHAR(36) NOT NULL PRIMARY KEY, kind VARCHAR(40) NOT NULL,
    form_id VARCHAR(64) NOT NULL, form_version INTEGER NOT NULL, revision BIGINT NOT NULL,
    event_id VARCHAR(64) NOT NULL, device_id VARCHAR(64) NOT NULL,
    created_at VARCHAR(40) NOT NULL, updated_at VARCHAR(40) NOT NULL,
    collected_by TEXT NOT NULL, consent TEXT, answers TEXT NOT NULL,
    source VARCHAR(20) NOT NULL, parent_id VARCHAR(36), loi_status VARCHAR(20) NOT NULL,
    loi_date VARCHAR(10) NOT NULL, content_sha256 VARCHAR(64) NOT NULL,
    received_at VARCHAR(40) NOT NULL, received_via VARCHAR(100) NOT NULL
)"""


def _old_record(answers: dict[str, object] | str) -> dict[str, object]:
    stamp = "2027-03-01T10:00:00Z"
    return {
        "id": str(uuid.uuid4()), "kind": "follower", "form_id": "follower_signup",
        "form_version": 1, "revision": 1, "event_id": "ev", "device_id": "laptop-1",
        "created_at": stamp, "updated_at": stamp, "collected_by": "Staff", "consent": None,
        "answers": answers if isinstance(answers, str) else json.dumps(answers),
        "source": "app", "parent_id": None, "loi_status": "", "loi_date": "",
        "content_sha256": "0" * 64, "received_at": stamp, "received_via": "laptop-1",
    }  # fmt: skip


def test_records_of_a_schema_2_databank_get_their_email_key(empty_databank_url):
    engine = db.make_engine(empty_databank_url)
    try:
        rows = [
            _old_record({"email": "  Aino.Virtanen@Example.FI ", "organisation": "Lyseo"}),
            _old_record({"organisation": "No address"}),
            _old_record({"email": "STRASSE@example.de"}),
            _old_record("not json"),  # whatever an old row holds, the upgrade goes through
        ]
        many = [_old_record({"email": f"Person{i}@Example.org"}) for i in range(2100)]
        with engine.begin() as conn:
            conn.execute(text(SCHEMA_2_RECORDS))
            names = ", ".join(rows[0])
            marks = ", ".join(f":{k}" for k in rows[0])
            conn.execute(text(f"INSERT INTO records ({names}) VALUES ({marks})"), rows + many)
        db.init_schema(engine)
        with engine.connect() as conn:
            keys = dict(conn.execute(select(db.records.c.id, db.records.c.email_key)).all())
            indexes = {i["name"] for i in inspect(conn).get_indexes("records")}
            version = conn.execute(select(db.meta.c.value).where(db.meta.c.key == "schema_version"))
            assert version.scalar() == str(db.SCHEMA_VERSION) and db.SCHEMA_VERSION >= 3
        assert [keys[r["id"]] for r in rows] == [
            "aino.virtanen@example.fi", "", "strasse@example.de", "",
        ]  # fmt: skip
        assert all(keys[r["id"]] == f"person{i}@example.org" for i, r in enumerate(many))
        assert "records_email_kind" in indexes
        # Schema 6: the console's folded search text, filled in too (accents and case gone).
        with engine.connect() as conn:
            texts = dict(conn.execute(select(db.records.c.id, db.records.c.search)).all())
            tables = set(inspect(conn).get_table_names())
        assert texts[rows[0]["id"]].startswith("lyseo")
        assert "person7@example.org" in texts[many[7]["id"]]
        assert "records_kind_created" in indexes and "record_history" in tables
        # A second start finds nothing to do.
        assert db.add_missing_columns(engine) == {}
    finally:
        engine.dispose()


def test_the_helper_adds_nullable_and_defaulted_columns_of_any_kind(empty_databank_url):
    engine = db.make_engine(empty_databank_url)
    old = MetaData()
    Table("gadgets", old, Column("id", Integer, primary_key=True), Column("name", String(20)))
    new = MetaData()
    gadgets = Table(
        "gadgets",
        new,
        Column("id", Integer, primary_key=True),
        Column("name", String(20)),
        Column("note", String(40), nullable=True),
        Column("scope", String(20), nullable=False, default="read"),
        Column("uses", Integer, nullable=False, default=0),
        Column("archived", Boolean, nullable=False, default=False),
        Column("label", String(20), nullable=False, default="it's"),  # quoted as SQL wants
    )
    try:
        old.create_all(engine)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO gadgets (id, name) VALUES (1, 'first')"))
        added = db.add_missing_columns(engine, new)
        assert added == {"gadgets": ["note", "scope", "uses", "archived", "label"]}
        with engine.begin() as conn:
            conn.execute(gadgets.insert().values(id=2, name="second"))
            got = [tuple(r) for r in conn.execute(select(gadgets).order_by(gadgets.c.id))]
            nullable = {c["name"]: c["nullable"] for c in inspect(conn).get_columns("gadgets")}
        assert got == [
            (1, "first", None, "read", 0, False, "it's"),
            (2, "second", None, "read", 0, False, "it's"),
        ]
        assert nullable["scope"] is False and nullable["note"] is True
        assert db.add_missing_columns(engine, new) == {}

        broken = MetaData()
        Table("gadgets", broken, Column("id", Integer, primary_key=True),
              Column("owner", String(20), nullable=False))  # fmt: skip
        with pytest.raises(db.SchemaUpgradeError, match=r"gadgets\.owner"):
            db.add_missing_columns(engine, broken)
    finally:
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS gadgets"))
        engine.dispose()


def test_records_a_laptop_pushes_carry_their_email_key(make_laptop, databank):
    """Every write fills the key: a new record, and a new revision that changes the address."""
    from lea_desktop.storage import registrations
    from lea_desktop.usecases import followers

    laptop = make_laptop(databank)
    event = laptop.add_event(f"Didacta {uuid.uuid4().hex[:6]}")
    first, second = laptop.add_followers(2, event.id)
    assert laptop.sync().reached
    changed = dict(registrations.get(laptop.db, second).answers, email="  Neue.Adresse@Example.DE")
    assert followers.save_edit(laptop.store, second, changed).registration is not None
    assert laptop.sync().reached
    engine = db.make_engine(databank.db_url)
    try:
        with engine.connect() as conn:
            r = db.records.c
            keys = dict(
                conn.execute(select(r.id, r.email_key).where(r.id.in_([first, second]))).all()
            )
    finally:
        engine.dispose()
    assert keys[first] == registrations.get(laptop.db, first).answers["email"].casefold()
    assert keys[second] == "neue.adresse@example.de"


# The directory's change log as schema 4 made it (before `device_id`).
SCHEMA_4_DIRECTORY = """
CREATE TABLE directory_changes (
    record_id VARCHAR(36) NOT NULL PRIMARY KEY, cursor BIGINT NOT NULL UNIQUE,
    gone BOOLEAN NOT NULL, entry TEXT NOT NULL
)"""


def test_directory_entries_of_a_schema_4_databank_get_their_device(empty_databank_url):
    """Schema 5: each entry's collecting device, read from its JSON, so a laptop's pull can
    leave out its own followers; a gone entry, or one whose JSON is damaged, keeps ""."""
    engine = db.make_engine(empty_databank_url)
    try:
        entries = [
            (str(uuid.uuid4()), False, json.dumps({"id": "x", "device_id": "laptop-1"})),
            (str(uuid.uuid4()), False, json.dumps({"id": "y", "device_id": "web"})),
            (str(uuid.uuid4()), True, json.dumps({"id": "z", "gone": True})),
            (str(uuid.uuid4()), False, "not json"),
        ]
        many = [
            (str(uuid.uuid4()), False, json.dumps({"device_id": f"d{i % 7}"})) for i in range(2100)
        ]
        with engine.begin() as conn:
            conn.execute(text(SCHEMA_4_DIRECTORY))
            conn.execute(
                text("INSERT INTO directory_changes VALUES (:r, :c, :g, :e)"),
                [
                    {"r": r, "c": n + 1, "g": g, "e": e}
                    for n, (r, g, e) in enumerate(entries + many)
                ],
            )
        db.init_schema(engine)
        t = db.directory_changes
        with engine.connect() as conn:
            devices = dict(conn.execute(select(t.c.record_id, t.c.device_id)).all())
        assert [devices[r] for r, _, _ in entries] == ["laptop-1", "web", "", ""]
        assert all(devices[r] == f"d{i % 7}" for i, (r, _, _) in enumerate(many))
        assert db.add_missing_columns(engine) == {}
    finally:
        engine.dispose()


def _plan_and_indexes(engine, query) -> tuple[str, set[str]]:  # type: ignore[no-untyped-def]
    """SQLite's query plan for `query` (one line), and the names of the records' indexes."""
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        return plan, {i["name"] for i in inspect(conn).get_indexes("records")}


def test_the_follower_of_an_address_is_found_through_its_index(tmp_path):
    """A web sign-up's confirmation looks its follower up by address and kind: through
    records_email_kind, not by reading every follower (SQLite had preferred the index on kind,
    which every follower shares); an older databank's address-only index is dropped."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'bank.sqlite'}")
    try:
        with engine.begin() as conn:
            conn.execute(text(SCHEMA_2_RECORDS))
            conn.execute(
                text("ALTER TABLE records ADD COLUMN email_key VARCHAR(320) NOT NULL DEFAULT ''")
            )
            conn.execute(text("CREATE INDEX records_email ON records (email_key)"))
        db.init_schema(engine)
        r = db.records.c
        query = select(r.id).where(r.email_key == "aino@example.fi", r.kind == "follower")
        plan, indexes = _plan_and_indexes(engine, query)
        assert "records_email_kind" in plan
        assert "records_email" not in indexes and "records_email_kind" in indexes
    finally:
        engine.dispose()


def test_a_laptop_s_records_are_indexed_by_device_alone(tmp_path):
    """Schema 10: records_by_device (device_id) replaces records_device (device_id, id), whose
    random ids put every batch's rows in random leaves. A laptop's records are still read
    through it (reconciling pages them by id), and an older databank's index is dropped."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'bank.sqlite'}")
    try:
        db.init_schema(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP INDEX records_by_device"))
            conn.execute(text("CREATE INDEX records_device ON records (device_id, id)"))
        db.init_schema(engine)
        r = db.records.c
        query = select(r.id).where(r.device_id == "d1", r.id > "").order_by(r.id).limit(501)
        plan, indexes = _plan_and_indexes(engine, query)
        assert "records_by_device" in plan
        assert "records_device" not in indexes and "records_by_device" in indexes
    finally:
        engine.dispose()


def test_a_schema_4_databank_gets_token_scopes_and_change_cursors(empty_databank_url):
    """Schema 4 (the console's: tokens with a partner, no scope; no record_changes) opened by
    this version: every token keeps its partner and gets the scope `own`, every record it holds
    a change cursor by its collecting laptop, so a token widened to `partner` afterwards
    receives the records collected before the upgrade."""
    from lea_desktop.databank import scoped, tokens

    engine = db.make_engine(empty_databank_url)
    try:
        db.init_schema(engine)
        with engine.begin() as conn:
            tokens.create(conn, "laptop-a", "device-a", partner="INNOVA")
            tokens.create(conn, "laptop-b", "device-b", partner="INNOVA")
            old = [_old_record({"email": f"p{i}@example.org"}) for i in range(3)]
            for row in old:
                row["device_id"] = "device-a"
            conn.execute(db.records.insert(), old)
        # Back to schema 4 as it was: no token scope, no change cursors, no directory device.
        with engine.begin() as conn:
            conn.execute(text("DROP INDEX records_change"))
            for column in ("change_cursor", "directory_entry", "written_by"):
                conn.execute(text(f"ALTER TABLE records DROP COLUMN {column}"))
            conn.execute(text("ALTER TABLE tokens DROP COLUMN scope"))
            conn.execute(text("ALTER TABLE directory_changes DROP COLUMN device_id"))
            conn.execute(
                db.meta.update().where(db.meta.c.key == "schema_version").values(value="4")
            )
        assert "scope" not in {c["name"] for c in inspect(engine).get_columns("tokens")}

        db.init_schema(engine)
        with engine.begin() as conn:
            version = conn.execute(select(db.meta.c.value).where(db.meta.c.key == "schema_version"))
            assert version.scalar() == str(db.SCHEMA_VERSION) and db.SCHEMA_VERSION >= 7
            assert "device_id" in {
                c["name"] for c in inspect(conn).get_columns("directory_changes")
            }
            listed = {t.name: (t.partner, t.scope) for t in tokens.list_tokens(conn)}
            assert listed == {"laptop-a": ("INNOVA", "own"), "laptop-b": ("INNOVA", "own")}
            r = db.records.c
            changes = dict(
                conn.execute(select(r.id, r.written_by).where(r.change_cursor.is_not(None))).all()
            )
            assert changes == {row["id"]: "device-a" for row in old}
            # `own`: laptop B is sent nothing of A's; widened to `partner`, all three.
            assert scoped.records_since(conn, "laptop-b", "device-b", 0, 100).records == []
            tokens.set_scope(conn, "laptop-b", "partner")
            page = scoped.records_since(conn, "laptop-b", "device-b", 0, 100)
            assert sorted(i.record["id"] for i in page.records) == sorted(r["id"] for r in old)
            assert {(i.laptop, i.partner) for i in page.records} == {("laptop-a", "INNOVA")}
        assert db.add_missing_columns(engine) == {}
    finally:
        engine.dispose()


def test_a_schema_7_databank_moves_its_change_cursors_onto_the_records(empty_databank_url):
    """Schema 7 kept each record's change cursor in `record_changes` and each follower's
    directory entry in `directory_changes`: opened by this version, every record carries its
    cursor, writer and entry itself (the later of its two cursors), the erased followers'
    "gone" entries stay where they were, `record_changes` is gone, and a laptop's directory
    pull reads the same entries in the same order."""
    from lea_desktop.databank import directory, scoped, tokens

    engine = db.make_engine(empty_databank_url)
    try:
        db.init_schema(engine)
        old = [_old_record({"email": f"p{i}@example.org"}) for i in range(3)]
        old[2]["kind"] = "assistance_request"  # no directory entry
        erased = str(uuid.uuid4())
        entry = [json.dumps({"id": row["id"], "gone": False, "n": i}) for i, row in enumerate(old)]
        with engine.begin() as conn:
            tokens.create(conn, "laptop-b", "device-b", partner="INNOVA")
            conn.execute(db.records.insert(), old)
            conn.execute(text("DROP INDEX records_change"))
            for column in ("change_cursor", "directory_entry", "written_by"):
                conn.execute(text(f"ALTER TABLE records DROP COLUMN {column}"))
            conn.execute(
                text(
                    "CREATE TABLE record_changes (record_id VARCHAR(36) NOT NULL PRIMARY KEY, "
                    "cursor BIGINT NOT NULL UNIQUE, written_by VARCHAR(64) NOT NULL)"
                )
            )
            conn.execute(
                text("INSERT INTO record_changes VALUES (:r, :c, :w)"),
                [
                    {"r": old[0]["id"], "c": 5, "w": "device-a"},
                    {"r": old[1]["id"], "c": 6, "w": "console"},
                    {"r": old[2]["id"], "c": 7, "w": "device-a"},
                ],
            )
            d = db.directory_changes
            conn.execute(
                d.insert(),
                [
                    {"record_id": old[0]["id"], "cursor": 4, "gone": False, "entry": entry[0],
                     "device_id": "laptop-1"},
                    {"record_id": old[1]["id"], "cursor": 9, "gone": False, "entry": entry[1],
                     "device_id": "laptop-1"},
                    {"record_id": erased, "cursor": 8, "gone": True,
                     "entry": json.dumps({"id": erased, "gone": True}), "device_id": "laptop-1"},
                ],
            )  # fmt: skip
            conn.execute(db.counters.update().values(value=9))
            conn.execute(
                db.meta.update().where(db.meta.c.key == "schema_version").values(value="7")
            )

        db.init_schema(engine)
        assert "record_changes" not in inspect(engine).get_table_names()
        with engine.begin() as conn:
            r = db.records.c
            moved = {
                row.id: (row.change_cursor, row.written_by, row.directory_entry)
                for row in conn.execute(
                    select(r.id, r.change_cursor, r.written_by, r.directory_entry)
                )
            }
            assert moved == {
                old[0]["id"]: (5, "device-a", entry[0]),
                old[1]["id"]: (9, "console", entry[1]),
                old[2]["id"]: (7, "device-a", None),
            }
            left = conn.execute(select(db.directory_changes.c.record_id)).scalars().all()
            assert left == [erased]
            page = json.loads(directory.page_json(conn, 0, 100))
            assert [e["id"] for e in page["entries"]] == [old[0]["id"], erased, old[1]["id"]]
            assert page["cursor"] == 9 and page["more"] is False
            tokens.set_scope(conn, "laptop-b", "all")
            pulled = scoped.records_since(conn, "laptop-b", "device-b", 6, 100)
            assert [i.record["id"] for i in pulled.records] == [old[2]["id"], old[1]["id"]]
        assert db.add_missing_columns(engine) == {}
    finally:
        engine.dispose()


def test_a_schema_8_databank_gets_the_mail_outbox_without_emailing_old_sign_ups(
    empty_databank_url,
):
    """Until schema 8 a held sign-up had its email sent inside the visitor's request:
    upgraded, they get the outbox's columns with nothing due, so none is emailed again."""
    from lea_desktop.databank import outbox

    engine = db.make_engine(empty_databank_url)
    try:
        db.init_schema(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP INDEX signup_pending_mail_due"))
            for column in ("mail_due_at", "mail_attempts", "mail_error", "mail_sent_at",
                           "mail_message_id"):  # fmt: skip
                conn.execute(text(f"ALTER TABLE signup_pending DROP COLUMN {column}"))
            conn.execute(
                text(
                    "INSERT INTO signup_pending (id, created_at, lang, event_id, answers) "
                    "VALUES ('held-before', '2027-03-01T10:00:00.000Z', 'fi', '', '{}')"
                )
            )
        db.init_schema(engine)
        with engine.connect() as conn:
            held = conn.execute(select(db.signup_pending)).one()
            indexes = {i["name"] for i in inspect(conn).get_indexes("signup_pending")}
        assert held.mail_due_at is None and held.mail_attempts == 0 and held.mail_error == ""
        assert "signup_pending_mail_due" in indexes and db.SCHEMA_VERSION >= 9
        assert outbox.claim(engine, 10, [], 1.0)[0] == []  # nothing to send
    finally:
        engine.dispose()
