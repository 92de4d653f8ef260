"""The trigram-only lookup behind the followers filter agrees with the full search."""

from __future__ import annotations

from lea_desktop import followers
from lea_desktop.storage import registrations


def test_match_seqs_finds_what_search_seqs_finds_newest_first(store, event, good_answers):
    """Same rows, same order, as search_seqs for 3+ characters; None for shorter terms."""
    for i, org in enumerate(["Escola de Braga", "Lycée de Lyon", "Braga Municipality"]):
        answers = {**good_answers, "organisation": org, "email": f"p{i}@example.org"}
        assert followers.save_new(store, answers, event_id=event.id).ok
    for term in ("Braga", "  braga ", "lyc", "de l", "zzz", 'quote " and OR'):
        assert registrations.match_seqs(store.db, term) == registrations.search_seqs(store.db, term)
    assert registrations.match_seqs(store.db, "br") is None
    found = registrations.match_seqs(store.db, "braga")
    assert found == sorted(found, reverse=True) and len(found) == 2
