"""The console's dashboard, summary.json, Events, Laptops, Erasure requests and Exports pages
through the real databank (`lea-databank serve` over loopback), on SQLite and PostgreSQL: what a
coordinator and a partner see, CSRF refusals, escaping, audit entries."""

from __future__ import annotations

import csv
import io
import re
import time
import uuid
from contextlib import closing
from typing import Any

import httpx
import pytest

from bench.cases.common import populate
from bench.data import followers
from lea_desktop.sync import protocol
from tests.integration.sync.console_helpers import csrf_of, make_user, problem, signed_in

pytestmark = pytest.mark.timeout(300)


def _unmapped(n: int, *, seed: int) -> list[dict[str, Any]]:
    """Generated followers who did not agree to the public map: these tests' followers stay off
    the map that other tests on the same PostgreSQL database look at."""
    return [{**r, "consent_map": False} for r in followers(n, seed=seed)]


def _candidate(answers: dict[str, Any], country: str) -> dict[str, Any]:
    return {**answers, "country": country, "types": ["procurer"], "interests": ["lea_network"]}


@pytest.fixture(scope="module")
def coordinator(databank) -> str:  # type: ignore[no-untyped-def]
    return make_user(databank)


@pytest.fixture
def fair(databank, make_laptop):  # type: ignore[no-untyped-def]
    """A laptop of the University of Oulu with an event of its own: 40 followers, 3 of them
    potential LEA-N members from Austria, Italy and Finland (Oulu's own country)."""
    laptop = make_laptop(databank)
    event = laptop.add_event(
        f"Fair {uuid.uuid4().hex[:6]}", responsible_partner="University of Oulu"
    )
    rows = [{**r, "types": ["school"]} for r in _unmapped(40, seed=21)]
    rows[:3] = [_candidate(rows[0], "AT"), _candidate(rows[1], "IT"), _candidate(rows[2], "FI")]
    populate(laptop.store, event.id, rows)
    assert laptop.sync().complete
    return laptop, event


def _serves(slug: str) -> bool:
    """Whether this version serves the console page `slug` (the Followers page lands apart)."""
    from lea_desktop.databank import console
    from lea_desktop.databank.console import web

    paths = {getattr(r, "path", "") for router in console.ROUTERS for r in router.routes}
    return slug in {s for s, _label in web.nav_for(paths)}


def _audit(http: httpx.Client, q: str) -> str:
    return http.get("/console/audit", params={"q": q}).text


# --------------------------------------------------------------------------- dashboard


def test_the_dashboard_of_an_event(databank, coordinator, fair):
    from lea_desktop.exports.summary_json import summary_object
    from lea_desktop.usecases import reports

    laptop, event = fair
    with closing(signed_in(databank, coordinator)) as http:
        page = http.get("/console/dashboard", params={"event": event.id})
        assert page.status_code == 200
        text = page.text
        assert 'data-figure="followers">40<' in text
        mine = reports.build_summary(laptop.store, event.id).summary
        covered = len(mine.eu_member_states_covered)
        assert f'data-figure="member-states">{covered}/27<' in text
        assert f'data-figure="lea-n">{len(mine.lea_n_member_states)}/15<' in text
        # The map: every country a path, shaded or not; the missing member states' partners.
        assert text.count("<path ") > 30 and 'data-country="AT"' in text
        code, partner = mine.eu_member_states_missing[0]
        assert re.search(
            rf'<tr data-country="{code}"><td>[^<]+</td><td>{re.escape(partner)}<', text
        )
        # Table 8: Oulu has 2 of 2 (Austria, Italy; Finland is its own).
        row = re.search(r'<tr data-partner="University of Oulu"[^>]*>(.*?)</tr>', text, re.S)
        row = row.group(1)
        assert row.endswith("<td>Austria, Italy</td>")  # Finland, its own, left out
        assert "<td>Finland</td><td><strong>2 of 2</strong>" in row
        assert "Procurers" in text or "procurers" in text

        answer = http.get("/console/summary.json", params={"event": event.id})
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
        data = answer.json()
        laptop_json = summary_object(reports.build_summary(laptop.store, event.id))
        for key in ("total", "by_type", "by_country", "eu_member_states_missing", "kpis",
                    "lea_n_member_states", "letters_of_intent", "scope"):  # fmt: skip
            assert data[key] == laptop_json[key], key
        assert data["schema"] == "lea-desktop/session-summary"
        oulu = next(r for r in data["partner_outreach"] if r["partner"] == "University of Oulu")
        assert oulu["potential_lea_n_members"] == 2 and oulu["met"]
        whole = http.get("/console/summary.json").json()
        assert whole["scope"]["event"] is None and whole["total"] >= 40


