"""The console's Followers pages through the real databank on SQLite and PostgreSQL: search
with accents and case ignored, filters, a partner's scope, a follower's page (answers, consent,
history), edit with formkit's validation, erasure that reaches the laptops, hostile input."""

from __future__ import annotations

import html
import json
import re
import time
import uuid
from contextlib import closing

import httpx
import pytest

from tests.integration.sync.console_helpers import (
    add_follower,
    console_world,
    csrf_of,
    heading,
    problem,
    row_ids,
    signed_in,
)


@pytest.fixture(scope="module")
def world(databank, tmp_path_factory):  # type: ignore[no-untyped-def]
    yield from console_world(databank, tmp_path_factory)


def test_search_ignores_accents_and_case_and_filters_narrow_the_list(databank, world):
    ids, tag = world["ids"], world["tag"]
    with closing(signed_in(databank, world["coordinator"])) as http:
        for typed in (f"lycee orestad {tag}", f"LYCÉE {tag}", f"gote {tag}", f"ØRESTAD {tag}"):
            page = http.get("/console/followers", params={"q": typed})
            assert page.status_code == 200
            assert row_ids(page.text) == [ids["lycee"]], typed
        every = http.get("/console/followers", params={"q": tag})
        assert set(row_ids(every.text)) == set(ids.values())
        assert (
            http.get("/console/followers", params={"q": tag, "country": "fr"}).text.count(
                "data-id="
            )
            == 1
        )
        typed = row_ids(http.get("/console/followers", params={"q": tag, "type": "supplier"}).text)
        assert typed == [ids["hostile"]]
        at_fair = http.get("/console/followers", params={"event": world["fair_a"].id}).text
        assert set(row_ids(at_fair)) == {ids["lycee"], ids["school"]}
        of_partner = http.get("/console/followers", params={"partner": world["innova_name"]})
        assert set(row_ids(of_partner.text)) == {ids["lycee"], ids["school"]}
        az = row_ids(http.get("/console/followers", params={"q": tag, "sort": "organisation"}).text)
        assert az == [ids["hostile"], ids["school"], ids["lycee"]]  # <script…, koulu, lycee
        # A follower's text is data: escaped, never markup.
        assert f'<script>alert("{tag}")' not in every.text
        assert f"&lt;script&gt;alert(&#34;{tag}&#34;)&lt;/script&gt;" in every.text
        # Hostile query strings find nothing, or read page 1; never a 500.
        for params in ({"q": "%"}, {"q": "_"}, {"q": "|country:"}, {"page": "-3"},
                       {"page": "x" * 50}, {"sort": "1; DROP TABLE records"}, {"q": "x" * 10_000},
                       {"country": "\u0000"}):  # fmt: skip
            answer = http.get("/console/followers", params=params)
            assert answer.status_code == 200, params
        assert row_ids(http.get("/console/followers", params={"q": f"% {tag}"}).text) == []


def test_a_partner_sees_its_own_followers_and_only_figures_of_others(databank, world):
    ids = world["ids"]
    with closing(signed_in(databank, world["innova"])) as http:
        mine = http.get("/console/followers", params={"event": world["fair_a"].id})
        assert set(row_ids(mine.text)) == {ids["lycee"], ids["school"]}
        theirs = http.get("/console/followers", params={"event": world["fair_b"].id})
        assert row_ids(theirs.text) == []
        assert "1 more of other partners match (figures only)" in theirs.text
        assert "script" not in theirs.text.split("<tbody>")[1]
        refused = http.get(f"/console/followers/{ids['hostile']}")
        assert refused.status_code == 403
        assert "another partner" in problem(refused.text)
        own = http.get(f"/console/followers/{ids['lycee']}")
        assert own.status_code == 200 and "Erase…" not in own.text and 'id="edit"' not in own.text
        erase = http.post(
            f"/console/followers/{ids['lycee']}/erase", data={"csrf_token": csrf_of(own.text)}
        )
        assert erase.status_code == 403 and "Only a coordinator may erase" in problem(erase.text)
    # The event's responsible partner sees the followers collected at its event.
    with closing(signed_in(databank, world["enter"])) as http:
        assert http.get(f"/console/followers/{ids['hostile']}").status_code == 200


