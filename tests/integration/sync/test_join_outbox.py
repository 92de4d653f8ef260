"""The public form's confirmation emails go through an outbox (`databank/outbox.py`): the
visitor's request never waits for the SMTP server. Against real databanks over loopback
(SQLite, and PostgreSQL when configured) and real SMTP servers in this process (aiosmtpd),
started late, refusing, or shared by two databank processes."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import httpx

from tests.integration.sync.conftest import _db_url
from tests.integration.sync.join_helpers import (
    Inbox,
    SmtpServer,
    confirmation_link,
    good_answers,
    heading,
    join_bank,
    submit,
)

T = TypeVar("T")
BACKOFF = ("--mail-backoff", "0.2")  # retries within a second or two


def _unique(tag: str) -> str:
    return f"{tag}.{time.time_ns()}@example.fi"


def _db(backend: str, databank_db: str, tmp_path: Path, name: str) -> str:
    return databank_db if backend == "postgresql" else _db_url(backend, tmp_path, name)


def _until(check: Callable[[], T], what: str, timeout: float = 60.0) -> T:
    """`check()`'s first true answer (polled); fails when none comes within `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"never: {what}")


def _outbox(db_url: str, addresses: list[str]) -> dict[str, Any]:
    """The held sign-ups of `addresses` as the databank keeps them, by address."""
    import json

    from sqlalchemy import select

    from lea_desktop.databank import db

    engine = db.make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(db.signup_pending)).all()
    finally:
        engine.dispose()
    wanted = set(addresses)
    return {
        json.loads(r.answers)["email"]: r for r in rows if json.loads(r.answers)["email"] in wanted
    }


def _tried(db_url: str, addresses: list[str]) -> Callable[[], bool]:
    """Has every one of `addresses`' emails been tried (and failed) at least once?"""

    def check() -> bool:
        held = _outbox(db_url, addresses)
        return len(held) == len(addresses) and all(
            r.mail_attempts >= 1 and r.mail_error and r.mail_due_at is not None
            for r in held.values()
        )

    return check


def _to(inbox: Inbox, addresses: list[str]) -> list[Any]:
    return [m for m in inbox.messages if str(m["To"]) in addresses]