def test_the_dashboard_refuses_what_it_cannot_show(databank, coordinator):
    with closing(signed_in(databank, coordinator)) as http:
        gone = http.get("/console/dashboard", params={"event": "no-such-event"})
        assert gone.status_code == 404 and "no event" in problem(gone.text)
        assert http.get("/console/summary.json", params={"event": "x" * 65}).status_code == 400
        assert http.get("/console/summary.json", params={"event": "a\x00b"}).status_code == 400
    with httpx.Client(base_url=databank.url) as anonymous:
        for path in ("/console/dashboard", "/console/summary.json", "/console/events",
                     "/console/exports"):  # fmt: skip
            answer = anonymous.get(path)
            assert answer.status_code == 303 and "/console/login" in answer.headers["location"]


def test_a_partner_sees_the_consortiums_figures(databank, fair):
    _laptop, event = fair
    partner = make_user(databank, "partner", "ICLEI")
    with closing(signed_in(databank, partner)) as http:
        page = http.get("/console/dashboard", params={"event": event.id})
        assert page.status_code == 200 and 'data-figure="followers">40<' in page.text
        assert http.get("/console/summary.json").status_code == 200


def test_after_a_change_the_dashboard_shows_the_kept_figures_while_it_counts_again(
    databank, coordinator, make_laptop
):
    """Right after a change the page answers at once with the figures kept from the last count
    and says so; one recount runs in the background and the page then shows the new figures.
    summary.json stays exact."""
    laptop = make_laptop(databank)
    event = laptop.add_event(f"Recount {uuid.uuid4().hex[:6]}", responsible_partner="ENTER")
    populate(laptop.store, event.id, _unmapped(5, seed=31))
    assert laptop.sync().complete
    with closing(signed_in(databank, coordinator)) as http:

        def dashboard() -> str:
            page = http.get("/console/dashboard", params={"event": event.id})
            assert page.status_code == 200
            return page.text

        first = dashboard()  # the scope's first count: exact, no note
        assert 'data-figure="followers">5<' in first and "data-recounting" not in first
        populate(laptop.store, event.id, _unmapped(2, seed=32))
        assert laptop.sync().complete

        stale = dashboard()
        assert 'data-figure="followers">5<' in stale  # the kept figures, at once
        note = re.search(r"<p [^>]*data-recounting>(.*?)</p>", stale, re.S)
        assert note is not None
        assert re.match(r"Figures as of \d\d:\d\d \(UTC\); recounting…", note.group(1))
        assert '<meta http-equiv="refresh" content="' in stale
        assert f'href="/console/dashboard?event={event.id}">reload now</a>' in note.group(1)

        page = stale
        while "data-recounting" in page:  # the recount finishes (the test's timeout bounds it)
            time.sleep(0.2)
            page = dashboard()
        assert 'data-figure="followers">7<' in page and 'http-equiv="refresh"' not in page

        populate(laptop.store, event.id, _unmapped(1, seed=33))
        assert laptop.sync().complete
        exact = http.get("/console/summary.json", params={"event": event.id}).json()
        assert exact["total"] == 8  # counted at once, not the kept 7