def test_the_list_is_paged_and_sorted_by_when_collected(databank, world):
    laptop = world["b"]
    event = laptop.add_event(f"Paged {world['tag']}")
    ids = laptop.add_followers(55, event.id)
    assert laptop.sync().reached
    with closing(signed_in(databank, world["coordinator"])) as http:
        first = http.get("/console/followers", params={"event": event.id, "sort": "collected"})
        one = row_ids(first.text)
        assert len(one) == 50 and "Page 1 of 2" in first.text and 'rel="prev"' not in first.text
        link = re.search(r'href="\?([^"]*)" rel="next"', first.text)
        assert link, "page 1 of 2 offers no next page"
        second = http.get("/console/followers?" + html.unescape(link.group(1)))
        two = row_ids(second.text)
        assert "Page 2 of 2" in second.text and 'rel="prev"' in second.text
        assert len(two) == 5 and set(one) | set(two) == set(ids)
        newest = http.get("/console/followers", params={"event": event.id, "sort": "-collected"})
        assert row_ids(newest.text)[:5] == two[::-1]
        # A page past the last shows the last.
        far = http.get("/console/followers", params={"event": event.id, "page": "9"})
        assert "Page 2 of 2" in far.text and len(row_ids(far.text)) == 5


def test_a_follower_s_page_shows_answers_consent_and_history_and_its_view_is_audited(
    databank, world
):
    rid = world["ids"]["lycee"]
    with closing(signed_in(databank, world["coordinator"])) as http:
        page = http.get(f"/console/followers/{rid}")
        assert page.status_code == 200
        assert heading(page.text) == f"Lycée Ørestad {world['tag']}"
        assert '<dt>Organisation</dt><dd data-field="organisation">' in page.text
        assert '<dd data-field="country">France (FR)</dd>' in page.text
        assert '<dd data-field="types">Procurer / policy maker</dd>' in page.text
        assert '<dd data-field="consent_contact">Yes</dd>' in page.text
        assert "<dt>Text SHA-256</dt><dd><code>" + "ab" * 32 in page.text
        assert "<dt>Purposes</dt><dd>contact</dd>" in page.text
        assert f"(laptop {world['a'].name})</td><td>created</td><td>1</td>" in page.text
        audit = http.get("/console/audit", params={"q": rid})
        assert f"<td>{world['coordinator']}</td><td>view follower</td><td>{rid}</td>" in audit.text
        assert http.get(f"/console/followers/{uuid.uuid4()}").status_code == 404
        gone = http.get("/console/followers/not-a-uuid")
        assert gone.status_code == 404 and "UUID" in problem(gone.text)


def _edit_form(page: str) -> dict[str, object]:
    """The edit form's inputs as the browser would send them untouched."""
    form = page.split('id="edit"')[1]
    data: dict[str, object] = {}
    for kind, name, value in re.findall(
        r'<input type="([a-z]+)"[^>]*name="([^"]+)" value="([^"]*)"', form
    ):
        if kind != "checkbox":
            data[name] = html.unescape(value)
    data["types"] = re.findall(r'name="types" value="([^"]+)" checked', form)
    data["interests"] = re.findall(r'name="interests" value="([^"]+)" checked', form)
    for name, options in re.findall(r'<select id="edit-[^"]+" name="([^"]+)"[^>]*>(.*?)</select>',
                                    form, re.S):  # fmt: skip
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        data[name] = html.unescape(chosen.group(1)) if chosen else ""
    return data