class Refusing(Inbox):
    """An inbox whose server refuses for good (550) every recipient starting with 'refuse'."""

    def __init__(self) -> None:
        super().__init__()
        self.recipients: list[str] = []

    async def handle_RCPT(  # type: ignore[no-untyped-def]
        self, server, session, envelope, address, rcpt_options
    ) -> str:
        self.recipients.append(address)
        if address.startswith("refuse"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_the_form_answers_without_the_smtp_server_and_the_email_comes_when_it_is_back(
    backend, databank_db, tmp_path
):
    smtp = SmtpServer()  # not started: its port refuses connections
    db_url = _db(backend, databank_db, tmp_path, "late")
    bank = join_bank(db_url, tmp_path, smtp, *BACKOFF)
    address = _unique("late")
    try:
        with httpx.Client(base_url=bank.url, timeout=20) as c:
            done = submit(c, "/join", good_answers(email=address), lang="fi")
            assert done.status_code == 200 and heading(done.text) == "Tarkista sähköpostisi"
            _until(_tried(db_url, [address]), "a failed attempt recorded")
            held = _outbox(db_url, [address])[address]
            assert held.mail_sent_at is None and held.mail_error == "ConnectionRefusedError"
            smtp.start()
            mail = _until(lambda: _to(smtp.inbox, [address]), "the email, once SMTP is back")[0]
            assert mail["Message-ID"] == held.mail_message_id
            assert mail["Content-Language"] == "fi"
            sent = _until(lambda: _outbox(db_url, [address])[address].mail_sent_at, "sent")
            assert sent and _outbox(db_url, [address])[address].mail_due_at is None
            # The link in the email stores the follower (end to end).
            thanks = c.get(confirmation_link(mail))
            assert thanks.status_code == 200 and heading(thanks.text) == "Kiitos!"
            stored = [r for r in bank.export_json(tmp_path / "x.json") if r["email"] == address]
            assert len(stored) == 1 and stored[0]["source"] == "web"
            assert _outbox(db_url, [address]) == {}  # no longer held
            # Its directory entry, made before the write lock, is the one `touch` makes.
            assert _entry_as_written(db_url, stored[0]["id"]) == _entry_as_touched(
                db_url, stored[0]["id"]
            )
    finally:
        bank.stop()
        smtp.stop()
    assert address not in bank.log.read_text()  # no address in the server's log


def test_an_email_refused_for_good_is_recorded_and_not_retried(backend, databank_db, tmp_path):
    smtp = SmtpServer(Refusing())
    smtp.start()
    db_url = _db(backend, databank_db, tmp_path, "refused")
    bank = join_bank(db_url, tmp_path, smtp, *BACKOFF)
    refused, good = _unique("refuse"), _unique("fine")
    try:
        with httpx.Client(base_url=bank.url, timeout=20) as c:
            for address in (refused, good):
                done = submit(c, "/join", good_answers(email=address))
                assert done.status_code == 200 and heading(done.text) == "Check your email"
            _until(lambda: _to(smtp.inbox, [good]), "the good address's email")

            def recorded() -> Any:
                held = _outbox(db_url, [refused])[refused]
                return held if held.mail_error else None

            held = _until(recorded, "the refusal recorded")
    finally:
        bank.stop()
        smtp.stop()
    # Recorded as refused for good: no longer due, tried once, never sent.
    assert held.mail_due_at is None and held.mail_sent_at is None
    assert held.mail_attempts == 1 and held.mail_error == "SMTPRecipientsRefused 550"
    assert (
        isinstance(smtp.inbox, Refusing)
        and smtp.inbox.recipients.count(refused) == 1
        and not _to(smtp.inbox, [refused])
    )
    log = bank.log.read_text()
    assert "refused for good" in log and refused not in log and good not in log


def test_two_databank_processes_on_one_database_send_each_email_once(
    backend, databank_db, tmp_path
):
    smtp = SmtpServer()  # started once every email was tried: the retries then race
    db_url = _db(backend, databank_db, tmp_path, "two")
    banks = [join_bank(db_url, tmp_path, smtp, *BACKOFF) for _ in range(2)]
    addresses = [_unique(f"two{n}") for n in range(12)]

    def all_sent() -> bool:
        held = _outbox(db_url, addresses)
        return len(held) == len(addresses) and all(r.mail_sent_at for r in held.values())

    try:
        _submit_all([bank.url for bank in banks], addresses)
        _until(_tried(db_url, addresses), "every email tried while the SMTP server is away")
        smtp.start()
        _until(all_sent, "every email sent")
    finally:
        for bank in banks:
            bank.stop()  # each waits for the emails it is sending: none is left under way
        smtp.stop()
    assert _counted(smtp.inbox, addresses) == Counter(dict.fromkeys(addresses, 1))


def _submit_all(urls: list[str], addresses: list[str]) -> None:
    """Open each form first, then send them all after one wait (one fill time in all)."""
    from tests.integration.sync.join_helpers import form_token

    clients = [httpx.Client(base_url=url, timeout=20) for url in urls]
    try:
        tokens = []
        for n, _address in enumerate(addresses):
            page = clients[n % len(clients)].get("/join", params={"lang": "en"})
            assert page.status_code == 200
            tokens.append(form_token(page.text))
        time.sleep(1.05)  # the bank's minimum fill time
        for n, address in enumerate(addresses):
            data = {"form_token": tokens[n], "lang": "en", **good_answers(email=address)}
            done = clients[n % len(clients)].post("/join", params={"lang": "en"}, data=data)
            assert done.status_code == 200 and heading(done.text) == "Check your email"
    finally:
        for client in clients:
            client.close()


def test_emails_due_before_a_restart_are_sent_after_it(backend, databank_db, tmp_path):
    smtp = SmtpServer()  # away until the databank was restarted
    db_url = _db(backend, databank_db, tmp_path, "restart")
    bank = join_bank(db_url, tmp_path, smtp, *BACKOFF)
    addresses = [_unique("restart1"), _unique("restart2")]
    try:
        _submit_all([bank.url], addresses)
        _until(_tried(db_url, addresses), "failed attempts recorded")
        bank.stop()
        before = _outbox(db_url, addresses)
        assert all(r.mail_sent_at is None for r in before.values())
        smtp.start()
        bank.start()
        mails = _until(
            lambda: (found := _to(smtp.inbox, addresses)) and len(found) == 2 and found,
            "both emails after the restart",
        )
        for mail in mails:
            assert mail["Message-ID"] == before[str(mail["To"])].mail_message_id
            assert httpx.get(confirmation_link(mail), timeout=20).status_code == 200
        stored = [r for r in bank.export_json(tmp_path / "r.json") if r["email"] in addresses]
        assert sorted(r["email"] for r in stored) == sorted(addresses)
    finally:
        bank.stop()
        smtp.stop()


def test_a_retry_sends_the_same_message(tmp_path):
    """The email made again for a retry is the same: Message-ID, link, text."""
    from lea_desktop.databank import outbox, signup
    from lea_desktop.databank.routers import join
    from lea_desktop.databank.settings import Settings
    from lea_desktop.formkit import load_form, validate

    form = load_form("follower_signup")
    cleaned = validate(form, {**good_answers(), "consent_contact": True,
                              "consent_map": True}).cleaned  # fmt: skip
    row = signup.pending_row(form, cleaned, lang="sv", event_id="", mail_domain="lea.example.eu")
    settings = Settings(
        db_url=str(tmp_path / "x.sqlite"), smtp_url="smtp://127.0.0.1:2525",
        mail_from="followers@lea.example.eu", public_url="https://databank.example.eu",
    )  # fmt: skip
    signer = signup.Signer("s" * 64)
    build = join.outbox_email(settings, signer)
    due = outbox.Due(row["id"], row["created_at"], "sv", row["answers"], row["mail_message_id"], 1)
    first = _received(build(due))
    time.sleep(1.1)  # a later attempt: the link must not carry the time it was made
    again = _received(build(replace(due, attempts=2)))
    assert first["Message-ID"] == again["Message-ID"] == row["mail_message_id"]
    assert first["Date"] == again["Date"]  # the sign-up's time, not the attempt's
    # The same text in each part (the MIME boundary between them is random).
    assert [p.get_content() for p in first.iter_parts()] == [
        p.get_content() for p in again.iter_parts()
    ]
    assert row["mail_message_id"].endswith("@lea.example.eu>")
    assert confirmation_link(first) == confirmation_link(again)
    token = confirmation_link(first).rsplit("/", 1)[1]
    assert signer.pending_id(token) == row["id"]


def _received(message: Any) -> Any:
    """The message as an SMTP server receives and a mail client reads it."""
    import email
    import email.policy

    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


def test_a_claimed_email_is_no_other_senders(empty_databank_url):
    """Two senders over one database: what one claimed (its lease) the other cannot take;
    released, it is due again at once."""
    from lea_desktop.databank import db, outbox, signup
    from lea_desktop.formkit import load_form, validate

    db_url = empty_databank_url
    engine = db.make_engine(db_url)
    other = db.make_engine(db_url)  # another process's connections
    try:
        db.init_schema(engine)
        form = load_form("follower_signup")
        ids = []
        with engine.begin() as conn:
            for n in range(3):
                answers = {**good_answers(email=_unique(f"lease{n}")), "consent_contact": True,
                           "consent_map": True}  # fmt: skip
                cleaned = validate(form, answers).cleaned
                ids.append(signup.hold(conn, signup.pending_row(
                    form, cleaned, lang="en", event_id="", mail_domain="lea.example.eu")))  # fmt: skip
        taken, _ = outbox.claim(engine, 2, [], 1.0)
        assert len(taken) == 2 and all(d.attempts == 1 for d in taken)
        rest, _ = outbox.claim(other, 100, [], 1.0)
        assert [d.id for d in rest] == [i for i in ids if i not in {d.id for d in taken}]
        assert outbox.claim(other, 100, [], 1.0)[0] == []  # all leased
        released = [outbox.Outcome(d.id, d.attempts - 1, released=True) for d in taken]
        outbox.claim(engine, 0, released, 1.0)
        back, _ = outbox.claim(other, 100, [], 1.0)
        assert sorted(d.id for d in back) == sorted(d.id for d in taken)
        assert all(d.attempts == 1 for d in back)  # a release is no attempt
        # Sent: never due again; failed: due after the backoff, not now.
        outbox.claim(other, 0, [outbox.Outcome(back[0].id, 1),
                                outbox.Outcome(back[1].id, 1, error="SMTPServerDisconnected")],
                     60.0)  # fmt: skip
        released = [outbox.Outcome(d.id, d.attempts - 1, released=True) for d in rest]
        assert outbox.claim(other, 0, released, 1.0)[0] == []
        assert [d.id for d in outbox.claim(engine, 100, [], 1.0)[0]] == [rest[0].id]
    finally:
        other.dispose()
        engine.dispose()


def test_an_address_beyond_ascii_gets_an_smtputf8_email():
    """An address with non-ASCII characters needs SMTPUTF8, which only `EmailMessage` asks
    the SMTP server for; the others are made with the cheaper compat32 classes."""
    from email.message import EmailMessage

    from lea_desktop.databank.routers import join

    answers = {"contact_name": "Jörg", "organisation": "Schule"}
    made = join.confirmation_email(answers, "de", "https://d.example.eu/join/confirm/x",
                                   sender="followers@lea.example.eu", to="jörg@example.de")  # fmt: skip
    assert isinstance(made, EmailMessage) and made["To"] == "jörg@example.de"
    plain = join.confirmation_email(answers, "de", "https://d.example.eu/join/confirm/x",
                                    sender="followers@lea.example.eu", to="joerg@example.de")  # fmt: skip
    assert not isinstance(plain, EmailMessage) and "Jörg" in str(
        plain.get_payload()[0].get_payload(decode=True).decode("utf-8")
    )


def _counted(inbox: Inbox, addresses: list[str]) -> Counter[str]:
    return Counter(str(m["To"]) for m in _to(inbox, addresses))


def _entry_as_written(db_url: str, record_id: str) -> dict[str, Any]:
    import json

    from sqlalchemy import select

    from lea_desktop.databank import db

    engine = db.make_engine(db_url)
    try:
        with engine.connect() as conn:
            r = db.records.c
            return json.loads(
                conn.execute(select(r.directory_entry).where(r.id == record_id)).scalar()
            )
    finally:
        engine.dispose()


def _entry_as_touched(db_url: str, record_id: str) -> dict[str, Any]:
    """The entry `directory.touch` makes for the record now (written, read, rolled back)."""
    import json

    from sqlalchemy import select

    from lea_desktop.databank import db, directory

    engine = db.make_engine(db_url)
    try:
        with engine.connect() as conn, conn.begin() as transaction:
            r = db.records.c
            conn.execute(db.records.update().where(r.id == record_id).values(directory_entry=None))
            directory.touch(conn, [record_id])
            entry = conn.execute(select(r.directory_entry).where(r.id == record_id)).scalar()
            transaction.rollback()
            return json.loads(entry)
    finally:
        engine.dispose()
