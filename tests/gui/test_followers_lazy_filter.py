"""The followers table at typing speed: a broad term reads only the first rows' numbers (the rest
when scrolled to), a narrower event scope still lists exactly the matching followers, and one or
two typed characters filter at once by the start of a word."""

from __future__ import annotations

from lea_desktop.domain import clock
from lea_desktop.domain.records import Registration, new_id
from lea_desktop.formkit import load_form
from lea_desktop.storage import events, registrations
from lea_desktop.ui.models.followers_model import FIRST_ROWS, SEQ_ROLE, FollowersModel
from lea_desktop.usecases import followers

CITIES = ["Braga", "Lyon", "Oulu", "Göteborg"]


def _insert(store, n: int, event_ids: list[str]) -> None:
    """n followers, "Org i" of contact "Person i", spread over the events."""
    form = load_form()
    stamp = clock.now_iso()
    rows = []
    for i in range(n):
        answers = {
            **form.blank_answers(),
            "organisation": f"Org {i}",
            "contact_name": f"Person {i}",
            "email": f"person{i}@example.org",
            "country": "FI",
            "city": CITIES[i % len(CITIES)],
            "types": ["school"],
        }
        reg = Registration(
            id=new_id(), event_id=event_ids[i % len(event_ids)], form_id=form.id,
            form_version=form.version, answers=answers, created_at=stamp, updated_at=stamp,
        )  # fmt: skip
        rows.append(
            registrations.to_row(reg, form.search_text(answers), followers.email_key(answers))
        )
    assert registrations.insert_many(store.db, rows) == n


def _other_event(store):
    return events.create(
        store.db,
        {"name": "OEB 2026", "city": "Berlin", "country": "DE", "starts": "2026-12-02",
         "ends": "2026-12-04"},
    )  # fmt: skip


def _shown(model: FollowersModel, column: int = 0) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_a_broad_term_reads_the_first_rows_then_the_rest_when_scrolled_to(
    qtmodeltester, store, event
):
    """With one event, a term matching 400 followers counts them all but reads only the newest
    row numbers; reading the last row (a scroll to the bottom) reads the rest, in the same
    order as the full search; Qt's model checks pass in both states."""
    _insert(store, 400, [event.id])
    model = FollowersModel(store, load_form())
    model.set_query("person", event.id)
    expected = registrations.search_seqs(store.db, "person", event_id=event.id)
    assert model.rowCount() == len(expected) == 400
    assert len(model._seqs) == FIRST_ROWS < 400  # only the first rows' numbers so far
    assert model.index(0, 0).data() == "Org 399"
    assert model.index(399, 0).data() == "Org 0"  # scrolled to the bottom
    assert [model.index(r, 0).data(SEQ_ROLE) for r in range(400)] == expected
    assert _shown(model) == [f"Org {i}" for i in range(399, -1, -1)]
    model.set_query("pe", event.id)  # a short term, same lazy path (word index)
    assert model.rowCount() == 400
    qtmodeltester.check(model, force_py=True)


def test_a_narrower_scope_lists_exactly_the_followers_matching_in_it(store, event):
    """With two events, "This event" shows only its own matches, for long and short terms."""
    other = _other_event(store)
    _insert(store, 300, [event.id, other.id])
    model = FollowersModel(store, load_form())
    for term in ("person", "braga", "br", "1", "."):
        model.set_query(term, event.id)
        expected = registrations.search_seqs(store.db, term, event_id=event.id)
        assert [model.index(r, 0).data(SEQ_ROLE) for r in range(model.rowCount())] == expected
        model.set_query(term, None)
        assert model.rowCount() == len(registrations.search_seqs(store.db, term)), term


def test_a_row_deleted_after_the_count_shows_as_deleted_not_an_error(store, event):
    """A follower deleted by another connection between the keystroke and the scroll leaves a
    "(deleted)" row until the next query, never a crash or a shifted table."""
    _insert(store, 200, [event.id])
    model = FollowersModel(store, load_form())
    model.set_query("person", event.id)
    oldest = registrations.search_seqs(store.db, "person 0")[-1]
    store.db.execute("DELETE FROM registrations WHERE seq = ?", [oldest])
    assert model.rowCount() == 200
    assert model.index(199, 0).data() == "(deleted)"
    assert model.index(198, 0).data() == "Org 1"
    model.refresh()
    assert model.rowCount() == 199


def test_one_or_two_characters_filter_at_once_by_the_start_of_a_word(qtbot, window, store, event):
    """Typing "ly" narrows the table on the keystroke itself (no pause needed) to the word
    starting with it (Lyon), accents folded ("go" finds Göteborg); "." alone filters nothing."""
    _insert(store, 40, [event.id])
    window.context.set_active_event(event)
    page = window.open_page("followersPage")
    qtbot.waitUntil(page.isVisible)
    qtbot.keyClicks(page.filter_edit, "ly")
    assert page.model.term == "ly"  # no timer: the query ran on the keystroke
    assert set(_shown(page.model, 4)) == {"Lyon"} and page.model.rowCount() == 10
    assert page.count_label.text() == "10 followers at BETT 2027 matching “ly”"
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "go")
    assert set(_shown(page.model, 4)) == {"Göteborg"}
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, ".")
    assert page.model.rowCount() == 40
    assert page.count_label.text() == "40 followers at BETT 2027"
