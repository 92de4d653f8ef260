"""A bug in the databank (an exception no handler takes) is answered 500 with the usual JSON
body, and logged with its type and where it happened, never with its message: a database
error's message can quote the row it failed on, names and emails included."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from sqlalchemy import exc

NAME, EMAIL = "Hedwig Oberhollenzer", "hedwig.oberhollenzer@example.at"


def _get(app, path: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    """One request to `app` in this process (the route under test is made to fail)."""

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://databank") as client:
            return await client.get(path)

    return asyncio.run(go())


def test_an_internal_error_is_answered_500_and_logged_without_its_message(tmp_path, caplog):
    from lea_desktop.databank.app import create_app
    from lea_desktop.databank.settings import Settings

    app = create_app(Settings(db_url=str(tmp_path / "bank.sqlite")))

    @app.get("/bug")
    def bug() -> None:  # what a failing INSERT raises, with the row in its message
        raise exc.IntegrityError(
            "INSERT INTO records …", {"name": NAME}, Exception(f"Failing row contains ({EMAIL})")
        )

    caplog.set_level(logging.DEBUG)
    answer = _get(app, "/bug")
    assert answer.status_code == 500
    assert answer.json() == {"detail": "Internal error in the databank."}
    assert "internal error on /bug: IntegrityError" in caplog.text
    assert "test_databank_internal_errors.py" in caplog.text  # where it happened
    assert NAME not in caplog.text and EMAIL not in caplog.text
    assert NAME not in answer.text and EMAIL not in answer.text


def test_the_engine_hides_statement_parameters(tmp_path):
    """SQLAlchemy's own error text shows a statement's values unless told not to."""
    from lea_desktop.databank import db

    engine = db.make_engine(str(tmp_path / "bank.sqlite"))
    db.init_schema(engine)
    with pytest.raises(exc.IntegrityError) as raised, engine.begin() as conn:
        conn.execute(db.meta.insert(), [{"key": NAME, "value": None}])
    engine.dispose()
    assert NAME not in str(raised.value)
    assert "hide_parameters" in str(raised.value)
