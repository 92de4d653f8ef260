"""Hostile requests against a real databank over loopback, on SQLite and on PostgreSQL: each gets
a 4xx (or, inside a batch, a `rejected` outcome) with a reason, never a 500, never a body read
before the token is checked, and nothing of it lands in the server's log."""

from __future__ import annotations

import json
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from lea_desktop.formkit import load_form
from lea_desktop.sync import protocol

BIG = 15_600_000  # bytes: under the 16 MB limit, so only the token check can refuse it early
NAME = "Hedwig Oberhollenzer"  # personal data the log must never show
EMAIL = "hedwig.oberhollenzer@example.at"


@pytest.fixture(scope="module")
def bank(backend: str, databank_db: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A databank of this module's own, logging at `info` (every request), with the default
    limit on failed authentications."""
    from tests.integration.sync.conftest import Databank, _db_url

    workdir = tmp_path_factory.mktemp("hostile")
    bank = Databank(_db_url(backend, workdir, "hostile"), workdir, serve_args=(), log_level="info")
    bank.start()
    yield bank
    bank.stop()


@pytest.fixture
def token(bank) -> str:  # type: ignore[no-untyped-def]
    """A token of this test's own: a token speaks for the first device id it names."""
    return bank.token()[1]


@pytest.fixture
def api(bank, token: str) -> Iterator[httpx.Client]:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    with httpx.Client(base_url=bank.url, headers=headers, timeout=60) as client:
        yield client


def _record(device: str, **changes: Any) -> dict[str, Any]:
    form = load_form()
    record = {
        "id": str(uuid.uuid4()), "kind": "follower", "form_id": form.id,
        "form_version": form.version, "revision": 1, "event_id": "ev-hostile",
        "device_id": device, "created_at": "2027-01-20T10:00:00Z",
        "updated_at": "2027-01-20T10:00:00Z", "collected_by": "Staff",
        "consent": {"version": "contact:1", "purposes": ["contact"]},
        "answers": {
            "organisation": "Escola Azul", "contact_name": NAME, "email": EMAIL,
            "country": "AT", "types": ["school"], "interests": ["webinars"],
            "consent_contact": True,
        },
    }  # fmt: skip
    record.update(changes)
    return record


def _event(**changes: Any) -> dict[str, Any]:
    event = {
        "id": f"ev-{uuid.uuid4().hex[:12]}", "name": "BETT 2027", "starts": "2027-01-20",
        "ends": "2027-01-22", "created_at": "2027-01-01T10:00:00Z",
        "updated_at": "2027-01-01T10:00:00Z", "revision": 1,
    }  # fmt: skip
    event.update(changes)
    return event


def _device() -> str:
    return f"dev-{uuid.uuid4().hex[:8]}"


def _send(api: httpx.Client, path: str, text: str) -> httpx.Response:
    """POST JSON text exactly as given (escapes such as \\ud800 survive)."""
    return api.post(path, content=text.encode("utf-8"))


def _statuses(answer: httpx.Response) -> list[tuple[str, str]]:
    assert answer.status_code == 200, answer.text
    return [(o["status"], o.get("reason", "")) for o in answer.json()["outcomes"]]


# --------------------------------------------------------------------------- the token first


def _headers_only(bank, path: str, token: str | None = None) -> bytes:  # type: ignore[no-untyped-def]
    """Send a POST's headers announcing a 15.6 MB body, and none of the body: the answer that
    comes back (the server did not wait for the body), or b"" if none came within 20 s."""
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    with socket.create_connection(("127.0.0.1", bank.port), timeout=20) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"{auth}Content-Length: {BIG}\r\n\r\n".encode()
        )
        answer = b""
        try:
            while b"}" not in answer:  # the end of the JSON error body
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except TimeoutError:
            pass
        return answer


@pytest.mark.parametrize(
    "path", [protocol.RECORDS_BATCH, protocol.EVENTS_BATCH, protocol.TOMBSTONES]
)
def test_a_request_without_a_valid_token_is_refused_before_its_body_is_read(bank, path):
    """Headers announcing 15.6 MB, then nothing: the databank answers 401 at once, without
    waiting for (or reading) the body; a wrong token, the same."""
    for token in (None, "lea_" + "x" * 43):
        answer = _headers_only(bank, path, token)
        assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
        assert b"bearer token" in answer.lower() or b"not valid" in answer


