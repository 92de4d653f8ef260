"""The filter folds accents and case on both sides: stored search text and typed term."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils.migrations import Migrations

from lea_desktop.domain.search_fold import fold
from lea_desktop.storage import Store, registrations
from lea_desktop.usecases import followers


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Göteborg", "goteborg"),
        ("LYCÉE", "lycee"),
        ("Straße", "strasse"),
        ("Ørsted", "orsted"),
        ("Łódź", "lodz"),
        ("Æbeltoft", "aebeltoft"),
        ("Œuvre", "oeuvre"),
        ("Đakovo", "dakovo"),
        ("Þórshöfn", "thorshofn"),
        ("İzmir", "izmir"),
        ("plain ascii", "plain ascii"),
    ],
)
def test_fold_removes_accents_and_case_and_spells_out_whole_letters(text, folded):
    """NFKD and casefold do most; ø, æ, ł, đ, þ … are spelled as typed without the key."""
    assert fold(text) == folded


def _save(store, event, good_answers, org, email):
    answers = {**good_answers, "organisation": org, "email": email}
    assert followers.save_new(store, answers, event_id=event.id).ok


@pytest.mark.parametrize(
    "term", ["gote", "GOTE", "göte", "goteborg", "got", "go", "g", "Go", "Göteborgs"]
)
def test_terms_match_with_or_without_accents_at_any_length(store, event, good_answers, term):
    """Both indexes (1–2 characters: words; 3+: trigrams) answer folded terms."""
    _save(store, event, good_answers, "Göteborgs universitet", "a@example.se")
    _save(store, event, good_answers, "Lycée Victor Hugo", "b@example.fr")
    assert registrations.match_count(store.db, term) == 1
    assert len(registrations.search_seqs(store.db, term, event_id=event.id)) == 1


def test_special_letters_match_their_spelling(store, event, good_answers):
    _save(store, event, good_answers, "Łódź Straße Ørsted Æble", "c@example.pl")
    for term in ("lodz", "łódź", "strasse", "straße", "orsted", "ørsted", "aeble", "æble"):
        assert registrations.match_count(store.db, term) == 1, term


def test_an_older_database_is_folded_and_reindexed_when_opened(tmp_path, good_answers):
    """Rows saved before folding (search text with accents) are folded and both indexes
    rebuilt by the migration; "gote" then finds them."""
    from lea_desktop.storage import events

    path = tmp_path / "lea.sqlite"
    store = Store(path)
    event = events.create(
        store.db, {"name": "E", "country": "SE", "starts": "2027-01-01", "ends": "2027-01-02"}
    )
    _save(store, event, good_answers, "Göteborgs universitet", "a@example.se")
    from lea_desktop.storage import search_index

    search_index.flush(store.db)
    # as an older version stored it: the searchable answers as typed, indexed unfolded
    store.db.execute("UPDATE registrations SET search_text = 'Göteborgs universitet'")
    with store.db.atomic():
        search_index.rebuild(store.db.conn)
    assert registrations.match_count(store.db, "gote") == 0
    store.close()
    conn = sqlite3.connect(path, isolation_level=None)
    # as a database the previous version left: without the folding migration
    conn.execute(f"DELETE FROM {Migrations.migrations_table} WHERE name = '0010_fold_search_text'")
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    store = Store(path)
    try:
        [(text,)] = store.db.execute("SELECT search_text FROM registrations").fetchall()
        assert text == "goteborgs universitet"
        assert search_index.backlog_size(store.db) == 0
        for term in ("gote", "göte", "go", "universitet"):
            assert registrations.match_count(store.db, term) == 1, term
        # the edit trigger is back: an edit still leaves the index and waits to be indexed
        store.db.execute("UPDATE registrations SET search_text = 'lycee'")
        assert search_index.backlog_size(store.db) == 1
    finally:
        store.close()


def test_a_forms_search_text_is_its_summary_folded() -> None:
    """Folded answer by answer (for speed) and folded whole give the same text."""
    from lea_desktop.formkit import load_form

    form = load_form("follower_signup")
    answers = {
        "organisation": "Lycée Ørestad ÆBLE",
        "contact_name": "Jürgen Straße",
        "email": "JS@Example.org",
        "city": "Göteborg",
    }
    assert form.search_text(answers) == fold(form.summary(answers))
    assert form.search_text({}) == fold(form.summary({}))
    assert "lycee orestad aeble" in form.search_text(answers)
