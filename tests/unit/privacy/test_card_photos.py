"""A business card's photo attached to a follower: private on this laptop, gone with the person."""

from __future__ import annotations

import datetime as dt
import io
import stat

import pytest

from lea_desktop.domain import clock
from lea_desktop.usecases import card_photos, erasure, followers, retention

MARK = "card photo 7f3a-only-in-the-jpeg"


def card_jpeg(text: str = MARK) -> bytes:
    """A photo of a card: a JPEG whose EXIF description carries a text found nowhere else (so a
    byte search can find every place the photo went)."""
    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGB", (320, 200), "white")
    exif = image.getexif()
    exif[0x010E] = text  # ImageDescription
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def saved(store, event, person):
    result = followers.save_new(store, person, event_id=event.id)
    assert result.ok, result.errors
    return result.registration


def test_the_photo_is_private_and_never_in_the_records_or_backups(
    store, saved, find_in_files, data_home
):
    path = card_photos.attach(store, saved.id, card_jpeg())
    assert path == data_home / "card-photos" / f"{saved.id}.jpg"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert card_photos.photo_path(store, saved.id) == path
    assert card_photos.count(store) == 1
    store.backup()
    # The photo is only in its file: not in the database, its WAL, its backups or the outbox
    # (what sync sends), not in the logs.
    assert find_in_files(data_home, (MARK,)) == {f"card-photos/{saved.id}.jpg": [MARK]}


def test_erasing_the_person_deletes_the_photo(store, saved, data_home):
    card_photos.attach(store, saved.id, card_jpeg())
    report = erasure.erase(store, saved.id)
    assert report.photos_removed == 1
    assert card_photos.photo_path(store, saved.id) is None
    assert list((data_home / "card-photos").iterdir()) == []


def test_an_erasure_stopped_half_way_is_finished_by_the_next_purge(store, saved, data_home):
    card_photos.attach(store, saved.id, card_jpeg())
    erasure.remove_records(store, [saved.id])  # the app closed before the second half
    assert card_photos.photo_path(store, saved.id) is not None
    retention.purge_expired(store)
    assert card_photos.photo_path(store, saved.id) is None


def test_the_retention_purge_takes_the_photo_with_the_personal_answers(store, saved, monkeypatch):
    card_photos.attach(store, saved.id, card_jpeg())
    with store.db.atomic():
        store.db.execute(
            "UPDATE registrations SET acknowledged_at = ? WHERE id = ?",
            [clock.now_iso(), saved.id],
        )
        store.db.execute("DELETE FROM outbox WHERE entity_id = ?", [saved.id])
    later = clock.now() + dt.timedelta(days=400)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert retention.purge_expired(store).purged == 1
    assert card_photos.photo_path(store, saved.id) is None


def test_refusals(store, saved):
    with pytest.raises(card_photos.PhotoError, match="no follower"):
        card_photos.attach(store, "0b7c1a52-0000-4000-8000-000000000000", card_jpeg())
    with pytest.raises(card_photos.PhotoError, match="JPEG"):
        card_photos.attach(store, saved.id, b"\x89PNG\r\n\x1a\n....")
    with pytest.raises(card_photos.PhotoError, match="not a follower id"):
        card_photos.photo_path(store, "../../lea.sqlite")
    assert card_photos.count(store) == 0