def test_a_15_mb_body_without_a_token_does_not_grow_the_server(bank):
    """The whole 15.6 MB sent without a token: 401, and the server's peak memory stays where
    it was (it grew by ~50 MB a request when the body was read and decoded first)."""
    assert bank.proc is not None
    status = Path(f"/proc/{bank.proc.pid}/status")

    def peak_kb() -> int:
        line = next(ln for ln in status.read_text().splitlines() if ln.startswith("VmHWM"))
        return int(line.split()[1])

    body = b'{"device_id":"d","events":[' + b",".join([b'"' + b"a" * 998 + b'"'] * 15_000) + b"]}"
    assert len(body) > 15_000_000
    with httpx.Client(base_url=bank.url, timeout=60) as client:
        client.get(protocol.HEALTH)
        before = peak_kb()
        for path in (protocol.EVENTS_BATCH, protocol.TOMBSTONES, protocol.RECORDS_BATCH):
            assert client.post(path, content=body).status_code == 401
    assert peak_kb() - before < 15_000  # kB: less than one copy of the body


def test_a_client_hanging_up_mid_body_is_not_an_internal_error(bank, api, token):
    """A token-bearing request whose Content-Length promises more than it sends, then hangs up
    (a lie, or a dropped network): the databank logs a 400, never a 500 or an internal error,
    and goes on answering."""
    device = _device()
    body = json.dumps({"device_id": device, "records": [_record(device)]}).encode()
    path = protocol.RECORDS_BATCH
    line = f'"POST {path}" '

    def logged() -> list[str]:
        text = bank.log.read_text(encoding="utf-8", errors="replace")
        return [ln for ln in text.splitlines() if line in ln]

    before = len(logged())
    with socket.create_connection(("127.0.0.1", bank.port), timeout=20) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {token}\r\nContent-Length: {len(body) + 1000}\r\n\r\n".encode()
            + body
        )
    # The databank notices the hang-up and logs the request: wait for that line (bounded).
    deadline = time.monotonic() + 30
    while len(logged()) == before and time.monotonic() < deadline:
        time.sleep(0.1)
    log = bank.log.read_text(encoding="utf-8", errors="replace")
    last = logged()[before]
    assert last.endswith(" 400"), last
    assert "internal error" not in log and "ClientDisconnect" not in log
    assert _statuses(api.post(path, json={"device_id": device, "records": [_record(device)]})) == [
        ("created", "")
    ]


# --------------------------------------------------------------------------- nesting


def test_deeply_nested_json_is_refused_with_400_on_every_endpoint(api):
    deep = "[" * 1000 + "]" * 1000
    bodies = {
        protocol.RECORDS_BATCH: f'{{"device_id":"d","records":[{{"answers":{deep}}}]}}',
        protocol.EVENTS_BATCH: f'{{"device_id":"d","events":{deep}}}',
        protocol.TOMBSTONES: f'{{"device_id":"d","ids":{deep}}}',
    }
    for path, text in bodies.items():
        answer = _send(api, path, text)
        assert answer.status_code == 400, (path, answer.text)
        assert f"nested deeper than {protocol.MAX_DEPTH} levels" in answer.json()["detail"]
    # As deep as a batch may be: still judged record by record.
    device = _device()
    ok = _record(device, consent={"a": json.loads("[" * 25 + "]" * 25)})
    assert _statuses(
        api.post(protocol.RECORDS_BATCH, json={"device_id": device, "records": [ok]})
    ) == [("created", "")]


# --------------------------------------------------------------------------- text


def test_lone_surrogates_and_nul_are_refused_per_record_and_the_good_ones_stored(api):
    """A lone surrogate (\\ud800) or a NUL in any text of a record (an answer, an answer's key,
    collected_by, device_id, a consent key) rejects that record with a reason; the good record
    beside them is stored."""
    device = _device()
    good = _record(device)
    bad = {
        "answer": _record(device, answers={**good["answers"], "organisation": "A\\ud800B"}),
        "answer key": _record(device, answers={**good["answers"], "x\\ud800": "1"}),
        "collected_by": _record(device, collected_by="Staff \\ud800"),
        "device_id": _record(device, device_id="dev-\\udfff"),
        "consent key": _record(device, consent={"purposes\\ud800": ["contact"]}),
        "nul in answer": _record(device, answers={**good["answers"], "organisation": "A\\u0000B"}),
        "nul in collected_by": _record(device, collected_by="Staff\\u0000"),
        "nul in consent": _record(device, consent={"version": "\\u0000"}),
    }
    records = [good, *bad.values()]
    # json.dumps would escape the backslashes: put the escapes into the JSON text as they are.
    text = json.dumps({"device_id": device, "records": records}).replace("\\\\u", "\\u")
    outcomes = _statuses(_send(api, protocol.RECORDS_BATCH, text))
    assert outcomes[0] == ("created", "")
    for what, (status, reason) in zip(bad, outcomes[1:], strict=True):
        assert status == "rejected", what
        assert "holds a NUL or an unpaired surrogate" in reason, (what, reason)


