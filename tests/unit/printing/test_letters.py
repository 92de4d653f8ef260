"""The LEA-N letter of intent and the assistance & support request: the records behind them
(status on the follower, tasks and requests as child records) and their printouts."""

from __future__ import annotations

import pytest

from lea_desktop.cli import main
from lea_desktop.formkit import load_form
from lea_desktop.printing import letters
from lea_desktop.storage import registrations
from lea_desktop.usecases import followers, procurers

# Sentences of the seed report's Appendix 7.4, copied from the report: the printed letter must
# keep them word for word.
SEED_SENTENCES = (
    "LEA Grant Agreement no. 779803 is a H2020 project is funded by the European Commission.",
    "Note that this document is not of a legally binding character.",
    "our interest in the above mentioned project and to join the network of procurers of "
    "education LEA-N. We would like to be kept informed about and contribute to the progress of "
    "this project and networks activities.",
    "Europe's first, and to date only, PCP project within the field of education, and in "
    "particular of PLE in STEM for primary and secondary education.",
    "WHY? We want to participate in LEA network to reform and open up the traditional and closed "
    "educational systems to achieve increased learning results.",
    "HOW? By using the purchase power of public procurement to steer user-driven innovations for "
    "digital learning.",
    "Additionally, by joining the LEA project we will receive support to develop legal tender "
    "documentation and get guidance on where to find funding for LEA innovation procurement calls "
    "(LEA PCP/LEA PPI) on national, regional and EU level.",
    "We hereby see that the LEA project is in line with the goals and strategies of our "
    "organization.",
    "in the following tasks: (select the applicable task/s)",
    "attend capacity building seminars arranged by LEA;",
    "take part in possible upcoming PPI and PCP initiatives",
    "contribute to develop a common demand policy on education and learning technology for 2030",
    "and signature of its representative",
    "Seal of the organisation",
)


@pytest.fixture
def follower(store, event, good_answers):
    result = followers.save_new(store, {**good_answers, "organisation": "Città di Torino & Co."},
                                event_id=event.id)  # fmt: skip
    assert result.ok, result.errors
    return result.registration


def test_letter_keeps_the_seed_text_and_fills_in_the_organisation_and_tasks(tmp_path, pdf):
    """The printed letter carries the appendix's sentences, the organisation's name (twice) and
    ticked boxes for exactly the chosen tasks."""
    out = tmp_path / "loi.pdf"
    details = letters.LetterDetails(
        organisation="Città di Torino & Co.", tasks=("capacity_building", "demand_policy"),
        representative="Giulia Rossi", position="Dirigente", date="2027-01-13",
    )  # fmt: skip
    assert letters.render_letter(details, out) == 1
    text = " ".join(pdf.text(out))
    for sentence in SEED_SENTENCES:
        assert sentence in text, sentence
    assert text.count("Città di Torino & Co.") == 2
    assert "☒ attend capacity building seminars" in text
    assert "☐ take part in possible upcoming PPI and PCP initiatives" in text
    assert "☒ contribute to develop a common demand policy" in text
    assert "Date, 13 Jan 2027" in text and "Giulia Rossi, Dirigente" in text
    assert out.stat().st_mode & 0o077 == 0


def test_a_blank_letter_leaves_lines_to_write_on(tmp_path, pdf):
    """Without an organisation or tasks, the letter asks for the name and ticks nothing."""
    out = tmp_path / "blank.pdf"
    letters.render_letter(letters.LetterDetails(), out)
    text = " ".join(pdf.text(out))
    assert "(please insert the name of your organisation)" in text
    assert "☒" not in text and text.count("☐") == 3
    assert "Date, ____" in text
    # no representative named: the signature line says whose it is, and a line for the name
    assert "and signature of its representative" not in text
    assert "Signature of the organisation's representative" in text
    assert "Name and position: ____" in text


def test_unknown_tasks_are_refused():
    """A task that is not a choice of the letter's form cannot be ticked."""
    with pytest.raises(letters.LetterError, match="Unknown task"):
        letters.render_letter(letters.LetterDetails(tasks=("lunch",)), "/dev/null")


def test_loi_status_is_set_on_the_follower_and_queued_for_the_databank(store, follower):
    """offered → signed with dates; each change bumps the revision and re-queues the follower."""
    offered = procurers.set_loi_status(store, follower.id, "offered", "2026-01-10")
    assert (offered.loi_status, offered.loi_date) == ("offered", "2026-01-10")
    assert offered.revision == follower.revision + 1
    signed = procurers.set_loi_status(store, follower.id[:8], "signed")
    assert signed.loi_status == "signed" and signed.loi_date
    row = store.db.execute(
        "SELECT revision, status FROM outbox WHERE entity = 'registration' AND entity_id = ?",
        [follower.id],
    ).fetchone()
    assert row == (signed.revision, "pending")
    cleared = procurers.set_loi_status(store, follower.id, "")
    assert (cleared.loi_status, cleared.loi_date) == ("", "")


@pytest.mark.parametrize(
    ("status", "day", "message"),
    [("maybe", None, "Unknown letter of intent status"), ("signed", "2999-01-01", "future"),
     ("signed", "13.1.2027", "YYYY-MM-DD")],
)  # fmt: skip
def test_bad_status_or_date_is_refused(store, follower, status, day, message):
    """A status other than offered/signed, a future or malformed date: a message, no change."""
    with pytest.raises(procurers.ProcurerError, match=message):
        procurers.set_loi_status(store, follower.id, status, day)
    assert registrations.get(store.db, follower.id).revision == follower.revision


