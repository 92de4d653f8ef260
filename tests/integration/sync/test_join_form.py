"""The public sign-up form behind the stand cards' QR code, against a real databank over
loopback (SQLite, and PostgreSQL when configured) and a real SMTP server in this process."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from markupsafe import escape

from lea_desktop.domain.records import slug
from lea_desktop.formkit import load_form
from tests.integration.sync.conftest import _db_url
from tests.integration.sync.join_helpers import (
    SmtpServer,
    confirmation_link,
    form_token,
    good_answers,
    heading,
    join_bank,
    submit,
)

XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def bank(backend: str, databank_db: str, smtp: SmtpServer, tmp_path_factory):  # type: ignore[no-untyped-def]
    work = tmp_path_factory.mktemp("join")
    db_url = databank_db if backend == "postgresql" else _db_url(backend, work, "join")
    databank = join_bank(db_url, work, smtp)
    yield databank
    databank.stop()


@pytest.fixture
def client(bank) -> Iterator[httpx.Client]:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=bank.url, timeout=20) as c:
        yield c


def _event(make_laptop, bank, name: str):  # type: ignore[no-untyped-def]
    """An event a laptop created and synced (the databank learns events from laptops)."""
    laptop = make_laptop(bank)
    event = laptop.add_event(name)
    assert laptop.sync().reached
    return laptop, event


def _stored(bank, record_id: str) -> tuple[str, int, str]:  # type: ignore[no-untyped-def]
    """(device id, revision, source) of a record as the databank holds it."""
    from sqlalchemy import select

    from lea_desktop.databank import db

    engine = db.make_engine(bank.db_url)
    try:
        with engine.connect() as conn:
            t = db.records.c
            row = conn.execute(
                select(t.device_id, t.revision, t.source).where(t.id == record_id)
            ).one()
            return row.device_id, row.revision, row.source
    finally:
        engine.dispose()


def _unique(tag: str) -> str:
    return f"{tag}.{time.time_ns()}@example.fi"


def test_the_form_of_an_event_in_the_visitors_language(make_laptop, bank, client):
    _, event = _event(make_laptop, bank, f"Educa Helsinki {time.time_ns()}")
    page = client.get(f"/join/{slug(event.name)}", headers={"Accept-Language": "fi-FI,en;q=0.5"})
    assert page.status_code == 200
    text = page.text
    assert '<html lang="fi">' in text
    assert "Ryhdy LEA-seuraajaksi" in text and event.name in text
    for field in ("organisation", "contact_name", "email", "phone", "country", "city",
                  "website", "consent_contact", "consent_map"):  # fmt: skip
        assert f'name="{field}"' in text, field
    types = load_form().field("types").choice_values()
    assert text.count('name="types"') == len(types) > 1  # one checkbox per value
    assert 'name="notes"' not in text  # staff only
    assert "Hyväksyn, että LEA-hanke ottaa minuun yhteyttä" in text  # consent label …
    assert "LEA-hanke" in text and "<script" not in text  # … and its text, no script
    assert len(page.content) < 60_000
    # No third-party request: nothing loads from anywhere (one inline style, by hash).
    assert not re.search(r'(src|href)="(https?:)?//', text)
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    # ?lang= wins over the browser's language; the switcher names every language.
    swedish = client.get(f"/join/{slug(event.name)}?lang=sv", headers={"Accept-Language": "fi"})
    assert '<html lang="sv">' in swedish.text and "Bli LEA-följare" in swedish.text
    for code in ("en", "fi", "sv", "de", "it", "pt", "es", "fr"):
        assert f'href="?lang={code}"' in swedish.text


def test_an_unknown_event_is_a_404_page(client):
    page = client.get("/join/no-such-fair-anywhere", params={"lang": "de"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert heading(page.text) == "Seite nicht gefunden"


def test_a_refusal_reshows_the_form_in_its_language_with_everything_kept(client, smtp):
    before = len(smtp.inbox.messages)
    answers = good_answers(email="not-an-email", consent_contact=None, city="Jyväskylä")
    page = submit(client, "/join", answers, lang="fi")
    assert page.status_code == 422
    assert heading(page.text) == "Ryhdy LEA-seuraajaksi"
    assert 'aria-invalid="true"' in page.text
    assert "Jyväskylän lyseo" in page.text and 'value="not-an-email"' in page.text
    assert 'value="Jyväskylä"' in page.text
    assert re.search(r'value="school" checked', page.text)
    assert re.search(r'name="consent_map" value="yes" checked', page.text)
    assert not re.search(r'name="consent_contact" value="yes" checked', page.text)
    assert "kenttää vaatii huomiota" in page.text or "kenttä vaatii huomiota" in page.text
    assert len(smtp.inbox.messages) == before  # nothing sent


def test_markup_typed_in_every_field_is_escaped_on_the_page_and_in_the_email(
    client, smtp, bank, tmp_path
):
    text_fields = ("organisation", "contact_name", "phone", "city", "website")
    refused = submit(client, "/join", good_answers(**{f: XSS for f in text_fields}, email=XSS))
    assert refused.status_code == 422
    assert "<script>" not in refused.text and "<img" not in refused.text
    assert refused.text.count(str(escape(XSS))) >= 6  # every field kept, escaped
    # Accepted answers may carry markup in names: the email escapes it.
    address = _unique("xss")
    sent = len(smtp.inbox.messages)
    done = submit(client, "/join", good_answers(organisation=XSS, contact_name=XSS, email=address))
    assert done.status_code == 200, done.text[:2000]
    mail = smtp.inbox.wait_for(sent + 1)[-1]
    body = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;" in body
    thanks = client.get(confirmation_link(mail))
    assert thanks.status_code == 200
    stored = [r for r in bank.export_json(tmp_path / "x.json") if r["email"] == address]
    assert stored[0]["organisation"] == XSS  # stored as typed: data, not markup


def test_double_opt_in_stores_a_web_follower_of_the_event(
    make_laptop, bank, client, smtp, tmp_path
):
    from lea_desktop.usecases.consent import verify_consent

    _, event = _event(make_laptop, bank, f"Didacta Köln {time.time_ns()}")
    path = f"/join/{slug(event.name)}"
    address = _unique("Aino")
    sent = len(smtp.inbox.messages)
    done = submit(client, path, good_answers(email=address), lang="fi")
    assert done.status_code == 200
    assert heading(done.text) == "Tarkista sähköpostisi"
    mail = smtp.inbox.wait_for(sent + 1)[-1]
    assert (
        mail["To"] == address and mail["Subject"] == "Vahvista LEA-seuraajaksi rekisteröitymisesi"
    )
    assert mail["Content-Language"] == "fi"
    link = confirmation_link(mail)
    assert link.startswith(bank.url + "/join/confirm/")
    export = tmp_path / "before.json"
    assert not [r for r in bank.export_json(export) if r["email"] == address.lower()]

    thanks = client.get(link)
    assert thanks.status_code == 200 and heading(thanks.text) == "Kiitos!"
    rows = [r for r in bank.export_json(tmp_path / "a.json") if r["email"] == address]
    assert len(rows) == 1
    follower = rows[0]
    assert follower["source"] == "web" and follower["event_id"] == event.id
    assert _stored(bank, follower["id"]) == ("web", 1, "web")
    consent = follower["consent"]
    assert consent["purposes"] == ["contact", "map"] and consent["device_id"] == "web"
    assert verify_consent(consent).ok  # the recorded hash is the Finnish texts shown
    # The link works once; opened again it says so.
    again = client.get(link)
    assert again.status_code == 410

    # The same address again: the same answer (no enumeration); confirming updates it.
    sent = len(smtp.inbox.messages)
    second = submit(client, path, good_answers(email=address, city="Tampere"), lang="fi")
    assert second.status_code == 200 and heading(second.text) == "Tarkista sähköpostisi"
    assert client.get(confirmation_link(smtp.inbox.wait_for(sent + 1)[-1])).status_code == 200
    rows = [r for r in bank.export_json(tmp_path / "b.json") if r["email"] == address]
    assert len(rows) == 1 and rows[0]["id"] == follower["id"]
    assert _stored(bank, follower["id"])[1] == 2 and rows[0]["city"] == "Tampere"


def test_a_tampered_or_foreign_form_token_is_refused_with_answers_kept(client, smtp):
    sent = len(smtp.inbox.messages)
    page = client.get("/join")
    token = form_token(page.text)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in ("", "garbage", forged):
        refused = submit(client, "/join", good_answers(email=_unique("t")), token=bad)
        assert refused.status_code == 400
        assert "Jyväskylän lyseo" in refused.text
        assert "has expired or did not come from this page" in refused.text
    # A token served for another page is not this page's.
    time.sleep(1.05)
    refused = client.post("/join/some-fair", data={**good_answers(), "form_token": token})
    assert refused.status_code == 404
    assert len(smtp.inbox.messages) == sent


def test_a_form_sent_back_at_once_is_refused_then_accepted(client, smtp):
    sent = len(smtp.inbox.messages)
    quick = submit(client, "/join", good_answers(email=_unique("q")), wait=0)
    assert quick.status_code == 400 and "That was quick!" in quick.text
    assert len(smtp.inbox.messages) == sent
    # The re-shown form carries a new token: after a moment, the same answers go through.
    time.sleep(1.05)
    again = client.post(
        "/join", data={**good_answers(email=_unique("q")), "form_token": form_token(quick.text)}
    )
    assert again.status_code == 200


def test_the_honeypot_gets_the_same_answer_and_nothing_is_sent(client, smtp, bank, tmp_path):
    sent = len(smtp.inbox.messages)
    address = _unique("robot")
    robot = submit(client, "/join", good_answers(email=address, fax="buy now"))
    assert robot.status_code == 200 and heading(robot.text) == "Check your email"
    time.sleep(0.5)  # a message would have been sent before the answer; none was
    assert len(smtp.inbox.messages) == sent
    assert not [r for r in bank.export_json(tmp_path / "r.json") if r["email"] == address]


def test_bodies_that_are_not_this_form_are_refused(client, bank):
    big = client.post(
        "/join", content=b"organisation=" + b"a" * 40_000,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert big.status_code == 413 and heading(big.text) == "The form could not be read"
    huge = client.post(
        "/join", content=b"a" * 15_000_000,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert huge.status_code == 413
    assert client.post("/join", json={"organisation": "x"}).status_code == 400
    not_utf8 = client.post(
        "/join", content=b"organisation=%ff%fe",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert not_utf8.status_code == 400
    assert client.get("/api/v1/health").status_code == 200  # the server is fine


def test_unconfirmed_sign_ups_are_deleted_after_seven_days(client, smtp, bank):
    from lea_desktop.databank import db, signup

    sent = len(smtp.inbox.messages)
    assert submit(client, "/join", good_answers(email=_unique("old"))).status_code == 200
    link = confirmation_link(smtp.inbox.wait_for(sent + 1)[-1])
    engine = db.make_engine(bank.db_url)
    try:
        with engine.begin() as conn:
            assert signup.purge_pending(conn) == 0  # not yet
            later = dt.datetime.now(dt.UTC) + dt.timedelta(days=7, minutes=1)
            assert signup.purge_pending(conn, now=later) >= 1
    finally:
        engine.dispose()
    assert client.get(link).status_code == 410  # nothing left to confirm


def test_sign_ups_per_address_are_limited(backend, databank_db, smtp, tmp_path):
    db_url = databank_db if backend == "postgresql" else _db_url(backend, tmp_path, "limit")
    bank = join_bank(db_url, tmp_path, smtp, "--join-limit", "2", "--join-window", "300")
    try:
        with httpx.Client(base_url=bank.url, timeout=20) as c:
            for _ in range(2):
                assert submit(c, "/join", good_answers(email=_unique("l"))).status_code == 200
            third = submit(c, "/join", good_answers(email=_unique("l")), lang="it")
            assert third.status_code == 429
            assert 1 <= int(third.headers["retry-after"]) <= 300
            assert heading(third.text) == "Troppe iscrizioni da questa connessione"
            assert c.get("/join").status_code == 200  # reading the form is not limited
    finally:
        bank.stop()


def test_without_smtp_the_form_says_sign_up_is_unavailable(backend, databank_db, tmp_path):
    db_url = databank_db if backend == "postgresql" else _db_url(backend, tmp_path, "nosmtp")
    bank = join_bank(db_url, tmp_path, None)
    try:
        with httpx.Client(base_url=bank.url, timeout=20) as c:
            page = c.get("/join", params={"lang": "es"})
            assert page.status_code == 200
            assert "La inscripción no está disponible en este momento" in page.text
            assert "<form" not in page.text
            address = _unique("nosmtp")
            refused = c.post(
                "/join",
                params={"lang": "es"},
                data={**good_answers(email=address), "form_token": "x"},
            )
            assert refused.status_code == 503
            assert "no está disponible" in refused.text
            stored = bank.export_json(tmp_path / "e.json")
            assert not [r for r in stored if r["email"] == address]
    finally:
        bank.stop()


def test_the_smtp_password_is_never_shown(tmp_path: Path):
    from lea_desktop.databank import mail
    from lea_desktop.databank.settings import Settings

    url = "smtps://lea:s3cret-pw@mail.example.eu:465"
    settings = Settings(db_url=str(tmp_path / "x.sqlite"), smtp_url=url)
    assert "s3cret" not in repr(settings) and "s3cret" not in mail.describe(url)
    server = mail.parse_smtp_url(url)
    assert (server.scheme, server.host, server.port, server.username) == (
        "smtps", "mail.example.eu", 465, "lea",
    )  # fmt: skip
    assert mail.parse_smtp_url("smtp+starttls://mail.example.eu").port == 587
    with pytest.raises(ValueError, match="unsupported scheme"):
        Settings(db_url=str(tmp_path / "x.sqlite"), smtp_url="http://mail.example.eu")


def test_login_remembers_the_databanks_public_address(store, bank, capsys):
    """`lea-desktop login --public-url`: the stand cards of an event then lead to its form."""
    from lea_desktop.cli import main
    from lea_desktop.storage import settings

    _, token = bank.token()
    argv = ["login", "--token", token, "--url", bank.url, "--public-url", bank.url + "/"]
    assert main(argv) == 0
    assert settings.get(store.db, "databank.public_url").rstrip("/") == bank.url
    page = settings.signup_page(store.db, "bett-2027")
    assert page == f"{bank.url}/join/bett-2027"
    assert main(["login", "--token", token, "--public-url", "ftp://x"]) == 2
    capsys.readouterr()


def test_no_laptop_token_speaks_for_the_web_forms_records(bank, client):
    """Web sign-ups belong to their own origin: a token cannot be bound to device id `web`,
    so no laptop can change or erase them directly."""
    _, token = bank.token()
    batch = {"device_id": "web", "records": []}
    answer = client.post(
        "/api/v1/records/batch", json=batch, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 403
    made = bank.cli("token", "create", "sneaky", "--device-id", "web", check=False)
    assert made.returncode != 0 and "public sign-up form" in made.stderr


def test_laptops_see_the_web_sign_ups_of_their_own_events_after_a_sync(
    make_laptop, bank, client, smtp
):
    from lea_desktop.storage import registrations

    laptop, event = _event(make_laptop, bank, f"BETT {time.time_ns()}")
    other = make_laptop(bank)
    assert other.sync().reached  # it knows the event too, but did not create it
    address = _unique("web")
    sent = len(smtp.inbox.messages)
    assert (
        submit(client, f"/join/{slug(event.name)}", good_answers(email=address)).status_code == 200
    )
    assert client.get(confirmation_link(smtp.inbox.wait_for(sent + 1)[-1])).status_code == 200

    report = laptop.sync()
    assert report.reached and report.web_signups_pulled == 1
    assert "1 web sign-up received" in report.summary()
    [found] = [r for r in registrations.iter_all(laptop.db) if r.answers.get("email") == address]
    assert found.source == "web" and found.event_id == event.id and found.device_id == "web"
    assert found.consent and found.consent["purposes"] == ["contact", "map"]
    assert laptop.queue()["pending"] == 0  # the databank's record: never sent back
    again = laptop.sync()
    assert again.reached and again.web_signups_pulled == 0 and again.complete

    # A second sign-up with the address updates the same follower on the laptop.
    sent = len(smtp.inbox.messages)
    changed = good_answers(email=address, city="Oulu")
    assert submit(client, f"/join/{slug(event.name)}", changed).status_code == 200
    assert client.get(confirmation_link(smtp.inbox.wait_for(sent + 1)[-1])).status_code == 200
    assert laptop.sync().web_signups_pulled == 1
    mine = [r for r in registrations.iter_all(laptop.db) if r.answers.get("email") == address]
    assert [(r.id, r.revision, r.answers["city"]) for r in mine] == [(found.id, 2, "Oulu")]

    assert other.sync().web_signups_pulled == 0  # another laptop's event: not its business
    theirs = [r for r in registrations.iter_all(other.db) if r.answers.get("email") == address]
    assert theirs == []


def test_a_databank_without_web_sign_ups_still_syncs(make_laptop, bank):
    """A laptop of this version syncing with a databank from before the public form (which
    answers 404 for the web sign-ups): everything else of the cycle still happens."""
    from lea_desktop.sync.client import DatabankClient, SyncLimits
    from lea_desktop.sync.protocol import WEB_SIGNUPS
    from lea_desktop.usecases.syncing import sync_once
    from tests.integration.sync.conftest import FAST

    class OlderDatabank(httpx.AsyncBaseTransport):
        """The real databank, but for the path an older version does not serve."""

        def __init__(self) -> None:
            self.real = httpx.AsyncHTTPTransport()

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == WEB_SIGNUPS:
                return httpx.Response(404, json={"detail": "Not Found"})
            return await self.real.handle_async_request(request)

        async def aclose(self) -> None:
            await self.real.aclose()

    laptop = make_laptop(bank)
    laptop.add_event(f"Older {time.time_ns()}")
    laptop.add_followers(3, laptop.add_event(f"Older bis {time.time_ns()}").id)
    client = DatabankClient(
        bank.url, laptop.token, limits=SyncLimits(**FAST), transport=OlderDatabank()
    )
    report = sync_once(laptop.store, client)
    assert report.reached and report.complete and report.accepted == 3
    assert report.web_signups_pulled == 0


def test_the_staff_qualification_is_never_on_the_web_form_nor_taken_from_it(
    make_laptop, bank, client, smtp, tmp_path
):
    """Rating, next step, follow-up owner and dates are for staff: not on the public form in any
    language, and a visitor who posts them anyway (a crafted request) has them ignored."""
    _, event = _event(make_laptop, bank, f"Bett Qualify {time.time_ns()}")
    path = f"/join/{slug(event.name)}"
    form = load_form()
    staff = [f for f in form.fields if f.staff_only]
    assert {"rating", "followup_owner", "followup_due", "contacted_on"} <= {f.id for f in staff}
    for lang in form.languages:
        text = client.get(path, params={"lang": lang}).text
        for f in staff:
            assert f'name="{f.id}"' not in text, (lang, f.id)
            assert f.label(lang) not in text, (lang, f.id)
    address = _unique("Qualifier")
    sent = len(smtp.inbox.messages)
    crafted = good_answers(email=address, rating="hot", followup_owner="ENTER",
                           followup_due="2027-01-01", contacted_on="2027-01-01",
                           next_step="call me")  # fmt: skip
    assert submit(client, path, crafted).status_code == 200
    assert client.get(confirmation_link(smtp.inbox.wait_for(sent + 1)[-1])).status_code == 200
    [row] = [r for r in bank.export_json(tmp_path / "q.json") if r["email"] == address]
    for fid in ("rating", "followup_owner", "followup_due", "contacted_on", "next_step"):
        assert row.get(fid) in (None, ""), fid


def _laptop_follower(laptop, event_id: str, **answers):  # type: ignore[no-untyped-def]
    """A follower the laptop collected (then edited: revision 2), with `answers` changed."""
    from lea_desktop.storage import registrations
    from lea_desktop.usecases import followers

    [rid] = laptop.add_followers(1, event_id)
    changed = {**registrations.get(laptop.db, rid).answers, **answers}
    assert followers.save_edit(laptop.store, rid, changed).registration is not None
    return rid


def test_a_visitor_a_laptop_already_met_updates_that_follower(
    make_laptop, bank, client, smtp, tmp_path
):
    """The address a laptop collected, signed up again on the web: the visitor sees what anyone
    sees; confirming gives the laptop's record a new revision (merged answers, the consent just
    given), never a second follower; the laptop adopts it at its next sync and goes on."""
    from lea_desktop.storage import registrations
    from lea_desktop.usecases import followers
    from lea_desktop.usecases.consent import verify_consent

    laptop, event = _event(make_laptop, bank, f"Educa {time.time_ns()}")
    address = _unique("Met.At.Stand")
    key = address.casefold()
    rid = _laptop_follower(
        laptop, event.id, email=address, notes="Wants the webinar list",
        website="https://old.example.fi", city="Jyväskylä",
    )  # fmt: skip
    assert laptop.sync().reached
    assert _stored(bank, rid) == (laptop.store.device_id, 2, "app")
    before = registrations.get(laptop.db, rid).answers
    assert before["phone"] and before["website"]

    path = f"/join/{slug(event.name)}"
    sent = len(smtp.inbox.messages)
    # Another case and blanks around it; phone and website left empty; no map consent now.
    known = good_answers(email=f" {address.upper()} ", city="Tampere", phone="", website="",
                         consent_map=None)  # fmt: skip
    fresh = good_answers(email=_unique("fresh"), city="Tampere", phone="", website="",
                         consent_map=None)  # fmt: skip
    pages = [submit(client, path, answers, lang="fi") for answers in (known, fresh)]
    assert [p.status_code for p in pages] == [200, 200]
    assert pages[0].text == pages[1].text  # nothing tells a known address from a new one
    mails = smtp.inbox.wait_for(sent + 2)[-2:]
    assert mails[0]["Subject"] == mails[1]["Subject"]
    links = {m["To"].casefold(): confirmation_link(m) for m in mails}
    thanks = [client.get(links[a["email"].strip().casefold()]) for a in (known, fresh)]
    assert [t.status_code for t in thanks] == [200, 200]
    assert thanks[0].text == thanks[1].text

    rows = [r for r in bank.export_json(tmp_path / "a.json") if r["email"].casefold() == key]
    assert len(rows) == 1 and rows[0]["id"] == rid  # the same follower, not a second one
    assert _stored(bank, rid) == (laptop.store.device_id, 3, "app")  # still the laptop's
    row = rows[0]
    assert row["city"] == "Tampere"  # what the visitor gave now wins
    assert row["phone"] == before["phone"] and row["website"] == before["website"]
    assert row["notes"] == "Wants the webinar list"  # the staff's note is kept
    assert row["event_id"] == event.id and row["collected_by"] == f"Staff of {laptop.name}"
    consent = row["consent"]  # the consent just given, with its proof
    assert consent["purposes"] == ["contact"] and consent["device_id"] == "web"
    assert consent["collected_by"] == "public sign-up form" and verify_consent(consent).ok

    report = laptop.sync()
    assert report.reached and report.web_signups_pulled == 2  # its record, and the fresh one
    mine = registrations.get(laptop.db, rid)
    assert (mine.revision, mine.answers["city"], mine.answers["notes"]) == (
        3, "Tampere", "Wants the webinar list",
    )  # fmt: skip
    assert mine.answers["consent_map"] is False and mine.device_id == laptop.store.device_id
    assert laptop.queue() == {"pending": 0, "rejected": 0, "conflicts": 0}
    # The laptop goes on editing its record: the databank takes it as the next revision.
    changed = {**mine.answers, "city": "Oulu"}
    assert followers.save_edit(laptop.store, rid, changed).registration is not None
    assert laptop.sync().complete
    assert _stored(bank, rid)[1] == 4
    [row] = [r for r in bank.export_json(tmp_path / "b.json") if r["id"] == rid]
    assert row["city"] == "Oulu"


def test_a_laptops_edit_crossing_a_web_update_is_not_lost(
    make_laptop, bank, client, smtp, tmp_path
):
    """The laptop changed its record before it heard of the visitor's web update: the databank
    answers `conflict` and keeps the web revision; the laptop keeps its edit and the outbox
    holds it, rejected with the reason; `queue --retry` sends it above, and the laptop's copy
    (its owner's) is the databank's again. Nothing of the laptop's is lost."""
    from lea_desktop.storage import registrations, sync_queue
    from lea_desktop.usecases import followers

    laptop, event = _event(make_laptop, bank, f"Bett {time.time_ns()}")
    address = _unique("crossing")
    rid = _laptop_follower(laptop, event.id, email=address)
    assert laptop.sync().reached
    sent = len(smtp.inbox.messages)
    assert submit(client, "/join", good_answers(email=address, city="Tampere")).status_code == 200
    assert client.get(confirmation_link(smtp.inbox.wait_for(sent + 1)[-1])).status_code == 200
    assert _stored(bank, rid)[1] == 3

    edited = {**registrations.get(laptop.db, rid).answers, "city": "Oulu"}
    assert followers.save_edit(laptop.store, rid, edited).registration is not None
    report = laptop.sync()
    assert report.reached and report.web_signups_pulled == 0  # its own change is newer
    assert laptop.queue() == {"pending": 0, "rejected": 0, "conflicts": 1}
    assert registrations.get(laptop.db, rid).answers["city"] == "Oulu"  # kept here
    [row] = [r for r in bank.export_json(tmp_path / "a.json") if r["id"] == rid]
    assert row["city"] == "Tampere"  # the databank's newer revision untouched

    assert sync_queue.requeue_rejected(laptop.db) == 1
    assert laptop.sync().complete
    [row] = [r for r in bank.export_json(tmp_path / "b.json") if r["id"] == rid]
    assert row["city"] == "Oulu" and _stored(bank, rid)[1] == 4