def test_a_literal_backslash_u_text_is_not_mistaken_for_a_nul(api):
    device = _device()
    record = _record(device, collected_by="C:\\u0000 folder")  # a backslash and letters
    record["answers"]["organisation"] = "Escola \\u0000"
    outcomes = _statuses(
        api.post(protocol.RECORDS_BATCH, json={"device_id": device, "records": [record]})
    )
    assert outcomes == [("created", "")]


def test_surrogates_and_nul_in_envelopes_events_and_queries_get_4xx(api):
    device = _device()
    for text in (
        '{"device_id":"dev-\\ud800","records":[]}',
        '{"device_id":"dev-\\u0000","records":[]}',
    ):
        answer = _send(api, protocol.RECORDS_BATCH, text)
        assert answer.status_code == 400
        assert "device_id holds a NUL or an unpaired surrogate" in answer.json()["detail"]
    good, bad_name, bad_notes = _event(), _event(name="BETT \\ud800"), _event(notes="x\\u0000")
    text = json.dumps({"device_id": device, "events": [good, bad_name, bad_notes]})
    outcomes = _statuses(_send(api, protocol.EVENTS_BATCH, text.replace("\\\\u", "\\u")))
    assert outcomes[0] == ("created", "")
    assert [s for s, _ in outcomes[1:]] == ["rejected", "rejected"]
    assert "name holds a NUL" in outcomes[1][1] and "notes holds a NUL" in outcomes[2][1]
    # Raw UTF-8-encoded surrogates are not UTF-8: not JSON.
    raw = '{"device_id":"d","records":[]}'.replace("d", "d\ud800", 1).encode(
        "utf-8", "surrogatepass"
    )
    answer = api.post(protocol.RECORDS_BATCH, content=raw)
    assert answer.status_code == 400 and answer.json()["detail"] == "The request body is not JSON."
    for params in ({"device_id": "a\x00b"}, {"device_id": "d", "event_id": "\x00"}):
        answer = api.get(protocol.RECONCILE, params=params)
        assert answer.status_code in (403, 422), answer.text
        assert answer.json()["detail"]


# --------------------------------------------------------------------------- numbers and sizes


def test_integers_are_bounded_to_what_both_databases_store(api):
    """Revisions up to 2**63-1 are stored (on PostgreSQL too: BIGINT), larger ones rejected per
    record; a form version of 2**31 is rejected; a cursor beyond 2**63-1 is a 422."""
    device = _device()
    records = [
        _record(device, revision=2**31),
        _record(device, revision=protocol.MAX_INT),
        _record(device, revision=2**63),
        _record(device, revision=10**30),
        _record(device, form_version=2**31),
        _record(device),
    ]
    outcomes = _statuses(
        api.post(protocol.RECORDS_BATCH, json={"device_id": device, "records": records})
    )
    assert [s for s, _ in outcomes] == [
        "created",
        "created",
        "rejected",
        "rejected",
        "rejected",
        "created",
    ]
    assert "revision must be at most 9223372036854775807" in outcomes[2][1]
    answer = api.post(protocol.RECORDS_BATCH, json={"device_id": device, "records": records[:2]})
    assert [s for s, _ in _statuses(answer)] == ["unchanged", "unchanged"]  # read back as sent
    held = api.get(protocol.RECONCILE, params={"device_id": device}).json()["records"]
    assert sorted(r["revision"] for r in held) == [1, 2**31, protocol.MAX_INT]

    events = [_event(revision=2**31), _event(revision=2**63)]
    outcomes = _statuses(
        api.post(protocol.EVENTS_BATCH, json={"device_id": device, "events": events})
    )
    assert [s for s, _ in outcomes] == ["created", "rejected"]

    for path in (
        protocol.EVENTS,
        protocol.TOMBSTONES,
        protocol.WEB_SIGNUPS,
        protocol.DIRECTORY,
    ):  # one SinceQuery
        for bad in ("99999999999999999999", str(protocol.MAX_INT + 1), "-1", "soon"):
            answer = api.get(path, params={"since": bad})
            assert answer.status_code == 422 and "since" in answer.json()["detail"], (path, bad)
        assert api.get(path, params={"since": protocol.MAX_INT}).status_code == 200
        assert api.get(path, params={"since": 0}).status_code == 200
    huge = '{"device_id":"d","records":[{"revision":' + "9" * 5000 + "}]}"
    answer = _send(api, protocol.RECORDS_BATCH, huge)
    assert answer.status_code == 400 and "number out of range" in answer.json()["detail"]


