"""Sub-commands of `lea-desktop`, one module per group, each with `register(subparsers)`."""

from __future__ import annotations

from lea_desktop.storage import Store


def open_store() -> Store:
    """The user's database, with logging set up beside it."""
    from lea_desktop import logs

    store = Store.open_default()
    logs.setup(store.home)
    return store
