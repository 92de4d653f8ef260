"""The laptop's transport security, against the real databank over loopback: plain http to
another computer refused (login, config, sync, the Sync page) unless allowed for a lab network,
the health probe without the token, and TLS with a private certificate authority
(databank.ca_file) through a TLS front made with trustme."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl

import pytest
import shiboken6
import trustme
from PySide6.QtCore import Qt

from lea_desktop.cli import main
from lea_desktop.sync import client as c
from tests.integration.sync.conftest import LoopbackServer

# --------------------------------------------------------------------------- a TLS front


class TlsFront(LoopbackServer):
    """Terminates TLS on 127.0.0.1 with a certificate of a private certificate authority and
    forwards the bytes to `lea-databank serve`, as a reverse proxy does in production
    (docs/security.md). Runs in a thread of its own; `url` is https://localhost:PORT."""

    def __init__(self, backend_port: int, ca: trustme.CA) -> None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
        super().__init__(ssl_context=context)
        self.backend_port = backend_port
        self.connections = 0
        self._loop.set_exception_handler(lambda loop, context: None)  # refused handshakes

    @property
    def url(self) -> str:
        return f"https://localhost:{self.port}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            back_reader, back_writer = await asyncio.open_connection("127.0.0.1", self.backend_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(_pipe(reader, back_writer), _pipe(back_reader, writer))


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.IncompleteReadError, ssl.SSLError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(OSError, ssl.SSLError):
        writer.close()


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_front(databank, ca):
    front = TlsFront(databank.port, ca).start()
    yield front
    front.stop()


def _outbox(laptop) -> list[tuple]:
    return laptop.db.execute(
        "SELECT entity, entity_id, revision, status FROM outbox ORDER BY seq"
    ).fetchall()


def _set_raw(db, key: str, value: object) -> None:
    """Store a setting as an older version of the app did, without today's checks."""
    import json

    with db.atomic():
        db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value)],
        )


# --------------------------------------------------------------------------- plain http


def _setting(key: str):
    from lea_desktop.storage import Store, settings

    with Store.open_default() as store:
        return settings.get(store.db, key)


@pytest.mark.parametrize("url", ["http://databank.example.eu", "http://192.168.1.20:8765"])
def test_login_and_config_refuse_plain_http_to_another_computer(url, data_home, capsys):
    """`login --url http://…` and `config set databank.url http://…` off this computer: exit 2,
    a message that says what it risks and how to allow it for a lab network; nothing is kept
    (no address, no token)."""
    assert main(["login", "--token", "lea_abc", "--url", url]) == 2
    err = capsys.readouterr().err
    assert "not encrypted" in err and "token" in err and "personal data" in err
    assert "--allow-insecure-http" in err
    assert not (data_home / "databank-token").exists()
    assert _setting("databank.url") == ""

    assert main(["config", "set", "databank.url", url]) == 2
    err = capsys.readouterr().err
    assert "databank.url:" in err and "not encrypted" in err and "--allow-insecure-http" in err
    assert _setting("databank.url") == ""
    assert _setting("databank.allow_insecure_http") is False


def test_loopback_http_and_https_need_no_permission(data_home, capsys):
    """A local test databank on loopback (http) and any https:// address are accepted as
    they are, without a warning."""
    for url in ("http://127.0.0.1:8765", "http://localhost:8765", "https://databank.example.eu"):
        assert main(["config", "set", "databank.url", url]) == 0
        captured = capsys.readouterr()
        assert captured.out.strip() == f"databank.url = {url}" and captured.err == ""
    assert _setting("databank.allow_insecure_http") is False