def test_a_15_mb_consent_is_refused_and_the_record_beside_it_stored(api):
    device = _device()
    fat = _record(device, consent={"version": "contact:1", "text": "x" * 15_000_000})
    good = _record(device)
    outcomes = _statuses(
        api.post(protocol.RECORDS_BATCH, json={"device_id": device, "records": [fat, good]})
    )
    assert outcomes[0][0] == "rejected"
    assert outcomes[0][1] == f"consent: larger than {protocol.MAX_CONSENT_BYTES} bytes"
    assert outcomes[1] == ("created", "")
    held = api.get(protocol.RECONCILE, params={"device_id": device}).json()["records"]
    assert [r["id"] for r in held] == [good["id"]]


def test_refused_items_are_named_safely_in_their_outcomes(api):
    """An item whose id cannot be echoed (huge, a surrogate, not text) is named `#index`."""
    device = _device()
    items = [{"id": "x" * 100_000}, {"id": 5, "revision": 2**70}, "not an object"]
    text = json.dumps({"device_id": device, "records": [*items, {"id": "a\\ud800"}]})
    outcomes = _send(api, protocol.RECORDS_BATCH, text.replace("\\\\u", "\\u")).json()["outcomes"]
    assert [(o["id"], o["revision"], o["status"]) for o in outcomes] == [
        ("#0", 0, "rejected"), ("#1", 0, "rejected"), ("#2", 0, "rejected"), ("#3", 0, "rejected"),
    ]  # fmt: skip


# --------------------------------------------------------------------------- logs


def test_after_hostile_requests_the_log_holds_no_personal_data_and_no_token(bank, api, token):
    """Every kind of hostile request above, with a name and an email in it, and a token put in
    a query string (not accepted): the server's log (at `info`: every request) holds none of
    them, and no traceback."""
    device = _device()
    good = _record(device)
    nul = _record(device, collected_by=f"{NAME}\\u0000")
    text = json.dumps({"device_id": device, "records": [good, nul]}).replace("\\\\u", "\\u")
    _send(api, protocol.RECORDS_BATCH, text)
    _send(api, protocol.RECORDS_BATCH, text.replace('"revision": 1', f'"revision": {2**63}'))
    api.post(
        protocol.RECORDS_BATCH,
        json={"device_id": device, "records": [_record(device, consent={"n": NAME * 10_000})]},
    )
    _send(
        api,
        protocol.EVENTS_BATCH,
        '{"device_id":"' + EMAIL + '","events":' + "[" * 999 + "]" * 999 + "}",
    )
    api.post(protocol.TOMBSTONES, json={"device_id": device, "ids": [EMAIL]})
    api.get(protocol.RECONCILE, params={"device_id": EMAIL, "event_id": NAME})
    api.get(protocol.EVENTS, params={"since": "99999999999999999999", "name": NAME})
    with httpx.Client(base_url=bank.url, timeout=30) as anonymous:
        refused = anonymous.get(protocol.WHOAMI, params={"access_token": token, "email": EMAIL})
        assert refused.status_code == 401  # a token in a query string is never accepted
        anonymous.get(protocol.WHOAMI, headers={"Authorization": f"Bearer {token}x"})
    log = bank.log.read_text(encoding="utf-8", errors="replace")
    assert f'"GET {protocol.WHOAMI}" 401' in log  # requests are logged, without query strings
    for secret in (NAME, EMAIL, "hedwig", token, token[4:20], "access_token", "?"):
        assert secret not in log, secret
    assert "Traceback" not in log and " 500" not in log


def test_a_postgresql_databank_with_32_bit_revisions_is_widened_when_opened(backend):
    """A databank made when revisions were INTEGER (2**31 failed there) gets BIGINT columns
    the first time this version opens it, with its rows kept."""
    if backend != "postgresql":
        pytest.skip("SQLite's INTEGER is 64-bit already")
    import os

    from sqlalchemy import create_engine, text

    from lea_desktop.databank import db

    base = os.environ["LEA_TEST_POSTGRES_URL"]
    schema = f"widen_{uuid.uuid4().hex[:8]}"
    admin = create_engine(db.normalize_url(base))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine = db.make_engine(f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}")
    try:
        db.init_schema(engine)
        with engine.begin() as conn:  # as an older databank made them
            for table in ("records", "events"):
                conn.execute(text(f"ALTER TABLE {table} ALTER COLUMN revision TYPE INTEGER"))
        db.init_schema(engine)
        with engine.begin() as conn:
            kinds = conn.execute(
                text(
                    "SELECT table_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = :s AND column_name = 'revision' "
                    "AND table_name IN ('records', 'events') ORDER BY table_name"
                ),
                {"s": schema},
            ).all()
        assert [tuple(k) for k in kinds] == [("events", "bigint"), ("records", "bigint")]
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
