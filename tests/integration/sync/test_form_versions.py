"""Laptops not updated yet keep syncing with a databank given a newer follower form: their records
are checked against the form version they name (kept in `forms/versions/`), and a version the
databank was never given is refused per record with its reason, never a 500."""

from __future__ import annotations

import json
import re
import shutil
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from lea_desktop.formkit import load_form
from lea_desktop.paths import forms_dir

FORM = "follower_signup"


# The shipped follower form's version (N below); the test databank serves N + 1.
OLD = load_form(FORM).version
NEW = OLD + 1


def _v2_forms(root: Path) -> Path:
    """A forms folder whose follower form is version N + 1: `phone` dropped, a required
    `pupil_count` added; version N kept as released, in `versions/`."""
    shutil.copytree(forms_dir(), root)
    current = (root / f"{FORM}.toml").read_text(encoding="utf-8")
    (root / "versions").mkdir(exist_ok=True)
    (root / "versions" / f"{FORM}.v{OLD}.toml").write_text(current, encoding="utf-8")
    head, *fields = current.split("\n[[fields]]\n")
    head = re.sub(rf"(?m)^version = {OLD}$", f"version = {NEW}", head, count=1)
    fields = [f for f in fields if not f.startswith('id = "phone"\n')]
    fields.append(
        'id = "pupil_count"\ntype = "text"\nrequired = true\n[fields.label]\nen = "Pupils"\n'
    )
    (root / f"{FORM}.toml").write_text("\n[[fields]]\n".join([head, *fields]), encoding="utf-8")
    return root


@pytest.fixture
def v2_databank(databank, backend, databank_db, tmp_path):  # type: ignore[no-untyped-def]
    """A databank of this test's own serving follower form version 2."""
    folder = _v2_forms(tmp_path / "forms")
    url = str(tmp_path / "v2.sqlite") if backend == "sqlite" else databank_db

    class V2Databank(type(databank)):  # type: ignore[misc]
        @property
        def env(self) -> dict[str, str]:
            return {**super().env, "LEA_FORMS_DIR": str(folder)}

    bank = V2Databank(url, tmp_path)
    bank.start()
    yield bank
    bank.stop()


def _record(device: str, version: int, **answers: Any) -> dict[str, Any]:
    base = {
        "organisation": "Escola Azul", "contact_name": "Ana Silva", "email": "ana@example.pt",
        "country": "PT", "types": ["school"], "interests": ["webinars"], "consent_contact": True,
    }  # fmt: skip
    return {
        "id": str(uuid.uuid4()), "kind": "follower", "form_id": FORM, "form_version": version,
        "revision": 1, "event_id": "ev-1", "device_id": device,
        "created_at": "2027-01-20T10:00:00.000Z", "updated_at": "2027-01-20T10:00:00.000Z",
        "collected_by": "Staff", "consent": {"purposes": ["contact"]},
        "answers": {**base, **answers}, "source": "app", "parent_id": None,
        "loi_status": "", "loi_date": "",
    }  # fmt: skip


def test_a_v1_laptop_keeps_syncing_with_a_v2_databank(v2_databank, make_laptop, tmp_path):
    laptop = make_laptop(v2_databank)
    event = laptop.add_event("Educa 2027")
    ids = laptop.add_followers(3, event.id)
    laptop.sync()
    assert laptop.queue().get("pending", 0) == 0
    stored = {e["id"]: e for e in v2_databank.export_json(tmp_path / "out.json")}
    assert set(ids) <= set(stored)
    assert {stored[i]["form_version"] for i in ids} == {OLD}

    device = f"dev-{uuid.uuid4().hex[:8]}"
    records = [
        _record(device, OLD, phone="+358 40 123 4567"),  # phone exists, pupil_count does not
        _record(device, OLD, phone="not a phone"),  # still checked by the old rules
        _record(device, NEW, pupil_count="about 300"),
        _record(device, NEW),  # the new version requires pupil_count
        _record(device, NEW + 1),  # never given to this databank
    ]
    _name, token = v2_databank.token()
    answer = httpx.post(
        v2_databank.url + "/api/v1/records/batch",
        headers={"Authorization": f"Bearer {token}"},
        json={"device_id": device, "records": records},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    got = [(o["status"], o.get("reason", "")) for o in answer.json()["outcomes"]]
    assert [s for s, _ in got] == ["created", "rejected", "created", "rejected", "rejected"]
    assert got[1][1].startswith("answers not valid: phone:")
    assert got[3][1].startswith("answers not valid: pupil_count:")
    known = ", ".join(str(n) for n in range(1, NEW + 1))
    assert f"version {NEW + 1} is unknown here (knows {known})" in got[4][1]
    assert "update the databank" in got[4][1]
    assert "Escola" not in json.dumps(got)
