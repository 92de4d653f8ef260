"""The databank's validation worker processes: the same answers as validating in the server, and
no process left behind when the server stops."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from lea_desktop.formkit import load_form


@pytest.fixture
def make_bank(databank):  # the session databank's class: `lea-databank serve` on 127.0.0.1
    """Make (not start) a databank served with `--validation-workers N`."""

    def make(db_url: str, workdir: Path, workers: int):  # type: ignore[no-untyped-def]
        bank = type(databank)(db_url, workdir)
        serve = bank.command

        def command(*args: str) -> list[str]:
            extra = ["--validation-workers", str(workers)] if args[:1] == ("serve",) else []
            return [*serve(*args), *extra]

        bank.command = command  # type: ignore[method-assign]
        return bank

    return make


def _mixed_batch(device: str) -> list[dict[str, Any]]:
    """Good records (one whose answers the databank cleans) and records refused for every reason
    the answers' check can give, in an interleaved order."""
    form = load_form()
    good = {
        "organisation": "Escola Azul", "contact_name": "Ana Silva", "email": "ana@example.pt",
        "country": "PT", "types": ["school"], "interests": ["webinars"], "consent_contact": True,
    }  # fmt: skip
    variants: list[dict[str, Any]] = [
        {},
        {"email": "not-an-email"},
        {"email": "  Ana.Silva@Example.PT  ", "organisation": "  Escola  Verde "},
        {"organisation": ""},
        {"country": "XX", "email": "x@"},
        {"types": ["no-such-type"]},
        {"consent_contact": "yes"},
    ]
    records = []
    for n in range(60):  # more than one worker's share
        answers = {**good, **variants[n % len(variants)], "contact_name": f"Person {n}"}
        changes: dict[str, Any] = {}
        if n == 5:
            changes = {"form_version": form.version + 1}
        elif n == 9:
            changes = {"form_id": "no_such_form"}
        records.append({
            "id": str(uuid.uuid4()), "kind": "follower", "form_id": form.id,
            "form_version": form.version, "revision": 1, "event_id": "ev-1", "device_id": device,
            "created_at": "2027-01-20T10:00:00.000Z", "updated_at": "2027-01-20T10:00:00.000Z",
            "collected_by": "Staff", "consent": {"purposes": ["contact"]}, "answers": answers,
            "source": "app", "parent_id": None, "loi_status": "", "loi_date": "", **changes,
        })  # fmt: skip
    return records


