"""Counts in words: "1 follower", "2,310 followers", and what the sync queue holds.

One place for the singular and plural of the nouns staff read in counts, so no message says
"record(s)" or "Imported 1 followers". The queue's kinds have names a user knows: a sign-up (a
record: a follower, a letter of intent, an assistance request), an event, an erasure (the
notice that a record was erased here).
"""

from __future__ import annotations

from collections.abc import Mapping

# outbox entity → (singular, plural) as staff read them
QUEUE_NOUNS: dict[str, tuple[str, str]] = {
    "registration": ("sign-up", "sign-ups"),
    "event": ("event", "events"),
    "tombstone": ("erasure", "erasures"),
}


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """`n` with the noun in the right number, thousands separated: "1 follower", "3 rows"."""
    word = singular if n == 1 else (plural_form or singular + "s")
    return f"{n:,} {word}"


def queue_noun(entity: str, n: int = 1) -> str:
    """The word for an outbox entity kind: "sign-up", "events"."""
    one, many = QUEUE_NOUNS.get(entity, (entity, entity + "s"))
    return one if n == 1 else many


def queue_counts(by_entity: Mapping[str, int], *, empty: str = "nothing") -> str:
    """What is waiting, kind by kind: "300 sign-ups, 3 events, 1 erasure" (kinds with none left
    out; `empty` when nothing is)."""
    parts = [
        plural(int(by_entity.get(entity, 0)), one, many)
        for entity, (one, many) in QUEUE_NOUNS.items()
        if by_entity.get(entity, 0)
    ]
    return ", ".join(parts) if parts else empty
