"""The databank's protocol v1, spoken directly over HTTP to the real server on 127.0.0.1."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from lea_desktop.formkit import load_form, validate


def _record(device: str, event: str = "ev-1", revision: int = 1, **changes: Any) -> dict:
    form = load_form()
    tag = uuid.uuid4().hex[:8]
    answers = validate(form, {
        "organisation": f"Escola {tag}", "contact_name": "Ana Silva", "email": f"ana.{tag}@example.pt",
        "country": "PT", "types": ["school"], "interests": ["webinars"], "consent_contact": True,
    }).cleaned  # fmt: skip
    rec = {
        "id": str(uuid.uuid4()), "kind": "follower", "form_id": form.id,
        "form_version": form.version, "revision": revision, "event_id": event, "device_id": device,
        "created_at": "2027-01-20T10:00:00.000Z", "updated_at": "2027-01-20T10:00:00.000Z",
        "collected_by": "Staff", "consent": {"purposes": ["contact"]}, "answers": answers,
        "source": "app", "parent_id": None, "loi_status": "", "loi_date": "",
    }  # fmt: skip
    rec.update(changes)
    return rec


@pytest.fixture
def api(databank):
    """An httpx client with a fresh laptop token."""
    _name, token = databank.token()
    with httpx.Client(
        base_url=databank.url, headers={"Authorization": f"Bearer {token}"}, timeout=10
    ) as client:
        yield client


def _post(api: httpx.Client, records: list[dict], device: str) -> list[dict]:
    response = api.post("/api/v1/records/batch", json={"device_id": device, "records": records})
    assert response.status_code == 200, response.text
    return response.json()["outcomes"]


def test_health_names_the_service_and_api_version(databank):
    """GET /api/v1/health answers JSON naming the service, API version 1 and the databank id."""
    body = httpx.get(databank.url + "/api/v1/health").json()
    assert body["service"] == "lea-databank"
    assert body["api"] == 1
    uuid.UUID(body["databank_id"])


def test_openapi_documents_every_endpoint_and_the_wire_types(databank):
    """/openapi.json lists the protocol's paths and the request/response schemas."""
    doc = httpx.get(databank.url + "/openapi.json").json()
    for path in ("/api/v1/health", "/api/v1/records/batch", "/api/v1/events", "/api/v1/events/batch",
                 "/api/v1/tombstones", "/api/v1/reconcile"):  # fmt: skip
        assert path in doc["paths"], path
    schemas = doc["components"]["schemas"]
    assert {"WireRecord", "RecordBatchRequest", "BatchResult", "Outcome"} <= set(schemas)
    body = doc["paths"]["/api/v1/records/batch"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["$ref"].endswith("RecordBatchRequest")


def test_missing_wrong_and_revoked_tokens_get_401_with_a_json_message(databank):
    """No token, a made-up token and a revoked token are all refused with 401 and a sentence."""
    url = databank.url + "/api/v1/whoami"
    missing = httpx.get(url)
    assert missing.status_code == 401
    assert "bearer token" in missing.json()["detail"].lower()
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = httpx.get(url, headers={"Authorization": "Bearer lea_not-a-real-token"})
    assert wrong.status_code == 401
    assert "not valid or has been revoked" in wrong.json()["detail"]
    name, token = databank.token()
    good = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
    assert good.json()["name"] == name
    assert len(bytes.fromhex(good.json()["consortium_key"])) == 32  # the directory's key
    databank.cli("token", "revoke", name)
    revoked = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
    assert revoked.status_code == 401
    assert revoked.json()["detail"]
    listed = databank.cli("token", "list").stdout
    assert name in listed and "revoked" in listed and token not in listed


def test_a_batch_sent_twice_changes_nothing_the_second_time(api):
    """Idempotent by UUID and revision: the replayed batch is all 'unchanged'."""
    device = str(uuid.uuid4())
    records = [_record(device) for _ in range(5)]
    first = _post(api, records, device)
    assert [o["status"] for o in first] == ["created"] * 5
    assert [o["id"] for o in first] == [r["id"] for r in records]
    again = _post(api, records, device)
    assert [o["status"] for o in again] == ["unchanged"] * 5
    held = api.get("/api/v1/reconcile", params={"device_id": device}).json()["records"]
    assert sorted(h["id"] for h in held) == sorted(r["id"] for r in records)


def test_revisions_update_and_older_or_different_copies_conflict(api):
    """A higher revision updates; a lower one, or other content at the same revision, conflicts
    and names the databank's revision; nothing is overwritten by the conflicting copy."""
    device = str(uuid.uuid4())
    rec = _record(device)
    assert _post(api, [rec], device)[0]["status"] == "created"
    newer = {**rec, "revision": 2, "updated_at": "2027-01-21T09:00:00.000Z",
             "answers": {**rec["answers"], "city": "Porto"}}  # fmt: skip
    assert _post(api, [newer], device)[0]["status"] == "updated"
    older = _post(api, [rec], device)[0]
    assert older["status"] == "conflict" and older["server_revision"] == 2
    other = _post(api, [{**newer, "answers": {**newer["answers"], "city": "Braga"}}], device)[0]
    assert other["status"] == "conflict" and "different content" in other["reason"]
    held = api.get("/api/v1/reconcile", params={"device_id": device}).json()["records"]
    assert held == [{"id": rec["id"], "revision": 2, "event_id": "ev-1"}]


def test_each_bad_record_is_rejected_with_its_reason_and_the_rest_are_stored(api):
    """Validation uses the same form definition as the laptop; one bad record does not sink
    the batch."""
    device = str(uuid.uuid4())
    good = _record(device)
    bad_email = _record(device)
    bad_email["answers"]["email"] = "not-an-email"
    unknown_form = _record(device, form_id="no_such_form")
    bad_shape = {"id": "nope", "revision": 1}
    old_version = _record(device, form_version=99)
    outcomes = _post(api, [good, bad_email, unknown_form, bad_shape, old_version], device)
    statuses = [o["status"] for o in outcomes]
    assert statuses == ["created", "rejected", "rejected", "rejected", "rejected"]
    assert outcomes[1]["reason"].startswith("answers not valid: email:")
    assert "unknown form" in outcomes[2]["reason"]
    assert "not a UUID" in outcomes[3]["reason"]
    assert "version 99" in outcomes[4]["reason"]
    # The reason names the field and the rule, never the value typed.
    assert "not-an-email" not in outcomes[1]["reason"]


def test_malformed_batches_get_400_with_a_json_message(api):
    """A body that is not JSON, or not a batch, is refused as a whole with a JSON sentence."""
    not_json = api.post(
        "/api/v1/records/batch", content=b"<html>", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400 and "not JSON" in not_json.json()["detail"]
    no_list = api.post("/api/v1/records/batch", json={"device_id": "x", "records": "many"})
    assert no_list.status_code == 400 and "records must be a list" in no_list.json()["detail"]
    too_many = api.post("/api/v1/records/batch", json={"device_id": "x", "records": [{}] * 501})
    assert too_many.status_code == 400 and "at most 500" in too_many.json()["detail"]


def test_tombstones_erase_records_and_their_children_and_are_pulled_by_cursor(api):
    """POST tombstones deletes the record (and records attached to it); GET tombstones?since
    lists the erased UUIDs after a cursor; erasing twice is 'unchanged'; an erased UUID cannot
    come back."""
    device = str(uuid.uuid4())
    parent = _record(device)
    before = api.get("/api/v1/tombstones", params={"since": 0}).json()
    cursor = before["cursor"]
    while before["more"]:
        before = api.get("/api/v1/tombstones", params={"since": cursor}).json()
        cursor = before["cursor"]
    _post(api, [parent], device)
    first = api.post("/api/v1/tombstones", json={"device_id": device, "ids": [parent["id"]]}).json()
    assert first["outcomes"] == [{"id": parent["id"], "revision": 0, "status": "created"}]
    again = api.post("/api/v1/tombstones", json={"device_id": device, "ids": [parent["id"]]}).json()
    assert again["outcomes"][0]["status"] == "unchanged"
    page = api.get("/api/v1/tombstones", params={"since": cursor}).json()
    assert page["ids"] == [parent["id"]] and page["cursor"] > cursor
    assert api.get("/api/v1/reconcile", params={"device_id": device}).json()["records"] == []
    back = _post(api, [parent], device)[0]
    assert back["status"] == "rejected" and back["reason"].startswith("erased")


def test_events_flow_through_a_monotonic_cursor_and_conflicts_return_the_databanks_copy(api):
    """Pushed events appear in GET events?since after the caller's cursor; a stale edit (the
    same laptop, restored from an old backup) gets 'conflict' with the databank's copy in
    `current`."""
    device = str(uuid.uuid4())
    start = api.get("/api/v1/events", params={"since": 0}).json()
    cursor = start["cursor"]
    while start["more"]:
        start = api.get("/api/v1/events", params={"since": cursor}).json()
        cursor = start["cursor"]
    event = {"id": str(uuid.uuid4()), "name": "EC-TEL 2027", "starts": "2027-09-01",
             "ends": "2027-09-03", "city": "Turku", "country": "FI", "kind": "conference",
             "created_at": "2027-01-01T00:00:00.000Z", "updated_at": "2027-01-01T00:00:00.000Z",
             "revision": 1, "origin_device": device}  # fmt: skip
    out = api.post("/api/v1/events/batch", json={"device_id": device, "events": [event]}).json()
    assert out["outcomes"][0]["status"] == "created"
    page = api.get("/api/v1/events", params={"since": cursor}).json()
    assert [e["id"] for e in page["events"]] == [event["id"]]
    assert page["cursor"] > cursor
    edited = {**event, "name": "EC-TEL 2027 (Turku)", "revision": 2}
    api.post("/api/v1/events/batch", json={"device_id": device, "events": [edited]})
    stale = {**event, "city": "Helsinki", "revision": 2}
    conflict = api.post(
        "/api/v1/events/batch", json={"device_id": device, "events": [stale]}
    ).json()
    outcome = conflict["outcomes"][0]
    assert outcome["status"] == "conflict"
    assert outcome["current"]["name"] == "EC-TEL 2027 (Turku)"
    later = api.get("/api/v1/events", params={"since": page["cursor"]}).json()
    assert [e["name"] for e in later["events"]] == ["EC-TEL 2027 (Turku)"]


def test_events_from_laptops_not_updated_yet_are_accepted_within_the_wire_tolerance(api):
    """Protocol v1 always took names of up to 300 characters, notes of up to 5,000 and no
    country (domain.records.EVENT_WIRE_TOLERANCE): the databank still stores such events; one
    character beyond is refused, with the reason, and the rest of the batch is stored."""
    device = str(uuid.uuid4())

    def event(**changes: Any) -> dict:
        return {"id": str(uuid.uuid4()), "name": "Old laptop fair", "starts": "2027-03-01",
                "ends": "2027-03-02", "created_at": "2027-01-01T00:00:00.000Z",
                "updated_at": "2027-01-01T00:00:00.000Z", "revision": 1,
                "origin_device": device, **changes}  # fmt: skip

    old = event(name="N" * 300, notes="o" * 5000)  # no country, as the first release sent it
    too_long = event(name="N" * 301)
    out = api.post(
        "/api/v1/events/batch", json={"device_id": device, "events": [old, too_long]}
    ).json()["outcomes"]
    assert [o["status"] for o in out] == ["created", "rejected"]
    assert "name is too long" in out[1]["reason"]
    start = api.get("/api/v1/events", params={"since": 0}).json()
    seen, cursor = list(start["events"]), start["cursor"]
    while start["more"]:
        start = api.get("/api/v1/events", params={"since": cursor}).json()
        seen += start["events"]
        cursor = start["cursor"]
    stored = next(e for e in seen if e["id"] == old["id"])
    assert (len(stored["name"]), len(stored["notes"]), stored["country"]) == (300, 5000, "")


def test_reconciliation_pages_through_a_laptops_ids(api, databank):
    """The reconcile endpoint pages in id order (`after` = last id) and filters by event."""
    device = str(uuid.uuid4())
    records = [_record(device, event="ev-a" if i % 3 else "ev-b") for i in range(120)]
    _post(api, records, device)
    seen: list[str] = []
    after = ""
    while True:
        page = api.get("/api/v1/reconcile", params={"device_id": device, "after": after}).json()
        assert len(page["records"]) <= databank.page_size
        seen += [r["id"] for r in page["records"]]
        if not page["more"]:
            break
        after = page["last"]
    assert seen == sorted(r["id"] for r in records)
    only_b = api.get("/api/v1/reconcile", params={"device_id": device, "event_id": "ev-b"}).json()
    assert {r["event_id"] for r in only_b["records"]} == {"ev-b"}
    assert len(only_b["records"]) == 40


def test_export_writes_json_with_ids_and_csv_with_the_form_columns(api, databank, tmp_path):
    """`lea-databank export` writes every record with its id (JSON) and the laptop's CSV layout,
    both readable by the owner only."""
    import csv

    from lea_desktop.exports.records import header

    device = str(uuid.uuid4())
    records = [_record(device) for _ in range(3)]
    _post(api, records, device)
    exported = databank.export_json(tmp_path / "all.json")
    mine = {r["id"]: r for r in exported if r.get("device_id") == device}
    assert set(mine) == {r["id"] for r in records}
    first = records[0]
    assert mine[first["id"]]["email"] == first["answers"]["email"]
    assert mine[first["id"]]["revision"] == 1
    out = tmp_path / "followers.csv"
    databank.cli("export", "--format", "csv", "--out", str(out))
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == header(load_form())
    assert {r["id"] for r in records} <= {row[0] for row in rows[1:]}
    assert (out.stat().st_mode & 0o777) == 0o600
    assert ((tmp_path / "all.json").stat().st_mode & 0o777) == 0o600


def test_the_databank_stores_answers_as_formkit_cleans_them(api, databank, tmp_path):
    """Answers sent in a looser form (1 for a ticked box, a lower-case country) are stored
    cleaned, not as sent; clean answers are stored as they came. Replays stay `unchanged`."""
    device = str(uuid.uuid4())
    ticked = _record(device)  # 1 == True in Python, but not as JSON text
    ticked["answers"] = {**ticked["answers"], "consent_contact": 1}
    lower = _record(device)
    lower["answers"] = {**lower["answers"], "country": "pt"}
    clean = _record(device)
    batch = [ticked, lower, clean]
    assert [o["status"] for o in _post(api, batch, device)] == ["created"] * 3
    assert [o["status"] for o in _post(api, batch, device)] == ["unchanged"] * 3
    exported = {r["id"]: r for r in databank.export_json(tmp_path / "all.json")}
    assert exported[ticked["id"]]["consent_contact"] is True
    assert exported[lower["id"]]["country"] == "PT"
    for key, value in clean["answers"].items():
        assert exported[clean["id"]][key] == value


def test_copies_of_a_batch_sent_at_the_same_time_store_each_record_once(api):
    """Batches arriving together are worked on in turn (SQLite or PostgreSQL): for two copies
    of one batch, each record is `created` by one copy and `unchanged` for the other, and
    other batches in flight meanwhile are all stored."""
    from concurrent.futures import ThreadPoolExecutor

    device = str(uuid.uuid4())
    twin = [_record(device) for _ in range(40)]
    others = [[_record(device) for _ in range(40)] for _ in range(4)]
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda b: _post(api, b, device), [twin, twin, *others]))
    for i, rec in enumerate(twin):
        assert sorted([answers[0][i]["status"], answers[1][i]["status"]]) == [
            "created",
            "unchanged",
        ], rec["id"]
    assert all(o["status"] == "created" for answer in answers[2:] for o in answer)
    held: set[str] = set()
    after = ""
    while True:  # the reconciliation answer is paged
        page = api.get("/api/v1/reconcile", params={"device_id": device, "after": after}).json()
        held |= {h["id"] for h in page["records"]}
        if not page["records"] or not page.get("more"):
            break
        after = page["last"]
    assert held == {r["id"] for batch in (twin, *others) for r in batch}
