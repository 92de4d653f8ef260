"""The index-only lookups behind the followers filter agree with the full search: trigram
substrings for 3+ characters, word prefixes for one or two."""

from __future__ import annotations

from lea_desktop.storage import registrations, search_index
from lea_desktop.usecases import followers

ORGS = ["Escola de Braga", "Lycée de Lyon", "Braga Municipality", "Ålands högskola"]


def _save(store, event, good_answers, orgs=ORGS):
    for i, org in enumerate(orgs):
        answers = {**good_answers, "organisation": org, "email": f"p{i}@example.org"}
        assert followers.save_new(store, answers, event_id=event.id).ok


def test_match_seqs_finds_what_search_seqs_finds_newest_first(store, event, good_answers):
    """Same rows, same order, as search_seqs for terms of any length; None for a term that
    does not filter (blank, or punctuation too short for the trigram index)."""
    _save(store, event, good_answers)
    for term in ("Braga", "  braga ", "lyc", "de l", "zzz", 'quote " and OR', "br", "a", "å"):
        assert registrations.match_seqs(store.db, term) == registrations.search_seqs(store.db, term)
    for term in ("", "  ", ".", "@", '"', "*"):
        assert registrations.match_seqs(store.db, term) is None, term
        assert len(registrations.search_seqs(store.db, term)) == len(ORGS), term
    found = registrations.match_seqs(store.db, "braga")
    assert found == sorted(found, reverse=True) and len(found) == 2


def test_one_or_two_characters_match_the_start_of_a_word_accents_folded(store, event, good_answers):
    """ "Ai" finds Aino (contact name), "ly" finds Lycée and Lyon but not "normaalikoulu"'s
    inner letters, "al" finds Ålands (accents folded), "p1" an email's word, "." nothing to
    filter by."""
    _save(store, event, good_answers)
    names = {
        seq: org
        for org in ORGS
        for seq in registrations.search_seqs(store.db, org[:8])
        if org.startswith(org[:8])
    }

    def orgs(term):
        return sorted(names[s] for s in registrations.match_seqs(store.db, term) or [])

    assert len(registrations.match_seqs(store.db, "Ai")) == len(ORGS)  # every row is Aino's
    assert orgs("ly") == ["Lycée de Lyon"]
    assert orgs("LY") == ["Lycée de Lyon"]
    assert orgs("al") == ["Ålands högskola"]
    assert orgs("hö") == orgs("ho") == ["Ålands högskola"]
    assert orgs("p1") == ["Lycée de Lyon"]  # p1@example.org
    assert orgs("ga") == []  # "Braga" holds "ga", but no word starts with it
    assert orgs("mu") == ["Braga Municipality"]


def test_count_and_first_rows_agree_with_the_full_list(store, event, good_answers):
    """match_count is the list's length and match_first its newest rows, for both indexes."""
    _save(store, event, good_answers, [f"School {i}" for i in range(12)])
    for term in ("school", "sch", "s", "sc", "1", "zz", "nothing here"):
        full = registrations.match_seqs(store.db, term)
        assert registrations.match_count(store.db, term) == len(full), term
        assert registrations.match_first(store.db, term, 5) == full[:5], term
    assert registrations.match_count(store.db, ".") is None
    assert registrations.match_first(store.db, "", 5) is None
    assert registrations.count_all(store.db) == 12


def test_table_rows_reads_only_the_shown_answers(store, event, good_answers):
    """table_rows returns UUID, sign-up time and the asked answers as JSON holds them (lists
    and booleans decoded), by row number; a missing row is simply absent."""
    answers = {**good_answers, "types": ["school", "supplier"]}
    reg = followers.save_new(store, answers, event_id=event.id).registration
    (seq,) = registrations.search_seqs(store.db)
    rows = registrations.table_rows(
        store.db, [seq, seq + 100], ["organisation", "types", "phone", "missing", "consent_contact"]
    )
    assert rows == {
        seq: (
            reg.id,
            reg.created_at,
            ["Jyväskylän normaalikoulu", ["school", "supplier"], reg.answers["phone"], None, True],
        )
    }
    # One field, or none: the same shape.
    assert registrations.table_rows(store.db, [seq], ["types"]) == {
        seq: (reg.id, reg.created_at, [["school", "supplier"]])
    }
    assert registrations.table_rows(store.db, [seq], []) == {seq: (reg.id, reg.created_at, [])}
    assert registrations.table_rows(store.db, [], ["organisation"]) == {}


def test_the_word_index_migration_fills_in_existing_rows(data_home, event, good_answers, store):
    """A database from before migration 0005 gets the word index filled from its rows, and the
    index then follows inserts, edits and deletes through its triggers."""
    from lea_desktop.storage import Store

    _save(store, event, good_answers)
    search_index.flush(store.db)  # every row indexed, as before 0007
    # Back to the schema before 0005: no word index, no triggers, migration not recorded (and
    # 0007, which replaced those triggers, undone too: it runs again after 0005).
    for sql in (
        "DROP TRIGGER registrations_search_ai",
        "DROP TRIGGER registrations_search_ad",
        "DROP TRIGGER registrations_search_au",
        "DROP TABLE search_backlog",
        "DROP TABLE registrations_words",
        "DELETE FROM _sqlite_migrations WHERE name = '0005_filter_word_prefix'",
        "DELETE FROM _sqlite_migrations WHERE name = '0007_search_backlog'",
        "PRAGMA user_version = 0",  # an older database: not marked up to date
    ):
        store.db.execute(sql)
    assert not store.db.execute(
        "SELECT name FROM sqlite_master WHERE name LIKE 'registrations_words%'"
    ).fetchall()
    path = store.path
    store.close()
    reopened = Store(path)
    try:
        assert len(registrations.match_seqs(reopened.db, "ly")) == 1
        reg_id = (
            registrations.get_by_seq(reopened.db, registrations.match_seqs(reopened.db, "ly"))
            .popitem()[1]
            .id
        )
        edited = followers.save_edit(
            reopened, reg_id, {**good_answers, "organisation": "Zeta Lab", "email": "z@example.org"}
        )
        assert edited.ok
        assert registrations.match_seqs(reopened.db, "ly") == []
        assert len(registrations.match_seqs(reopened.db, "ze")) == 1
        followers.delete(reopened, reg_id)
        assert registrations.match_seqs(reopened.db, "ze") == []
    finally:
        reopened.close()