def _push(bank: Any, records: list[dict[str, Any]], device: str) -> list[tuple[str, str]]:
    _name, token = bank.token()
    with httpx.Client(
        base_url=bank.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as client:
        body = {"device_id": device, "records": records}
        first = client.post("/api/v1/records/batch", json=body)
        again = client.post("/api/v1/records/batch", json=body)
    assert first.status_code == 200 and again.status_code == 200, first.text
    outcomes = first.json()["outcomes"]
    assert [o["id"] for o in outcomes] == [r["id"] for r in records]
    replay = [o["status"] for o in again.json()["outcomes"]]
    assert replay == [
        "unchanged" if o["status"] == "created" else o["status"] for o in outcomes
    ]  # idempotent, with the pool or without
    return [(o["status"], o.get("reason", "")) for o in outcomes]


def test_answers_are_the_same_with_and_without_validation_workers(
    backend, databank_db, tmp_path, make_bank
):
    """A batch mixing good and refused records gets the same outcome and reason per record, and
    the same stored (cleaned) answers, from a databank validating in 2 worker processes as from
    one validating in its own process; a replay is `unchanged` either way."""
    results = {}
    stored = {}
    for workers in (0, 2):
        url = str(tmp_path / f"w{workers}.sqlite") if backend == "sqlite" else databank_db
        bank = make_bank(url, tmp_path, workers)
        device = f"dev-{uuid.uuid4().hex[:8]}"
        records = _mixed_batch(device)
        bank.start()
        try:
            results[workers] = _push(bank, records, device)
            exported = bank.export_json(tmp_path / f"w{workers}.json")
        finally:
            bank.stop()
        order = {r["id"]: n for n, r in enumerate(records)}
        stored[workers] = sorted(
            (order[e["id"]], _content(e)) for e in exported if e["id"] in order
        )
    assert results[0] == results[2]
    statuses = {s for s, _ in results[0]}
    assert statuses == {"created", "rejected"}
    reasons = [r for _, r in results[0]]
    assert any(r.startswith("answers not valid: email:") for r in reasons)
    assert any(r.startswith("unknown form") for r in reasons)
    assert any("is unknown here" in r for r in reasons)
    assert stored[0] == stored[2] and stored[0]


def _content(entry: dict[str, Any]) -> str:
    """An exported record without what differs between the two banks' copies (id, device)."""
    import json

    return json.dumps(
        {k: v for k, v in entry.items() if k not in ("id", "device_id", "received_at")},
        sort_keys=True,
    )


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _gone(pids: set[int]) -> bool:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{p}").exists() for p in pids):
            return True
        time.sleep(0.1)
    return False


def test_the_workers_stop_with_the_server_however_it_stops(tmp_path, make_bank):
    """`lea-databank serve` starts its validation workers, and stopping it (SIGTERM, or Ctrl+C
    reaching its whole process group) leaves none of them running and prints no traceback;
    killing it outright (SIGKILL) leaves none running either."""
    for how in (signal.SIGTERM, signal.SIGINT, signal.SIGKILL):
        bank = make_bank(str(tmp_path / f"{how.name}.sqlite"), tmp_path, 2)
        bank.start()
        assert bank.proc is not None
        children = _children(bank.proc.pid)
        assert len(_workers(bank)) == 2 and _workers(bank) <= children
        if how == signal.SIGINT:
            _interrupt_group(bank)
        else:
            bank.proc.send_signal(how)
        assert bank.proc.wait(15) in (0, -how)  # uvicorn ends by re-raising the signal
        assert _gone(children)
        if how != signal.SIGKILL:
            assert "Traceback" not in bank.log.read_text()


def _interrupt_group(bank: Any) -> None:
    """Ctrl+C in a terminal: SIGINT to the server and to every process it started."""
    assert bank.proc is not None
    for pid in {bank.proc.pid, *_children(bank.proc.pid)}:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGINT)


def test_a_databank_without_workers_starts_none(tmp_path, make_bank):
    """`--validation-workers 0` validates in the server's own process: no worker is started."""
    bank = make_bank(str(tmp_path / "none.sqlite"), tmp_path, 0)
    bank.start()
    try:
        assert bank.proc is not None
        assert _children(bank.proc.pid) == set()
    finally:
        bank.stop()


