"""Photos of business cards, attached to a follower for keying in later.

A photo is personal data kept only on this laptop: `<data home>/card-photos/<record UUID>.jpg`,
the folder 0700 and each file 0600 from its first byte. It is never part of a record's answers,
so it is never synced, exported or copied into the database backups. It goes with the person:
an erasure deletes it (`usecases.erasure.finish_erasure`), and so does the retention purge of the
record's personal answers (`usecases.retention`). `sweep` removes any photo left without a
living record (an erasure interrupted before its clean-up, a record erased on another laptop).
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from lea_desktop.paths import atomic_output, make_private_dir
from lea_desktop.storage import Store, registrations

log = logging.getLogger("lea_desktop.privacy")

PHOTOS_DIR = "card-photos"
SUFFIX = ".jpg"
MAX_BYTES = 20 * 1024 * 1024  # a phone's full-size JPEG is 3–8 MB


class PhotoError(Exception):
    """A photo that cannot be attached (no such follower, not a JPEG, too big, disk full)."""


def folder(home: Path) -> Path:
    return Path(home) / PHOTOS_DIR


def _name(reg_id: str) -> str:
    """The file name of a record's photo; refuses anything but a UUID (no path tricks)."""
    try:
        return str(uuid.UUID(str(reg_id))) + SUFFIX
    except ValueError:
        raise PhotoError(f"not a follower id: {reg_id!r}") from None


def photo_path(store: Store, reg_id: str) -> Path | None:
    """The record's card photo, or None when it has none."""
    path = folder(store.home) / _name(reg_id)
    return path if path.is_file() else None


def attach(store: Store, reg_id: str, jpeg: bytes) -> Path:
    """Keep `jpeg` as the card photo of follower `reg_id` (replacing an earlier one)."""
    if registrations.get(store.db, reg_id) is None:
        raise PhotoError(f"no follower with id {reg_id}")
    if not jpeg.startswith(b"\xff\xd8\xff"):
        raise PhotoError("a card photo must be a JPEG picture")
    if len(jpeg) > MAX_BYTES:
        raise PhotoError(f"the photo is larger than {MAX_BYTES // (1024 * 1024)} MB")
    target = make_private_dir(folder(store.home)) / _name(reg_id)
    try:
        with atomic_output(target, private=True) as fh:
            fh.write(jpeg)
    except OSError as exc:
        raise PhotoError(f"cannot keep the photo: {exc.strerror or exc}") from None
    log.info("card photo attached to %s (%d bytes)", reg_id, len(jpeg))
    return target


def remove(store: Store, reg_ids: list[str]) -> int:
    """Delete the card photos of `reg_ids`; how many there were."""
    removed = 0
    base = folder(store.home)
    for rid in reg_ids:
        try:
            path = base / _name(rid)
        except PhotoError:
            continue
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
        except OSError:
            log.error("card photo of %s could not be deleted", rid)
    return removed


def sweep(store: Store) -> int:
    """Delete every photo whose record is gone or has had its personal answers purged, and any
    other file in the folder (a half-written one). How many files went."""
    base = folder(store.home)
    if not base.is_dir():
        return 0
    removed = 0
    for path in base.iterdir():
        keep = False
        if path.is_file() and path.suffix == SUFFIX:
            try:
                reg = registrations.get(store.db, str(uuid.UUID(path.stem)))
            except ValueError:
                reg = None
            keep = reg is not None and not reg.purged_at
        if keep:
            continue
        try:
            path.unlink()
            removed += 1
        except IsADirectoryError:
            continue
        except OSError:
            log.error("card photo %s could not be deleted", path.name)
    return removed


def count(store: Store) -> int:
    """How many card photos this laptop holds (the privacy page says so)."""
    base = folder(store.home)
    return sum(1 for p in base.glob("*" + SUFFIX)) if base.is_dir() else 0