def test_an_edit_is_validated_kept_as_a_new_revision_and_recorded(databank, world, tmp_path):
    rid = world["ids"]["school"]
    with closing(signed_in(databank, world["coordinator"])) as http:
        page = http.get(f"/console/followers/{rid}").text
        # Each answer in the input of its kind: a choice a list, a date a date, an email one.
        assert '<select id="edit-rating" name="rating"' in page
        assert '<input type="date" id="edit-followup_due"' in page
        assert '<input type="email" id="edit-email"' in page
        data = _edit_form(page)
        assert data["country"] == "FI" and data["email"]
        bad = http.post(
            f"/console/followers/{rid}/edit", data={**data, "email": "aino@", "city": "Tampere"}
        )
        assert bad.status_code == 422
        assert "1 answer needs attention" in problem(bad.text)
        assert 'id="err-email"' in bad.text and 'value="aino@"' in bad.text  # kept as typed
        assert 'value="Tampere"' in bad.text
        no_token = http.post(f"/console/followers/{rid}/edit", data={**data, "csrf_token": ""})
        assert no_token.status_code == 403 and "CSRF" in problem(no_token.text)
        good = http.post(f"/console/followers/{rid}/edit", data={**data, "city": "Tampere"})
        assert good.status_code == 303
        saved = http.get(good.headers["location"]).text
        assert '<dd data-field="city">Tampere</dd>' in saved and "revision 2" in saved
        assert (
            f"<td>{world['coordinator']} (console)</td><td>edited</td><td>2</td><td>city</td>"
            in saved
        )
        # The laptop's creation of the record is kept below the edit, as it was.
        created = f"(laptop {world['a'].name})</td><td>created</td><td>1</td>"
        assert created in saved and saved.index("<td>edited</td>") < saved.index(created)
        stale = http.post(f"/console/followers/{rid}/edit", data={**data, "city": "Oulu"})
        assert stale.status_code == 409 and 'value="Oulu"' in stale.text
        audit = http.get("/console/audit", params={"q": rid}).text
        assert "<td>edit follower</td>" in audit and "fields: city" in audit
    [held] = [r for r in databank.export_json(tmp_path / "out.json") if r["id"] == rid]
    assert held["city"] == "Tampere"
    # As any write of a follower, the edit is in the directory the other laptops pull.
    auth = {"Authorization": f"Bearer {world['b'].token}"}
    entries, since = {}, 0
    while True:
        page = httpx.get(f"{databank.url}/api/v1/directory", params={"since": since},
                         headers=auth).json()  # fmt: skip
        entries.update({e["id"]: e for e in page["entries"]})
        since = page["cursor"]
        if not page["more"]:
            break
    assert entries[rid]["city"] == "Tampere"
    # The laptop that collected it takes the new revision at its next sync (as after a web
    # sign-up), so its own next edit goes up as revision 3 instead of a conflict.
    laptop = world["a"]
    assert laptop.sync().reached
    assert laptop.local_revisions()[rid] == 2
    (answers,) = laptop.db.execute(
        "SELECT answers FROM registrations WHERE id = ?", [rid]
    ).fetchone()
    assert json.loads(answers)["city"] == "Tampere"


def test_an_edit_reaches_the_laptops_whose_scope_covers_the_follower(databank, world, make_laptop):
    """A laptop of the same partner with the scope `partner` holds the follower in full: the
    coordinator's edit comes down to it too; a laptop of another partner (scope own) gets
    nothing of it."""
    from lea_desktop.storage import registrations
    from tests.integration.sync.console_helpers import add_follower

    a, b = world["a"], world["b"]
    # On an event of its own, named without the module's tag: the other tests' searches by
    # the tag do not find it.
    fair = a.add_event(f"Skolforum {uuid.uuid4().hex[:6]}")
    rid = add_follower(a, fair.id, organisation="Skola Växjö")
    assert a.sync().reached
    colleague = make_laptop(databank, partner=world["innova_name"], scope="partner")
    assert colleague.sync().complete
    assert registrations.get(colleague.db, rid) is not None
    with closing(signed_in(databank, world["coordinator"])) as http:
        data = _edit_form(http.get(f"/console/followers/{rid}").text)
        done = http.post(f"/console/followers/{rid}/edit", data={**data, "city": "Växjö"})
        assert done.status_code == 303
    report = colleague.sync()
    assert report.complete and report.records_pulled == 1
    held = registrations.get(colleague.db, rid)
    assert held.answers["city"] == "Växjö" and held.revision == 2
    assert a.sync().reached and registrations.get(a.db, rid).answers["city"] == "Växjö"
    assert b.sync().reached and registrations.get(b.db, rid) is None


