"""Databank webhooks against a real HTTP receiver on loopback that checks every signature the
way docs/webhooks.md tells receivers to, and answers 500 to a delivery's first attempt to force
a retry: follower created, updated and erased, each delivered once verified; the delivery log;
the address and secret rules; nothing personal where it must not be."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from lea_desktop.databank import webhooks
from tests.integration.sync.conftest import Databank, _db_url, free_port

SECRET = "s3cr3t-for-the-crm-Zq81xPq"


class Receiver:
    """A CRM's endpoint: verifies `X-LEA-Signature` (HMAC-SHA256 over "<t>." + body with the
    shared secret), keeps what it got, and fails the first attempt of the deliveries asked to."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.got: list[dict[str, Any]] = []  # {"valid", "body", "headers", "answer"}
        self.fail_first: set[str] = set()  # follower ids whose first delivery gets a 500
        self._failed: set[str] = set()
        self._lock = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                valid = receiver.verify(self.headers.get("X-LEA-Signature", ""), body)
                doc = json.loads(body) if valid else {}
                delivery = self.headers.get("X-LEA-Delivery", "")
                follower = doc.get("follower", {}).get("id", "")
                answer = 200 if valid else 401
                with receiver._lock:
                    if (
                        valid
                        and follower in receiver.fail_first
                        and delivery not in receiver._failed
                    ):
                        receiver._failed.add(delivery)
                        answer = 500
                    receiver.got.append(
                        {"valid": valid, "doc": doc, "answer": answer, "delivery": delivery,
                         "event": self.headers.get("X-LEA-Event", "")}
                    )  # fmt: skip
                    receiver._lock.notify_all()
                self.send_response(answer)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/lea"

    def verify(self, header: str, body: bytes) -> bool:
        fields = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
        if "t" not in fields or "v1" not in fields or abs(time.time() - int(fields["t"])) > 300:
            return False
        mac = hmac.new(self.secret.encode(), fields["t"].encode() + b"." + body, hashlib.sha256)
        return hmac.compare_digest(mac.hexdigest(), fields["v1"])

    def accepted(self, follower: str, event: str) -> list[dict[str, Any]]:
        return [
            g for g in self.got
            if g["answer"] == 200 and g["doc"].get("type") == event
            and g["doc"]["follower"]["id"] == follower
        ]  # fmt: skip

    def wait_for(self, follower: str, event: str, timeout: float = 90.0) -> dict[str, Any]:
        with self._lock:
            self._lock.wait_for(lambda: self.accepted(follower, event), timeout)
            found = self.accepted(follower, event)
        assert found, (event, [(g["event"], g["answer"]) for g in self.got])
        return found[0]

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver(SECRET) as r:
        yield r


@pytest.fixture
def bank(backend: str, databank_db: str, tmp_path: Path) -> Iterator[Databank]:
    """A databank retrying failed deliveries after 0.3 s (doubling), not 10 s."""
    url = databank_db if backend == "postgresql" else _db_url(backend, tmp_path, "hooks")
    bank = Databank(url, tmp_path, serve_args=(*Databank.AUTH_LIMIT, "--webhook-backoff", "0.3"))
    bank.start()
    yield bank
    bank.stop()


def test_follower_changes_reach_the_receiver_signed_retried_and_logged(bank, receiver, make_laptop):
    from lea_desktop.usecases import erasure, followers

    added = bank.cli("webhook", "add", receiver.url, "--secret", SECRET)
    hook_id = int(added.stdout.split()[1])
    try:
        laptop = make_laptop(bank)
        event = laptop.add_event(f"Educa {time.time_ns()}")
        consented, map_only = laptop.add_followers(2, event.id)
        # The second follower's consent proof names the map only: no contact details for it.
        laptop.db.execute(
            "UPDATE registrations SET consent = ? WHERE id = ?",
            [json.dumps({"version": "map:1", "purposes": ["map"], "given_at": "x"}), map_only],
        )
        receiver.fail_first.add(consented)
        assert laptop.sync().reached

        created = receiver.wait_for(consented, webhooks.CREATED)
        doc = created["doc"]
        assert doc["follower"]["contact"]["email"].startswith("aino.")
        assert doc["follower"]["contact"]["name"] == "Aino Virtanen"
        assert doc["follower"]["consent"] == {"contact": True, "given_at": doc["follower"]["consent"]["given_at"], "text_version": "1"}  # fmt: skip
        assert doc["follower"]["country"] == "FI" and doc["follower"]["types"] == ["school"]
        assert "phone" not in json.dumps(doc) and "+358" not in json.dumps(doc)
        # The first attempt got a 500; the same delivery came again and was accepted.
        tries = [g for g in receiver.got if g["delivery"] == created["delivery"]]
        assert [g["answer"] for g in tries] == [500, 200]
        other = receiver.wait_for(map_only, webhooks.CREATED)["doc"]["follower"]
        assert "contact" not in other and other["consent"]["contact"] is False
        assert "aino" not in json.dumps(other).lower()

        reg = laptop.store.db.execute("SELECT answers FROM registrations WHERE id = ?",
                                      [consented]).fetchone()  # fmt: skip
        answers = {**json.loads(reg[0]), "city": "Tampere"}
        assert followers.save_edit(laptop.store, consented, answers).ok
        assert laptop.sync().reached
        updated = receiver.wait_for(consented, webhooks.UPDATED)["doc"]
        assert updated["follower"]["revision"] == 2

        erasure.erase(laptop.store, consented)
        assert laptop.sync().reached
        erased = receiver.wait_for(consented, webhooks.ERASED)["doc"]
        assert erased["follower"] == {"id": consented}
        assert all(g["valid"] for g in receiver.got)

        log = json.loads(bank.cli("webhook", "log", "--webhook", str(hook_id), "--json").stdout)
        mine = {(e["event"], e["record_id"]): e for e in log}
        first = mine[(webhooks.CREATED, consented)]
        assert (first["status"], first["attempts"], first["last_status"]) == ("delivered", 2, 200)
        assert mine[(webhooks.ERASED, consented)]["status"] == "delivered"
        text = bank.cli("webhook", "log", "--webhook", str(hook_id)).stdout
        assert "delivered" in text and "aino" not in text.lower()
        listed = bank.cli("webhook", "list").stdout
        assert receiver.url in listed and SECRET not in listed
    finally:
        bank.cli("webhook", "remove", str(hook_id))
    assert receiver.url not in bank.cli("webhook", "list").stdout
    assert SECRET not in bank.log.read_text(encoding="utf-8", errors="replace")
    assert "aino." not in bank.log.read_text(encoding="utf-8", errors="replace")


