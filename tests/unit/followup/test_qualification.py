"""Qualification at the stand: the staff-only fields are stored and edited like any answer,
narrow and order the followers in SQLite, count open follow-ups per partner, and marking a
follower contacted is an edit queued for the databank."""

from __future__ import annotations

import datetime as dt

from lea_desktop.formkit import load_form, load_form_version
from lea_desktop.storage import registrations
from lea_desktop.usecases import followers, followup


def _save(store, event, good_answers, n: int, **qualification) -> str:
    answers = {**good_answers, "email": f"person{n}@example.fi", **qualification}
    result = followers.save_new(store, answers, event_id=event.id)
    assert result.ok, result.errors
    return result.registration.id


def _day(offset: int) -> str:
    return (dt.date.today() + dt.timedelta(days=offset)).isoformat()


def test_qualification_is_validated_and_stored(store, event, good_answers):
    reg_id = _save(store, event, good_answers, 1, rating="hot", next_step="Send the LoI",
                   followup_owner="University of Oulu", followup_due=_day(3))  # fmt: skip
    reg = registrations.get(store.db, reg_id)
    assert reg.answers["rating"] == "hot" and reg.answers["followup_owner"] == "University of Oulu"
    bad = followers.save_new(
        store,
        {**good_answers, "email": "x@example.fi", "rating": "lukewarm",
         "followup_owner": "Acme Ltd", "followup_due": "next week"},
        event_id=event.id,
    )  # fmt: skip
    assert set(bad.errors) == {"rating", "followup_owner", "followup_due"}


def test_followers_are_narrowed_and_ordered_by_their_answers_in_sqlite(store, event, good_answers):
    a = _save(store, event, good_answers, 1, rating="cold", followup_owner="ENTER",
              followup_due=_day(-2))  # fmt: skip
    b = _save(store, event, good_answers, 2, rating="hot", followup_owner="ENTER",
              followup_due=_day(5))  # fmt: skip
    c = _save(store, event, good_answers, 3, rating="warm", followup_owner="SERN",
              followup_due=_day(0), contacted_on=_day(0))  # fmt: skip
    d = _save(store, event, good_answers, 4)  # not qualified
    db = store.db

    def names(seqs: list[int]) -> list[str]:
        found = registrations.get_by_seq(db, seqs)
        return [found[s].id for s in seqs]

    rating = load_form().field("rating")
    by_rating = registrations.scope_seqs(db, order_by="rating", order_values=rating.choice_values())
    assert names(by_rating) == [b, c, a, d]  # hot, warm, cold, then the unrated
    assert names(registrations.scope_seqs(db, order_by="rating",
                                          order_values=rating.choice_values(),
                                          descending=True)) == [a, c, b, d]  # fmt: skip
    assert names(registrations.scope_seqs(db, order_by="followup_due")) == [a, c, b, d]
    assert names(registrations.scope_seqs(db, equals={"followup_owner": "ENTER"})) == [b, a]
    assert names(registrations.scope_seqs(db, **followup.due_narrowing())) == [a]
    assert names(registrations.scope_seqs(db, **followup.open_narrowing())) == [b, a]
    assert names(registrations.scope_seqs(db, blank=("followup_owner",))) == [d]


def test_open_follow_ups_are_counted_per_partner(store, event, good_answers):
    _save(store, event, good_answers, 1, followup_owner="ENTER", followup_due=_day(-1))
    _save(store, event, good_answers, 2, followup_owner="ENTER", followup_due=_day(9))
    _save(store, event, good_answers, 3, followup_owner="ENTER")
    _save(store, event, good_answers, 4, followup_owner="SERN", followup_due=_day(0))
    _save(store, event, good_answers, 5, followup_owner="SERN", contacted_on=_day(-1))
    _save(store, event, good_answers, 6)
    counts = followup.counts_by_owner(store.db)
    assert [(c.owner, c.open, c.due) for c in counts] == [("ENTER", 3, 1), ("SERN", 1, 1)]
    assert followup.counts_by_owner(store.db, event_id="no-such-event") == []


def test_the_due_list_is_by_owner_soonest_first(store, event, good_answers):
    late = _save(store, event, good_answers, 1, followup_owner="ENTER", followup_due=_day(4))
    soon = _save(store, event, good_answers, 2, followup_owner="ENTER", followup_due=_day(-3))
    undated = _save(store, event, good_answers, 3, followup_owner="ENTER")
    _save(store, event, good_answers, 4, followup_owner="SERN", followup_due=_day(-3))
    assert [r.id for r in followup.due_list(store, "ENTER")] == [soon, late, undated]
    assert [r.id for r in followup.due_list(store, "ENTER", due_by=_day(0))] == [soon]


def test_marking_contacted_is_an_edit_queued_for_the_databank(store, event, good_answers):
    reg_id = _save(store, event, good_answers, 1, followup_owner="ENTER", followup_due=_day(0))
    result = followup.mark_contacted(store, reg_id, _day(0))
    assert result.ok, result.errors
    reg = registrations.get(store.db, reg_id)
    assert reg.answers["contacted_on"] == _day(0) and reg.revision == 2
    pending = store.db.execute(
        "SELECT revision, status FROM outbox WHERE entity_id = ?", [reg_id]
    ).fetchall()
    assert pending == [(2, "pending")]
    assert followup.due_list(store, "ENTER") == []
    assert followup.mark_contacted(store, "no-such-id").errors


def test_editing_a_record_of_the_previous_form_version_moves_it_to_this_one(
    store, event, good_answers
):
    """A follower saved under form version 1 (before the qualification fields) is checked
    against the current version when staff qualify it, and names that version from then on —
    the databank checks a record against the version it names."""
    old = load_form_version("follower_signup", 1)
    assert old is not None and "rating" not in old.field_id_set
    saved = followers.save_new(store, good_answers, event_id=event.id, form=old)
    assert saved.ok and saved.registration.form_version == 1
    edited = followers.save_edit(store, saved.registration.id, {**good_answers, "rating": "warm"})
    assert edited.ok, edited.errors
    assert edited.registration.form_version == load_form().version == 2
    assert edited.registration.answers["rating"] == "warm"
