"""The local store: SQLite through sqlite-utils, explicit transactions only."""

from lea_desktop.storage.database import StorageError
from lea_desktop.storage.store import Store

__all__ = ["StorageError", "Store"]
