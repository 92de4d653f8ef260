"""Sub-commands of `lea-desktop`, one module per group, each with `register(subparsers)`."""

from __future__ import annotations

from lea_desktop.storage import Store


def open_store() -> Store:
    """The user's database, with logging set up beside it."""
    from lea_desktop import logs

    logs.hold_early_records()  # opening may migrate: those lines belong in the file too
    store = Store.open_default()
    logs.setup(store.home)
    return store