def test_names_from_laptops_are_shown_as_text(databank, coordinator, make_laptop):
    laptop = make_laptop(databank)
    hostile = '<script>alert("x")</script>'
    event = laptop.add_event(f"{hostile} {uuid.uuid4().hex[:6]}", responsible_partner=hostile,
                             city='"><img src=x onerror=alert(1)>')  # fmt: skip
    populate(laptop.store, event.id, _unmapped(2, seed=3))
    assert laptop.sync().complete
    with closing(signed_in(databank, coordinator)) as http:
        for path, params in (("/console/dashboard", {"event": event.id}),
                             ("/console/events", None), ("/console/exports", None)):  # fmt: skip
            text = http.get(path, params=params).text
            assert "<script>alert" not in text and "<img src=x" not in text, path
            assert "&lt;script&gt;alert" in text, path


# --------------------------------------------------------------------------- events


def test_the_events_page_lists_events_with_their_followers(databank, coordinator, fair):
    _laptop, event = fair
    with closing(signed_in(databank, coordinator)) as http:
        text = http.get("/console/events").text
    row = re.search(rf'<tr data-id="{event.id}">(.*?)</tr>', text, re.S).group(1)
    assert event.name in row and "University of Oulu" in row
    # The count links to the event's followers where this version serves that page.
    assert (">40</a>" if _serves("followers") else "<td>40</td>") in row
    assert f"/console/dashboard?event={event.id}" in row


# --------------------------------------------------------------------------- laptops


