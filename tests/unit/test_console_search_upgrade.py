"""A databank made before the console gets its followers' search text on upgrade (`init_schema`
adds the column and fills it), folded as every later write folds it."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from lea_desktop.databank import db, search
from lea_desktop.formkit import load_form


def test_an_older_databank_gets_its_search_column_filled_on_upgrade(tmp_path):
    engine = db.make_engine(str(tmp_path / "old.sqlite"))
    db.init_schema(engine)
    answers = {"organisation": "Lycée Ørestad", "contact_name": "Åsa Ek", "email": "asa@example.se",
               "country": "SE", "city": "Göteborg", "types": ["school", "procurer"]}  # fmt: skip
    rid = str(uuid.uuid4())
    with engine.begin() as conn:
        conn.execute(
            db.records.insert().values(
                id=rid,
                kind="follower",
                form_id="follower_signup",
                form_version=1,
                revision=1,
                event_id="e",
                device_id="d",
                created_at="2026-01-01T00:00:00.000Z",
                updated_at="2026-01-01T00:00:00.000Z",
                collected_by="",
                consent=None,
                answers=json.dumps(answers),
                source="app",
                content_sha256="0" * 64,
                received_at="2026-01-01T00:00:00.000Z",
                received_via="t",
            )
        )
        conn.exec_driver_sql("ALTER TABLE records DROP COLUMN search")  # as before the console
    db.init_schema(engine)
    with engine.connect() as conn:
        text = conn.execute(select(db.records.c.search).where(db.records.c.id == rid)).scalar()
    engine.dispose()
    assert text == search.search_text(load_form(), answers)
    assert text.startswith("lycee orestad")
    assert "goteborg" in text and "|country:se|" in text and "|type:procurer|" in text
