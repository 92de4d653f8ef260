"""Failed authentications are limited per client address: 429 with Retry-After, through the real
server over loopback (127.0.0.1 the attacker, 127.0.0.2 another laptop)."""

from __future__ import annotations

import httpx
import pytest

from lea_desktop.sync import protocol

LIMIT = 5


@pytest.fixture
def bank(backend: str, databank_db: str, tmp_path):  # type: ignore[no-untyped-def]
    from tests.integration.sync.conftest import Databank, _db_url

    bank = Databank(
        _db_url(backend, tmp_path, "limit"),
        tmp_path,
        serve_args=("--auth-failures", str(LIMIT), "--auth-window", "600"),
        log_level="info",
    )
    bank.start()
    yield bank
    bank.stop()


def _client(bank, source: str = "127.0.0.1") -> httpx.Client:  # type: ignore[no-untyped-def]
    transport = httpx.HTTPTransport(local_address=source)
    return httpx.Client(base_url=bank.url, transport=transport, timeout=30)


def test_an_address_that_keeps_guessing_tokens_gets_429_with_retry_after(bank):
    _name, token = bank.token()
    good = {"Authorization": f"Bearer {token}"}
    with _client(bank) as attacker, _client(bank, "127.0.0.2") as laptop:
        assert attacker.get(protocol.WHOAMI, headers=good).status_code == 200
        guesses = [{"Authorization": f"Bearer lea_guess{n}"} for n in range(LIMIT - 1)] + [
            {"Authorization": "Basic bGVhOmxlYQ=="}
        ]  # a wrong scheme is a failure too
        for headers in guesses:
            assert attacker.get(protocol.WHOAMI, headers=headers).status_code == 401
        # The limit is reached: every request carrying a token is refused, even a valid one,
        # and even with a body (refused before it is read).
        for method, path, headers in (
            ("GET", protocol.WHOAMI, {"Authorization": "Bearer lea_guess-more"}),
            ("GET", protocol.EVENTS, good),
            ("POST", protocol.RECORDS_BATCH, good),
        ):
            answer = attacker.request(method, path, headers=headers, content=b"{}")
            assert answer.status_code == 429, answer.text
            wait = int(answer.headers["Retry-After"])
            assert 0 < wait <= 600
            assert "Too many failed authentications" in answer.json()["detail"]
        # No token at all guesses nothing: the usual 401.
        assert attacker.get(protocol.WHOAMI).status_code == 401
        assert attacker.get(protocol.HEALTH).status_code == 200
        # Another address is not held back by this one's failures.
        assert laptop.get(protocol.WHOAMI, headers=good).json()["name"]
    log = bank.log.read_text(encoding="utf-8", errors="replace")
    assert f'"GET {protocol.WHOAMI}" 429' in log
    assert token not in log and "lea_guess" not in log