def test_allow_insecure_http_works_and_says_what_it_risks(data_home, capsys):
    """`--allow-insecure-http` accepts a lab network's http address, with a warning naming the
    risk; it is remembered (databank.allow_insecure_http) and can be taken back."""
    url = "http://databank.invalid:8765"
    assert main(["login", "--token", "lea_abc", "--url", url, "--allow-insecure-http"]) == 0
    captured = capsys.readouterr()
    assert "not encrypted" in captured.err
    assert "token" in captured.err and "personal data" in captured.err
    assert "Could not check it with the databank now" in captured.out
    assert (data_home / "databank-token").read_text().strip() == "lea_abc"
    assert _setting("databank.url") == url
    assert _setting("databank.allow_insecure_http") is True

    lab = "http://10.0.0.5:8765"
    assert main(["config", "set", "databank.url", lab, "--allow-insecure-http"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == f"databank.url = {lab}"
    assert "not encrypted" in captured.err and "personal data" in captured.err

    assert main(["config", "set", "databank.allow_insecure_http", "false"]) == 0
    assert main(["config", "set", "databank.url", lab]) == 2
    assert "--allow-insecure-http goes with databank.url" in _refusal(
        ["config", "set", "staff.name", "Jo", "--allow-insecure-http"], capsys
    )


def _refusal(argv: list[str], capsys) -> str:
    capsys.readouterr()
    assert main(argv) == 2
    return capsys.readouterr().err


def _local_address() -> str | None:
    """An address of this computer that is not loopback (the route out), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the route
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


class _Listener(LoopbackServer):
    """A TCP listener on `host` that keeps what each connection sends: were any bytes sent?"""

    def __init__(self, host: str) -> None:
        super().__init__(host=host)
        self.received: list[bytes] = []

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, TimeoutError):
            self.received.append(await asyncio.wait_for(reader.read(65536), 1))
        writer.close()


def test_sync_refuses_an_old_plain_http_address_and_sends_nothing(data_home, capsys):
    """An http:// address to another computer stored by an older version: `lea-desktop sync`
    and `login` stop with exit 2 and the reason; no byte reaches the address (the listener on
    this computer's network address gets no connection) and the queue is untouched."""
    from lea_desktop.storage import Store, sync_queue
    from lea_desktop.sync import credentials

    host = _local_address()
    if host is None:
        pytest.skip("this computer has no network address besides loopback")
    listener = _Listener(host).start()
    try:
        url = f"http://{host}:{listener.port}"
        with Store.open_default() as store:
            _set_raw(store.db, "databank.url", url)
            credentials.save_token(store.home, "lea_secret-token")
            before = sync_queue.counts(store.db)
        assert main(["sync"]) == 2
        err = capsys.readouterr().err
        assert "Nothing was sent" in err and "not encrypted" in err
        assert main(["login", "--token", "lea_other-token"]) == 2
        assert "not logged in" in capsys.readouterr().err
        with Store.open_default() as store:
            assert sync_queue.counts(store.db) == before
            assert sync_queue.last_result(store.db)["state"] == c.INSECURE
    finally:
        listener.stop()
    assert listener.received == []


# --------------------------------------------------------------------------- the health probe


def test_the_health_probe_carries_no_token(databank, make_laptop, fault_proxy):
    """Every request of a sync but the health probe carries the token: a captive portal
    answering the probe never sees it (the requests are captured on their way, over
    loopback, to the real databank)."""
    proxy = fault_proxy(databank)
    seen: list[tuple[str, bool]] = []

    def record(request) -> str:
        head = request.head.decode("latin-1").lower()
        seen.append((request.path.split("?")[0], "\r\nauthorization: bearer " in head))
        return "pass"

    proxy.plan = record
    laptop = make_laptop(databank, url=proxy.url)
    laptop.add_followers(3, laptop.add_event().id)
    assert laptop.sync().complete
    assert ("/api/v1/health", False) in seen
    assert [path for path, auth in seen if not auth] == ["/api/v1/health"]
    assert {path for path, auth in seen if auth} >= {"/api/v1/tombstones", "/api/v1/records/batch"}

    seen.clear()
    proxy.plan = lambda request: (record(request), "portal")[1]
    assert laptop.sync().state == c.CAPTIVE_PORTAL
    assert seen == [("/api/v1/health", False)] * len(seen) and seen


# --------------------------------------------------------------------------- a private CA


def test_a_private_certificate_authority_through_databank_ca_file(
    databank, make_laptop, tls_front, ca, tmp_path, capsys, monkeypatch
):
    """Behind TLS signed by a private CA: without databank.ca_file the sync stops with a clear
    message and loses nothing; `config set databank.ca_file` with the CA's certificate makes it
    work; a bad path is refused with a clear message, and a file gone later stops the sync
    with a message naming the setting, the queue intact."""
    laptop = make_laptop(databank, url=tls_front.url)
    laptop.add_followers(20, laptop.add_event().id)
    before = _outbox(laptop)

    report = laptop.sync()
    assert report.state == c.UNTRUSTED
    assert "not trusted" in report.message and "databank.ca_file" in report.message
    assert "Traceback" not in report.message
    assert _outbox(laptop) == before and report.pending == 21

    ca_pem = tmp_path / "lea-ca.pem"
    ca.cert_pem.write_to_path(str(ca_pem))
    monkeypatch.setenv("LEA_DESKTOP_HOME", str(laptop.home))
    assert main(["config", "set", "databank.ca_file", str(tmp_path / "nope.pem")]) == 2
    assert f"databank.ca_file: there is no file {tmp_path / 'nope.pem'}" in capsys.readouterr().err
    assert main(["config", "set", "databank.ca_file", str(ca_pem)]) == 0
    assert capsys.readouterr().out.strip() == f"databank.ca_file = {ca_pem}"

    from lea_desktop.sync.engine import make_client
    from lea_desktop.usecases.syncing import sync_once

    client = make_client(laptop.store)
    assert client.ca_file == str(ca_pem)
    report = sync_once(laptop.store, client)
    assert report.complete, report.message
    assert report.accepted == 20

    # TLS stays verified with the CA file: a certificate of another (unknown) CA is refused.
    other = TlsFront(databank.port, trustme.CA()).start()
    try:
        stranger = c.DatabankClient(other.url, laptop.token, ca_file=str(ca_pem))
        report = sync_once(laptop.store, stranger)
    finally:
        other.stop()
    assert report.state == c.UNTRUSTED

    laptop.add_followers(2, laptop.add_event("Later fair").id)
    before = _outbox(laptop)
    ca_pem.unlink()
    assert main(["sync"]) == 3
    err = capsys.readouterr().err
    assert "databank.ca_file cannot be used: there is no file" in err
    assert _outbox(laptop) == before


# --------------------------------------------------------------------------- the Sync page


@pytest.fixture
def sync_page(qtbot, qapp, data_home):
    """The main window over a laptop never set up (no address, no token), its Sync page open."""
    from lea_desktop.storage import Store
    from lea_desktop.ui import workers
    from lea_desktop.ui.app import build_window, create_application

    create_application()
    store = Store.open_default()
    window = build_window(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window.open_page("syncPage")
    workers.shutdown(10000)
    qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=10000)
    if shiboken6.isValid(window):  # pytest-qt may have deleted it already
        window.close()
    store.close()


def test_the_sync_page_refuses_plain_http_to_another_computer(sync_page, qtbot, data_home):
    """Typing an http:// address off this computer: the page says at once (on leaving the
    field) and again on Log in why it is refused and what it risks; nothing is kept, nothing
    is sent."""
    page = sync_page
    qtbot.keyClicks(page.url_field, "http://databank.example.eu")
    page.url_field.editingFinished.emit()
    text = page.banner.label.text()
    assert page.banner.isVisible() and page.banner.property("banner") == "error"
    assert "not encrypted" in text and "token" in text and "personal data" in text

    page.banner.hide()
    page.token_field.setText("lea_secret")
    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    assert page.banner.isVisible() and "not encrypted" in page.banner.label.text()
    assert page.login_button.isEnabled()
    assert page.context.setting("databank.url") == ""
    assert not (data_home / "databank-token").exists()


def test_the_sync_page_accepts_a_lab_address_when_allowed_and_warns(sync_page, qtbot, data_home):
    """With databank.allow_insecure_http on (a lab network), the address is kept, the token
    saved though the databank cannot be reached, and the banner warns what plain http risks."""
    page = sync_page
    page.context.set_setting("databank.allow_insecure_http", "true")
    page.url_field.setText("http://databank.invalid:8765")
    page.url_field.editingFinished.emit()
    assert not page.banner.isVisible()
    page.token_field.setText("lea_secret")
    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Token saved" in page.banner.label.text(), timeout=20000)
    text = page.banner.label.text()
    assert page.banner.property("banner") == "warning"
    assert "not encrypted" in text and "personal data" in text
    assert page.context.setting("databank.url") == "http://databank.invalid:8765"
    assert (data_home / "databank-token").read_text().strip() == "lea_secret"


def test_status_bar_words_for_an_insecure_address_and_an_untrusted_certificate():
    """The status bar names both new reasons a sync stops, with what waits."""
    from lea_desktop.ui.sync_controller import status_text

    base = {"finished_at": "2027-01-20T10:00:00Z", "pending": 4, "rejected": 0}
    assert "not encrypted" in status_text({**base, "state": c.INSECURE})
    assert status_text({**base, "state": c.UNTRUSTED}) == (
        "Databank certificate not trusted — 4 waiting"
    )