def test_an_edit_is_in_the_collecting_laptop_s_scoped_pull_whatever_its_email(databank, world):
    """The collecting laptop (scope own) is sent the coordinator's edit in its scoped records
    pull, which goes by the record's writer, not by its email address (the web sign-ups pull,
    which also brings it, goes by the address): an edit reaches it however the address reads."""
    from lea_desktop.sync import scope_protocol
    from tests.integration.sync.console_helpers import add_follower

    a = world["a"]
    fair = a.add_event(f"Skolforum {uuid.uuid4().hex[:6]}")
    rid = add_follower(a, fair.id, organisation="Skola Kalmar")
    assert a.sync().complete

    def scoped_revisions() -> dict[str, int]:
        answer = httpx.get(
            f"{databank.url}{scope_protocol.RECORDS}",
            params={"since": 0, "device_id": a.store.device_id},
            headers={"Authorization": f"Bearer {a.token}"},
        )
        assert answer.status_code == 200
        page = scope_protocol.parse_record_page(answer.json(), 0)
        return {item.record.id: item.record.revision for item in page.records}

    assert rid not in scoped_revisions()  # its own write: never sent back
    with closing(signed_in(databank, world["coordinator"])) as http:
        data = _edit_form(http.get(f"/console/followers/{rid}").text)
        done = http.post(f"/console/followers/{rid}/edit", data={**data, "city": "Kalmar"})
        assert done.status_code == 303
    assert scoped_revisions()[rid] == 2
    assert a.sync().complete and a.local_revisions()[rid] == 2


def test_erasure_asks_for_confirmation_and_reaches_the_laptop(databank, world):
    rid, laptop = world["ids"]["school"], world["a"]
    assert rid in laptop.local_revisions()
    with closing(signed_in(databank, world["coordinator"])) as http:
        confirm = http.get(f"/console/followers/{rid}/erase")
        assert confirm.status_code == 200 and "cannot be undone" in confirm.text
        refused = http.post(f"/console/followers/{rid}/erase", data={"csrf_token": "forged"})
        assert refused.status_code == 403
        assert http.get(f"/console/followers/{rid}").status_code == 200  # still there
        done = http.post(
            f"/console/followers/{rid}/erase", data={"csrf_token": csrf_of(confirm.text)}
        )
        assert done.status_code == 303
        listed = http.get(done.headers["location"]).text
        assert "erased; every laptop erases its copy" in listed
        assert rid not in row_ids(http.get("/console/followers", params={"q": world["tag"]}).text)
        gone = http.get(f"/console/followers/{rid}")
        assert gone.status_code == 404 and "erased on" in problem(gone.text)
        audit = http.get("/console/audit", params={"q": rid}).text
        assert "<td>erase follower</td>" in audit
    deadline = time.monotonic() + 30
    while rid in laptop.local_revisions() and time.monotonic() < deadline:
        laptop.sync()
    assert rid not in laptop.local_revisions()


def test_oversized_or_garbage_edit_forms_get_a_4xx_with_their_reason(databank, world):
    rid = world["ids"]["lycee"]
    with closing(signed_in(databank, world["coordinator"])) as http:
        token = csrf_of(http.get(f"/console/followers/{rid}").text)
        url = f"/console/followers/{rid}/edit"
        huge = http.post(url, data={"csrf_token": token, "notes": "x" * 70_000})
        assert huge.status_code == 413 and "larger than" in problem(huge.text)
        assert http.post(url, content=b"\xff\xfe", headers={
            "Content-Type": "application/x-www-form-urlencoded"}).status_code == 400  # fmt: skip
        no_rev = http.post(url, data={"csrf_token": token, "revision": "abc"})
        assert no_rev.status_code == 400 and "revision" in problem(no_rev.text)
        long = http.post(url, data={"csrf_token": token, "revision": "1", "organisation": "x" * 5000,
                                    "types": "school", "country": "FI"})  # fmt: skip
        assert long.status_code == 422


def test_a_script_as_the_collector_s_name_is_text_in_the_history(databank, world):
    """The "created" entry a laptop's follower shows is read from its record (nothing was
    written for it): the collector's name a laptop sent is still text on the page, escaped."""
    laptop, tag = world["a"], world["tag"]
    rid = add_follower(laptop, world["fair_a"].id, organisation=f"Collected {tag}")
    hostile = f'<script>alert("{tag}")</script>'
    laptop.db.execute("UPDATE registrations SET collected_by = ? WHERE id = ?", [hostile, rid])
    assert laptop.sync().reached
    with closing(signed_in(databank, world["coordinator"])) as http:
        page = http.get(f"/console/followers/{rid}").text
    assert f"<script>alert(&#34;{tag}&#34;)" not in page and hostile not in page
    escaped = f"&lt;script&gt;alert(&#34;{tag}&#34;)&lt;/script&gt; (laptop {laptop.name})"
    assert f"<td>{escaped}</td><td>created</td><td>1</td>" in page
