"""`lea-desktop export --format mailchimp|hubspot|brevo`: only the followers who agreed to be
contacted, in the tool's import layout with the consent time and text version, read back with
the csv module."""

from __future__ import annotations

import csv
import os
import stat

import pytest

from lea_desktop.cli import main
from lea_desktop.domain import clock
from lea_desktop.domain.records import Registration, new_id
from lea_desktop.formkit import load_form
from lea_desktop.storage import registrations
from lea_desktop.usecases import followers


@pytest.fixture
def people(store, event, good_answers):
    """Two followers who agreed to be contacted (one signed up in Finnish), and one record
    from before consent was asked (contact box unticked, no proof): never listed."""
    ids = []
    for n, (lang, name) in enumerate((("fi", "Aino Maria Virtanen"), ("de", "Jörg Weiß"))):
        answers = {**good_answers, "email": f"p{n}@example.fi", "contact_name": name,
                   "organisation": "=HYPERLINK(\"x\")" if n else good_answers["organisation"]}  # fmt: skip
        result = followers.save_new(store, answers, event_id=event.id, lang=lang)
        assert result.ok, result.errors
        ids.append(result.registration.id)
    form = load_form()
    answers = {**good_answers, "email": "no.consent@example.fi", "consent_contact": False}
    stamp = clock.now_iso()
    legacy = Registration(id=new_id(), event_id=event.id, form_id=form.id,
                          form_version=form.version, answers=answers, created_at=stamp,
                          updated_at=stamp, consent=None)  # fmt: skip
    registrations.insert(store.db, legacy, form.search_text(answers), "no.consent@example.fi")
    return ids


def _read(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_mailchimp_gets_the_consented_followers_in_its_columns(
    people, event, store, tmp_path, capsys
):
    out = tmp_path / "mailchimp.csv"
    code = main(["export", "--event", event.id, "--format", "mailchimp", "--out", str(out)])
    assert code == 0
    assert "Exported 2 followers who agreed to be contacted" in capsys.readouterr().out
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # no BOM: the tools' rule
    rows = _read(out)
    assert list(rows[0])[:3] == ["Email Address", "First Name", "Last Name"]
    assert [r["Email Address"] for r in rows] == ["p0@example.fi", "p1@example.fi"]
    aino = rows[0]
    assert (aino["First Name"], aino["Last Name"]) == ("Aino", "Maria Virtanen")
    assert aino["Language"] == "fi" and aino["Country"] == "FI"
    saved = registrations.get(store.db, people[0])
    assert aino["Consent Given At"] == saved.consent["given_at"]
    assert aino["Consent Text Version"] == saved.consent["texts"]["contact"]["version"]
    assert rows[1]["Company"].startswith("'=")  # a formula never runs in a spreadsheet


def test_hubspot_layout_and_all_events(people, tmp_path, capsys):
    out = tmp_path / "hubspot.csv"
    assert main(["export", "--all", "--format", "hubspot", "--out", str(out)]) == 0
    rows = _read(out)
    assert {"Email", "Company Name", "Consent given at", "Consent text version"} <= set(rows[0])
    assert sorted(r["Email"] for r in rows) == ["p0@example.fi", "p1@example.fi"]
    assert all(r["Consent given at"] and r["Consent text version"] for r in rows)


def test_an_unknown_tool_is_refused_with_the_choices(people, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["export", "--all", "--format", "salesforce", "--out", str(tmp_path / "x.csv")])
    assert stop.value.code == 2
    assert "mailchimp" in capsys.readouterr().err
