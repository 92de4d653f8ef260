"""Scoped records in the GUI (pytest-qt, offscreen), against the real databank: the Followers list
marks where a pulled follower came from, and the Sync page's conflict dialog settles a follower
changed on two laptops (merge field by field, take theirs)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QPoint, Qt

from lea_desktop.storage import registrations
from lea_desktop.usecases import conflicts


def _edit(laptop, rid: str, **answers):  # type: ignore[no-untyped-def]
    reg = registrations.get(laptop.db, rid)
    return registrations.update(laptop.db, rid, {"answers": {**reg.answers, **answers}})


def test_pulled_followers_are_marked_and_conflicts_are_settled_in_the_dialog(
    qtbot, databank, make_laptop, laptop_window
):
    partner = "Halmstad Municipality"
    a = make_laptop(databank, partner=partner, scope="partner")
    b = make_laptop(databank, partner=partner)
    ev = b.add_event(f"Skolforum {uuid.uuid4().hex[:6]}", responsible_partner=partner)
    r1, r2, r3 = b.add_followers(3, ev.id)
    assert b.sync().complete and a.sync().complete
    for rid in (r1, r2, r3):
        _edit(a, rid, city="Malmö", organisation=f"A {rid[:4]}")
        _edit(b, rid, city="Lund")
    assert b.sync().complete

    window, followers = laptop_window(a, "followersPage")
    followers.model.set_query("", None)
    model = followers.model
    qtbot.waitUntil(lambda: model.rowCount() >= 3, timeout=10000)
    last = model.columnCount() - 1
    assert model.headerData(last, Qt.Orientation.Horizontal) == "From"
    marks = {model.registration_id(r): model.index(r, last).data() for r in range(model.rowCount())}
    assert marks[r1] == marks[r2] == marks[r3] == f"{b.name} ({partner})"

    page = window.open_page("syncPage")
    page.sync_button.click()
    qtbot.waitUntil(lambda: page.conflict_list.topLevelItemCount() == 3, timeout=30000)
    assert page.conflict_box.isVisible()
    assert "3 followers changed here and on another laptop" in page.conflict_label.text()
    # The banner sends to Resolve…, not to Retry (the three are set aside, not refused).
    assert "choose which copy to keep with Resolve" in page.banner.text()
    assert "rejected" not in page.banner.text()
    assert registrations.get(a.db, r1).answers["city"] == "Malmö"  # nothing overwritten

    def select(rid: str):  # type: ignore[no-untyped-def]
        items = [
            page.conflict_list.topLevelItem(i)
            for i in range(page.conflict_list.topLevelItemCount())
        ]
        [item] = [i for i in items if i.data(0, Qt.ItemDataRole.UserRole) == rid]
        page.conflict_list.setCurrentItem(item)
        return item

    # The first: merged, the city from the other laptop, the organisation this laptop's.
    assert select(r1).text(1) == f"{b.name} ({partner})"
    page.resolve_button.click()
    dialog = page.conflict_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    fields = [dialog.table.item(i, 0).text() for i in range(dialog.table.rowCount())]
    assert set(fields) == {"Organisation", "City"}
    # The other copy's column is named after its laptop; the field labels cannot be edited.
    assert dialog.table.horizontalHeaderItem(2).text() == b.name
    assert not dialog.table.item(0, 0).flags() & Qt.ItemFlag.ItemIsEditable
    assert dialog.mine_buttons["city"].text() == "Malmö"
    assert dialog.theirs_buttons["city"].text() == "Lund"
    radio = dialog.theirs_buttons["city"]
    qtbot.waitUntil(lambda: radio.width() > 20, timeout=5000)
    # On its indicator: a radio button takes clicks on its mark and label only.
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked() and not dialog.mine_buttons["city"].isChecked()
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert page.conflict_list.topLevelItemCount() == 2  # off the list at once
    qtbot.waitUntil(lambda: registrations.get(a.db, r1).answers["city"] == "Lund", timeout=30000)
    assert registrations.get(a.db, r1).answers["organisation"] == f"A {r1[:4]}"

    # The second: take theirs.
    select(r2)
    page.resolve_button.click()
    dialog = page.conflict_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.found.id == r2
    # Chosen at once, while the sync the merge started may still run: settled after it.
    qtbot.mouseClick(dialog.theirs_button, Qt.MouseButton.LeftButton)
    assert page.conflict_list.topLevelItemCount() == 1

    # The third: keep mine, even with an answer of theirs ticked (the button says "all").
    select(r3)
    page.resolve_button.click()
    dialog = page.conflict_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.found.id == r3
    dialog.pick("city", conflicts.TAKE_THEIRS)
    qtbot.mouseClick(dialog.mine_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: conflicts.count(a.store) == 0, timeout=30000)
    qtbot.waitUntil(lambda: not page.conflict_box.isVisible(), timeout=30000)
    assert registrations.get(a.db, r2).answers["city"] == "Lund"
    assert registrations.get(a.db, r3).answers["city"] == "Malmö"
    assert "settled already" not in page.banner.text()

    # The sync started after each choice sends the merge; B receives it.
    qtbot.waitUntil(
        lambda: a.queue() == {"pending": 0, "rejected": 0, "conflicts": 0}, timeout=30000
    )
    assert b.sync().complete
    assert registrations.get(b.db, r1).answers["organisation"] == f"A {r1[:4]}"
    assert registrations.get(b.db, r1).answers["city"] == "Lund"
    assert registrations.get(b.db, r2).answers["city"] == "Lund"
    assert registrations.get(b.db, r3).answers["city"] == "Malmö"
    assert registrations.get(b.db, r3).answers["organisation"] == f"A {r3[:4]}"