def test_letter_contents_are_one_child_record_edited_in_place(store, follower):
    """Tasks and signer are saved as a letter_of_intent child of the follower; saving again edits
    the same record (revision 2), prefilled with the follower's organisation."""
    first = procurers.save_letter_of_intent(store, follower.id, {"tasks": ["ppi_pcp"]})
    assert first.ok, first.errors
    reg = first.registration
    assert (reg.kind, reg.form_id, reg.parent_id) == (
        "letter_of_intent",
        "letter_of_intent",
        follower.id,
    )
    assert reg.answers["organisation"] == "Città di Torino & Co."
    second = procurers.save_letter_of_intent(store, follower.id, {"representative": "G. Rossi"})
    assert second.ok and second.registration.id == reg.id and second.registration.revision == 2
    assert second.registration.answers["tasks"] == ["ppi_pcp"]
    assert [r.id for r in registrations.children(store.db, follower.id)] == [reg.id]
    assert registrations.count(store.db) == 1, "children are not counted as followers"


def test_assistance_requests_save_as_children_without_the_email_duplicate_check(store, follower):
    """save_new with the assistance form works for a non-follower kind: two requests for the same
    follower are both kept, each queued for the databank."""
    form = load_form("assistance_request")
    for text in ("Help with tender documents", "A capacity building seminar"):
        result = followers.save_new(
            store, {"organisation": "Città di Torino & Co.", "assistance": text},
            event_id=follower.event_id, form=form, parent_id=follower.id,
        )  # fmt: skip
        assert result.ok, result.errors
    saved = procurers.assistance_requests(store, follower.id)
    assert [r.answers["assistance"] for r in saved] == [
        "Help with tender documents", "A capacity building seminar",
    ]  # fmt: skip
    assert all(r.kind == "assistance_request" and r.parent_id == follower.id for r in saved)
    queued = {
        r[0] for r in store.db.execute("SELECT entity_id FROM outbox WHERE entity = 'registration'")
    }
    assert queued == {follower.id, *(r.id for r in saved)}
    missing = followers.save_new(store, {"organisation": "X"}, event_id=follower.event_id,
                                 form=form, parent_id=follower.id)  # fmt: skip
    assert not missing.ok and "assistance" in missing.errors


def test_assistance_printout_is_filled_from_saved_requests_or_blank_with_the_organisation(
    tmp_path, capsys, store, follower, pdf
):
    """Without a saved request the form is blank but names the organisation; with requests, each
    is printed with its answers. Through the CLI, as staff use it."""
    blank = tmp_path / "blank.pdf"
    assert main(["assistance", "--follower", follower.id, "--lang", "de", "--out", str(blank)]) == 0
    text = " ".join(pdf.text(blank))
    form = load_form("assistance_request")
    for f in form.fields:
        assert f.label("de") in text
    assert "Città di Torino & Co." in text and "Aino Virtanen" in text
    assert main(["assistance-add", "--follower", follower.id[:8],
                 "--answer", "assistance=Tender documents for adaptive maths; and a seminar",
                 "--answer", "timeline=Q3 2027"]) == 0  # fmt: skip
    filled = tmp_path / "filled.pdf"
    assert main(["assistance", "--follower", follower.id, "--out", str(filled)]) == 0
    text = " ".join(pdf.text(filled))
    assert "Tender documents for adaptive maths; and a seminar" in text and "Q3 2027" in text
    assert "Received:" in text
    capsys.readouterr()
    assert main(["assistance-add", "--follower", follower.id, "--answer", "budget=1"]) == 2
    assert "Unknown field budget" in capsys.readouterr().err


def test_loi_commands_save_tasks_print_and_set_the_status(tmp_path, capsys, store, follower, pdf):
    """`loi --tasks` saves and prints the ticked tasks; `loi-status` records offered and signed."""
    out = tmp_path / "loi.pdf"
    code = main(["loi", "--follower", follower.id, "--tasks", "ppi_pcp,demand_policy",
                 "--representative", "Giulia Rossi", "--out", str(out)])  # fmt: skip
    assert code == 0
    assert "--status offered" in capsys.readouterr().out
    text = " ".join(pdf.text(out))
    assert "☒ take part in possible upcoming PPI and PCP initiatives" in text
    assert "☐ attend capacity building seminars" in text and "Giulia Rossi" in text
    saved = procurers.letter_of_intent(store, follower.id)
    assert saved.answers["tasks"] == ["ppi_pcp", "demand_policy"]
    assert main(["loi-status", "--follower", follower.id, "--status", "signed",
                 "--date", "2026-01-15"]) == 0  # fmt: skip
    assert "signed on 2026-01-15" in capsys.readouterr().out
    reg = registrations.get(store.db, follower.id)
    assert (reg.loi_status, reg.loi_date) == ("signed", "2026-01-15")
    assert main(["loi", "--follower", follower.id, "--tasks", "lunch", "--out", str(out)]) == 2
    assert "Unknown task lunch" in capsys.readouterr().err
    assert main(["loi", "--follower", "nobody-here", "--out", str(out)]) == 2
    assert "No follower with id nobody-here" in capsys.readouterr().err
