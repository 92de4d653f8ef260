"""How the laptop reads what the network answers: a login page, a redirect, a proxy error or a
cut answer is never taken for the databank's word. The network is replaced by httpx's
MockTransport (the only thing mocked: what fair Wi-Fi sends back)."""

from __future__ import annotations

import asyncio
import ssl
import uuid
from pathlib import Path

import httpx
import pytest

from lea_desktop.sync import client as c

HEALTH = {"service": "lea-databank", "api": 1, "databank_id": str(uuid.uuid4())}


def _ask(handler, path: str = "/api/v1/health"):
    async def run():
        transport = httpx.MockTransport(handler)
        async with c.DatabankClient(
            "https://databank.example.eu", "lea_t", transport=transport
        ) as cl:
            return await cl.request("GET", path)

    return asyncio.run(run())


@pytest.mark.parametrize(
    ("response", "problem", "words"),
    [
        (
            httpx.Response(200, html="<html><form>Log in</form></html>"),
            c.CaptivePortal,
            "captive portal",
        ),
        (
            httpx.Response(302, headers={"Location": "http://login.fairnet/"}),
            c.CaptivePortal,
            "login",
        ),
        (httpx.Response(511, text="auth"), c.CaptivePortal, "login"),
        (
            httpx.Response(401, json={"detail": "The token is not valid or has been revoked."}),
            c.Unauthorized,
            "revoked",
        ),
        (httpx.Response(502, html="<h1>Bad Gateway</h1>"), c.ServerError, "HTTP 502"),
        (httpx.Response(503, json={"detail": "busy"}), c.ServerError, "HTTP 503"),
        (httpx.Response(404, text="nothing here"), c.NotDatabank, "not a LEA databank"),
        (
            httpx.Response(400, json={"detail": "Not a record batch"}),
            c.Refused,
            "Not a record batch",
        ),
        (
            httpx.Response(
                200, content=b'{"outcomes": [', headers={"Content-Type": "application/json"}
            ),
            c.BadAnswer,
            "incomplete",
        ),
    ],
)
def test_each_kind_of_answer_becomes_the_right_problem(response, problem, words):
    """Portal pages, redirects, 401, 5xx, non-JSON and cut JSON each map to one SyncProblem."""
    with pytest.raises(problem, match=words) as caught:
        _ask(lambda request: response)
    assert caught.value.transient == (problem in (c.ServerError, c.BadAnswer))


def test_connection_failures_are_offline_and_transient():
    """A refused connection or a timeout means offline, worth retrying."""

    def refuse(request):
        raise httpx.ConnectError("refused", request=request)

    def slow(request):
        raise httpx.ReadTimeout("slow", request=request)

    for handler, words in ((refuse, "Cannot reach"), (slow, "did not answer in time")):
        with pytest.raises(c.Offline, match=words) as caught:
            _ask(handler)
        assert caught.value.transient


def test_the_token_goes_in_the_authorization_header_and_never_in_the_repr():
    """Bearer token on every request but the health probe; the client's repr does not show it."""
    seen = {}

    def handler(request):
        seen[request.url.path] = request.headers.get("authorization")
        return httpx.Response(
            200, json={"name": "laptop-1"} if "whoami" in request.url.path else HEALTH
        )

    assert _ask(handler, "/api/v1/whoami") == {"name": "laptop-1"}
    assert _ask(handler) == HEALTH
    assert seen == {"/api/v1/whoami": "Bearer lea_t", "/api/v1/health": None}
    assert "lea_t" not in repr(c.DatabankClient("https://x.example", "lea_t"))


def test_http_outside_this_computer_gets_a_warning_when_allowed():
    """http:// is fine on loopback (a local test databank); anywhere else the warning says what
    it risks (the token and personal data readable on the network)."""
    assert c.insecure_warning("http://127.0.0.1:8765") is None
    assert c.insecure_warning("http://localhost:8765") is None
    assert c.insecure_warning("http://[::1]:8765") is None
    assert c.insecure_warning("https://databank.example.eu") is None
    for url in ("http://databank.example.eu", "http://192.168.1.20:8765", "HTTP://10.0.0.2"):
        warning = c.insecure_warning(url)
        assert "not encrypted" in warning and "token" in warning and "personal data" in warning


@pytest.mark.parametrize("url", ["http://databank.example.eu", "http://192.168.1.20:8765"])
def test_plain_http_to_another_computer_is_refused_before_anything_is_sent(url):
    """Unless allowed for a lab network, the client refuses the address at the start: no
    request leaves (an address may come from a configuration older than the rule)."""
    sent = []

    def handler(request):
        sent.append(request)
        return httpx.Response(200, json=HEALTH)

    async def run(allow: bool):
        transport = httpx.MockTransport(handler)
        client = c.DatabankClient(url, "lea_t", transport=transport, allow_insecure_http=allow)
        async with client as cl:
            return await cl.request("GET", "/api/v1/whoami")

    with pytest.raises(c.InsecureAddress, match="not encrypted") as caught:
        asyncio.run(run(False))
    assert not caught.value.transient and sent == []
    asyncio.run(run(True))
    assert [r.headers["authorization"] for r in sent] == ["Bearer lea_t"]


def test_an_unusable_ca_file_is_a_clear_problem(tmp_path):
    """databank.ca_file pointing at nothing, a folder or a non-certificate: the sync stops
    with a message naming the setting, before any connection."""
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    for path, words in (
        (tmp_path / "gone.pem", "there is no file"),
        (tmp_path, "is a folder"),
        (junk, "no PEM certificate"),
    ):
        with pytest.raises(c.Untrusted, match=words) as caught:
            c.tls_context(str(path))
        assert "databank.ca_file" in caught.value.message


def test_the_tls_context_is_made_once_and_always_verifies(tmp_path, monkeypatch):
    """The system's authorities are loaded once per process (not at every sync); a ca_file
    replaced on disk, or SSL_CERT_FILE set, gives a new context. Every one checks the
    certificate and the host name."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    system = c.tls_context("")
    assert c.tls_context("") is system
    assert system.verify_mode == ssl.CERT_REQUIRED and system.check_hostname
    import certifi

    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    assert c.tls_context("") is not system
    ca = tmp_path / "ca.pem"
    ca.write_text(Path(certifi.where()).read_text())
    first = c.tls_context(str(ca))
    assert c.tls_context(str(ca)) is first
    assert first.verify_mode == ssl.CERT_REQUIRED and first.check_hostname
    ca.write_text(Path(certifi.where()).read_text() + "\n")  # replaced: another size
    assert c.tls_context(str(ca)) is not first