def test_a_receiver_that_never_answers_well_is_retried_then_failed(bank, make_laptop, tmp_path):
    """A delivery to a closed port is tried again with growing waits, each attempt in the log."""
    closed = f"http://127.0.0.1:{free_port()}/gone"
    hook_id = int(bank.cli("webhook", "add", closed, "--secret", SECRET).stdout.split()[1])
    try:
        laptop = make_laptop(bank)
        [follower] = laptop.add_followers(1, laptop.add_event(f"Fail {time.time_ns()}").id)
        assert laptop.sync().reached
        deadline = time.monotonic() + 60
        entry: dict[str, Any] = {}
        while time.monotonic() < deadline:
            log = json.loads(bank.cli("webhook", "log", "--webhook", str(hook_id), "--json").stdout)
            entry = next((e for e in log if e["record_id"] == follower), {})
            if entry.get("attempts", 0) >= 3:
                break
            time.sleep(0.3)
        assert entry["attempts"] >= 3 and entry["status"] in ("pending", "sending", "failed")
        assert entry["last_error"] == "ConnectError" and entry["last_status"] is None
    finally:
        bank.cli("webhook", "remove", str(hook_id))


@pytest.mark.parametrize(
    ("url", "secret", "reason"),
    [
        ("http://crm.example.eu/hook", SECRET, "not encrypted"),
        ("ftp://crm.example.eu/hook", SECRET, "https://"),
        ("https://user:pw@crm.example.eu/hook", SECRET, "no user name"),
        ("https://crm.example.eu/hook", "short", "16"),
        ("https://crm.example.eu/hook", "has a space in it!!", "without spaces"),
    ],
)
def test_unsafe_addresses_and_weak_secrets_are_refused(tmp_path, url, secret, reason):
    from lea_desktop.databank.cli import main

    db_file = tmp_path / "refuse.sqlite"
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["webhook", "add", url, "--secret", secret, "--db", str(db_file)])
    assert code == 2 and reason in err.getvalue()
    assert secret not in err.getvalue() or secret == SECRET


def test_https_and_loopback_addresses_are_taken_and_the_secret_can_come_from_stdin(
    tmp_path, monkeypatch, capsys
):
    import io

    from lea_desktop.databank.cli import main

    db_file = str(tmp_path / "ok.sqlite")
    assert main(["webhook", "add", "https://crm.example.eu/hooks", "--secret", SECRET,
                 "--db", db_file]) == 0  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO(SECRET + "\n"))
    assert main(["webhook", "add", "http://[::1]:9000/x", "--secret", "-", "--db", db_file]) == 0
    capsys.readouterr()
    assert main(["webhook", "list", "--db", db_file]) == 0
    listed = capsys.readouterr().out
    assert "https://crm.example.eu/hooks" in listed and "http://[::1]:9000/x" in listed
    assert SECRET not in listed
    assert main(["webhook", "remove", "1", "--db", db_file]) == 0
    assert main(["webhook", "remove", "1", "--db", db_file]) == 2


def test_signatures_cover_the_body_and_the_time():
    body = b'{"type":"follower.erased"}'
    header = webhooks.sign(SECRET, 1_700_000_000, body)
    assert webhooks.verify(SECRET, header, body, now=1_700_000_010)
    assert not webhooks.verify(SECRET, header, body + b" ", now=1_700_000_010)
    assert not webhooks.verify("another-secret-entirely", header, body, now=1_700_000_010)
    assert not webhooks.verify(SECRET, header, body, now=1_700_000_000 + 3600)  # a replay
    assert not webhooks.verify(SECRET, "garbage", body)