def _expected(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """What validating in this process gives for a batch of new records."""
    from lea_desktop.databank import repo
    from lea_desktop.sync import protocol

    out = []
    for p in repo.prepare_records(records):
        assert isinstance(p, repo.Prepared)
        out.append((protocol.CREATED, "") if p.row is not None else ("rejected", p.reason))
    return out


def _workers(bank: Any) -> set[int]:
    """The process ids of the databank's validation workers."""
    assert bank.proc is not None
    found = set()
    for pid in _children(bank.proc.pid):
        with contextlib.suppress(OSError):
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.add(pid)
    return found


def test_a_killed_worker_is_replaced_and_no_batch_is_lost(tmp_path, make_bank):
    """When the validation worker dies (killed, out of memory), the databank goes on answering
    every batch with the same outcomes (validating in its own process meanwhile), says so in its
    log, and starts a new worker, which then validates the next batches."""
    bank = make_bank(str(tmp_path / "killed.sqlite"), tmp_path, 1)
    bank.start()
    try:
        killed = _workers(bank)
        assert len(killed) == 1
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        for _ in range(2):  # the batch that finds the pool broken, and the next one
            device = f"dev-{uuid.uuid4().hex[:8]}"
            records = _mixed_batch(device)
            assert _push(bank, records, device) == _expected(records)
        deadline = time.monotonic() + 60
        while not (_workers(bank) - killed) and time.monotonic() < deadline:
            time.sleep(0.1)
        replaced = _workers(bank) - killed
        assert len(replaced) == 1
        device = f"dev-{uuid.uuid4().hex[:8]}"
        records = _mixed_batch(device)
        assert _push(bank, records, device) == _expected(records)
        assert _workers(bank) == replaced  # the new worker took the batch and is still there
    finally:
        bank.stop()
    log = bank.log.read_text()
    assert "a validation worker stopped" in log
    assert "Traceback" not in log


def test_a_batch_refused_whole_gets_the_same_answer_from_a_worker(tmp_path, make_bank):
    """A large body that is not JSON, one that is not a record batch and one with more records
    than the protocol allows are prepared in the worker process, and each answered 400 with the
    same message as by a databank preparing them itself."""
    from lea_desktop.sync import protocol

    device = f"dev-{uuid.uuid4().hex[:8]}"
    too_many = {"device_id": device, "records": _mixed_batch(device) * 9}
    assert len(too_many["records"]) > protocol.MAX_BATCH
    bodies = [
        b"{" + b"x" * 20_000,
        json.dumps({"device_id": device, "items": ["x" * 20_000]}).encode(),
        json.dumps(too_many).encode(),
    ]
    answers = {}
    for workers in (0, 1):
        bank = make_bank(str(tmp_path / f"refused{workers}.sqlite"), tmp_path, workers)
        bank.start()
        try:
            _name, token = bank.token()
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            with httpx.Client(base_url=bank.url, headers=headers, timeout=30) as client:
                answers[workers] = [
                    (r.status_code, r.json()["detail"])
                    for r in (client.post("/api/v1/records/batch", content=b) for b in bodies)
                ]
        finally:
            bank.stop()
    assert [status for status, _ in answers[1]] == [400, 400, 400]
    assert answers[1] == answers[0]
    assert answers[1][0][1] == "The request body is not JSON."


def test_workers_that_keep_dying_are_always_replaced(monkeypatch, caplog):
    """A worker prepares a batch exactly as the server's own process would; when workers die,
    again and again (more often than the three restarts the pool once allowed before giving up
    for good), a new pool is started each time, and the next batch is prepared by it."""
    import asyncio
    import logging

    from lea_desktop.databank import repo, validation

    monkeypatch.setattr(validation, "RESTART_PAUSE", 0.01)
    caplog.set_level(logging.WARNING, logger="lea_desktop.databank")
    device = f"dev-{uuid.uuid4().hex[:8]}"
    body = json.dumps({"device_id": device, "records": _mixed_batch(device)}).encode()
    pool = validation.ValidationPool(1)
    pool.start()
    try:
        assert pool.running and pool.wants(body)
        expected = repo.prepare_body(body, 500)
        assert asyncio.run(pool.prepare(body, 500)) == expected
        for death in range(1, 6):
            assert pool._pool is not None
            for pid in list(pool._pool._processes):  # type: ignore[attr-defined]
                os.kill(pid, signal.SIGKILL)
            assert asyncio.run(pool.prepare(body, 500)) is None  # the caller prepares it
            assert pool._restarting is not None
            pool._restarting.join()
            assert pool.running and pool.restarts == death
            assert asyncio.run(pool.prepare(body, 500)) == expected  # by the new worker
    finally:
        pool.close()
    assert "until new workers have started" in caplog.text
    assert "from now on" not in caplog.text


def test_deep_json_never_reaches_a_worker_and_the_pool_stays(tmp_path, make_bank):
    """Record batches nested 1,000 deep (large enough to go to a worker) get 400 each, five in
    a row; the worker that was there still is, and prepares the next good batch."""
    bank = make_bank(str(tmp_path / "deep.sqlite"), tmp_path, 1)
    bank.start()
    try:
        workers = _workers(bank)
        assert len(workers) == 1
        _name, token = bank.token()
        deep = "[" * 1000 + "]" * 1000
        body = f'{{"device_id":"d","records":[{{"answers":{deep},"pad":"{"x" * 10_000}"}}]}}'
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        with httpx.Client(base_url=bank.url, headers=headers, timeout=30) as client:
            for _ in range(5):
                answer = client.post("/api/v1/records/batch", content=body.encode())
                assert answer.status_code == 400, answer.text
                assert "nested deeper than 32 levels" in answer.json()["detail"]
        assert _workers(bank) == workers
        device = f"dev-{uuid.uuid4().hex[:8]}"
        records = _mixed_batch(device)
        assert _push(bank, records, device) == _expected(records)
        assert _workers(bank) == workers
    finally:
        bank.stop()
    log = bank.log.read_text()
    assert "a validation worker stopped" not in log
    assert "Traceback" not in log