def test_a_coordinator_makes_a_token_shown_once_and_revokes_it(databank, coordinator):
    name = f"laptop-{uuid.uuid4().hex[:6]}"
    with closing(signed_in(databank, coordinator)) as http:
        page = http.get("/console/laptops")
        assert page.status_code == 200
        made = http.post("/console/laptops", data={"csrf_token": csrf_of(page.text),
                         "name": name, "partner": "INNOVA", "device_id": ""})  # fmt: skip
        assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
        token = re.search(r'<output class="token" id="new-token">([^<]+)</output>', made.text)
        token = token.group(1)
        assert token.startswith("lea_")
        with httpx.Client(base_url=databank.url) as api:
            auth = {"Authorization": f"Bearer {token}"}
            assert api.get(protocol.EVENTS, headers=auth).status_code == 200
        again = http.get("/console/laptops").text
        assert token not in again  # shown once
        row = re.search(rf'<tr data-name="{name}">(.*?)</tr>', again, re.S).group(1)
        assert "INNOVA" in row and "active" in row
        assert re.search(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d</td>", row)  # last seen
        revoked = http.post("/console/laptops/revoke",
                            data={"csrf_token": csrf_of(again), "name": name})  # fmt: skip
        assert revoked.status_code == 303
        with httpx.Client(base_url=databank.url) as api:
            assert api.get(protocol.EVENTS, headers=auth).status_code == 401
        log = _audit(http, name)
        assert "create token" in log and "revoke token" in log
        assert token not in log


def test_the_laptops_page_refuses_without_csrf_and_to_partners(databank, coordinator):
    name = f"laptop-{uuid.uuid4().hex[:6]}"
    with closing(signed_in(databank, coordinator)) as http:
        forged = http.post("/console/laptops", data={"name": name, "csrf_token": "forged"})
        assert forged.status_code == 403 and "CSRF" in problem(forged.text)
        assert name not in http.get("/console/laptops").text
        bad = http.post("/console/laptops", data={"csrf_token": csrf_of(
            http.get("/console/laptops").text), "name": "two words"})  # fmt: skip
        assert bad.status_code == 400 and "one word" in problem(bad.text)
        shown = http.post("/console/laptops", data={"csrf_token": csrf_of(
            http.get("/console/laptops").text), "name": "<i>x</i>" + uuid.uuid4().hex[:4]})  # fmt: skip
        assert "<i>x</i>" not in shown.text and "&lt;i&gt;x&lt;/i&gt;" in shown.text
    partner = make_user(databank, "partner", "ICLEI")
    with closing(signed_in(databank, partner)) as http:
        assert http.get("/console/laptops").status_code == 403
        token = csrf_of(http.get("/console/dashboard").text)
        refused = http.post("/console/laptops", data={"csrf_token": token, "name": name})
        assert refused.status_code == 403
        assert http.get("/console/erasure-requests").status_code == 403


# --------------------------------------------------------------------------- erasure requests


def _request_erasure(asking, rid: str) -> None:  # type: ignore[no-untyped-def]
    """Laptop `asking` sends a tombstone for another laptop's record: an erasure request."""
    body = protocol.tombstone_batch(asking.store.device_id, [rid], "<b>Kati</b> at the stand")
    with httpx.Client(base_url=asking.url, timeout=30) as api:
        answer = api.post(protocol.TOMBSTONES, json=body,
                          headers={"Authorization": f"Bearer {asking.token}"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.json()["outcomes"][0]["status"] == protocol.REQUESTED


def _held(databank, rid: str) -> bool:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from lea_desktop.databank import db

    engine = db.make_engine(databank.db_url)
    try:
        with engine.connect() as conn:
            return (
                conn.execute(select(db.records.c.id).where(db.records.c.id == rid)).first()
                is not None
            )
    finally:
        engine.dispose()


def test_a_coordinator_approves_an_erasure_request_after_confirming(
    databank, coordinator, make_laptop
):
    a, b = make_laptop(databank), make_laptop(databank)
    event = b.add_event("ITK 2027")
    keep, erase = b.add_followers(2, event.id)
    assert b.sync().complete and a.sync().complete
    _request_erasure(a, erase)
    _request_erasure(a, keep)
    with closing(signed_in(databank, coordinator)) as http:
        listing = http.get("/console/erasure-requests").text
        link = (
            '<a href="/console/followers/{}"'
            if _serves("followers")
            else '[^<]*<br><span class="note">{}<'
        )
        numbers = {rid: re.search(
            rf'<tr data-id="(\d+)"><td>\d+</td>\s*<td>{link.format(rid)}',
            listing).group(1) for rid in (keep, erase)}  # fmt: skip
        number = numbers[erase]
        assert "<b>Kati</b>" not in listing and "&lt;b&gt;Kati&lt;/b&gt; at the stand" in listing
        confirm = http.get(f"/console/erasure-requests/{number}/approve")
        assert confirm.status_code == 200 and "cannot be undone" in confirm.text
        forged = http.post(f"/console/erasure-requests/{number}/approve",
                           data={"csrf_token": "nope"})  # fmt: skip
        assert forged.status_code == 403 and _held(databank, erase)
        done = http.post(f"/console/erasure-requests/{number}/approve",
                         data={"csrf_token": csrf_of(confirm.text)})  # fmt: skip
        assert done.status_code == 303 and "done=approved" in done.headers["location"]
        assert not _held(databank, erase)
        twice = http.post(f"/console/erasure-requests/{number}/approve",
                          data={"csrf_token": csrf_of(confirm.text)})  # fmt: skip
        assert twice.status_code == 409 and "approved already" in problem(twice.text)
        rejected = http.post(f"/console/erasure-requests/{numbers[keep]}/reject",
                             data={"csrf_token": csrf_of(confirm.text)})  # fmt: skip
        assert rejected.status_code == 303 and _held(databank, keep)
        decided = http.get("/console/erasure-requests", params={"all": "1"}).text
        assert re.search(rf'<tr data-id="{number}">.*?approved by {coordinator}', decided, re.S)
        log = _audit(http, f"request {number}")
        assert "approve erasure request" in log and erase in log
        assert http.get("/console/erasure-requests/abc/approve").status_code == 404
        assert http.get("/console/erasure-requests/99999999/approve").status_code == 404
    assert b.sync().complete  # the laptop that collected it erases its copy
    from lea_desktop.storage import registrations

    assert registrations.get(b.db, erase) is None and registrations.get(b.db, keep) is not None


# --------------------------------------------------------------------------- exports


def _download(http: httpx.Client, path: str, **data: str) -> httpx.Response:
    token = csrf_of(http.get("/console/exports").text)
    return http.post(path, data={"csrf_token": token, **data})


def test_summary_and_partner_report_downloads(databank, coordinator, fair, tmp_path):
    import openpyxl
    from pypdf import PdfReader

    _laptop, event = fair
    with closing(signed_in(databank, coordinator)) as http:
        pdf = _download(http, "/console/exports/summary", event=event.id, format="pdf")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert "attachment" in pdf.headers["content-disposition"]
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert event.name in text and "Session summary" in text
        xlsx = _download(http, "/console/exports/summary", event=event.id, format="xlsx")
        assert xlsx.status_code == 200
        (tmp_path / "s.xlsx").write_bytes(xlsx.content)
        book = openpyxl.load_workbook(tmp_path / "s.xlsx", read_only=True)
        sheet = list(book["Followers"].iter_rows(values_only=True))
        assert len(sheet) == 41 and sheet[0][0] == "Event"  # a header and 40 followers
        assert {row[0] for row in sheet[1:]} == {event.name}
        data = _download(http, "/console/exports/summary", format="json").json()
        assert data["total"] >= 40 and data["source"] == "databank"
        report = _download(http, "/console/exports/partner-report", format="pdf")
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report.content)).pages)
        assert "Appendix 7.1" in text
        bad = _download(http, "/console/exports/summary", format="docx")
        assert bad.status_code == 400 and "format" in problem(bad.text)
        forged = http.post("/console/exports/summary", data={"format": "pdf"})
        assert forged.status_code == 403
        log = _audit(http, event.id)
        assert log.count(">export<") >= 2 and "rows with personal data=40" in log


def test_the_newsletter_list_of_an_event(databank, coordinator, fair):
    """Every follower of the event agreed to be contacted (the form requires it; who did not
    is left out, tests/unit/exports/test_newsletter.py): one row each, with the proof."""
    _laptop, event = fair
    with closing(signed_in(databank, coordinator)) as http:
        answer = _download(http, "/console/exports/newsletter", layout="brevo", event=event.id)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(answer.text)))
        assert len(rows) == 40 and len({r["EMAIL"] for r in rows}) == 40
        assert all(r["CONSENT_GIVEN_AT"] and r["CONSENT_TEXT_VERSION"] for r in rows)
        assert list(rows[0])[:4] == ["EMAIL", "FIRSTNAME", "LASTNAME", "SMS"]
        assert "contacts=40" in _audit(http, "lea-newsletter-brevo")
        unknown = _download(http, "/console/exports/newsletter", layout="constant-contact")
        assert unknown.status_code == 400 and "mailing tool" in problem(unknown.text)


def test_a_partner_downloads_only_its_own_followers(databank, fair, make_laptop):
    """INNOVA's laptop collected 5 followers; the partner's workbook and list hold those 5,
    while the summary's figures are the consortium's."""
    own = make_laptop(databank)
    databank.cli("token", "revoke", own.name)  # its token made again, naming its partner
    token = databank.cli("token", "create", own.name, "--partner", "INNOVA").stdout
    own.token = token.strip().splitlines()[-1]
    from lea_desktop.sync import credentials

    credentials.save_token(own.home, own.token)
    event = own.add_event(f"Budapest {uuid.uuid4().hex[:6]}", responsible_partner="ENTER")
    populate(own.store, event.id, _unmapped(5, seed=33))
    assert own.sync().complete
    partner = make_user(databank, "partner", "INNOVA")
    with closing(signed_in(databank, partner)) as http:
        listed = _download(http, "/console/exports/newsletter", layout="mailchimp",
                           event=event.id)  # fmt: skip
        emails = {r["Email Address"] for r in csv.DictReader(io.StringIO(listed.text))}
        assert len(emails) == 5
        other = _download(http, "/console/exports/newsletter", layout="mailchimp",
                          event=fair[1].id)  # fmt: skip
        assert len(list(csv.DictReader(io.StringIO(other.text)))) == 0
        data = _download(http, "/console/exports/summary", format="json").json()
        assert data["total"] >= 45  # the consortium's figures
