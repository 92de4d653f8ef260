"""Fixtures for the sync tests: a real databank (uvicorn subprocess on 127.0.0.1), laptops (data
homes with their own Store and token) and a fault-injecting proxy between them.

The databank runs on a SQLite file, or on PostgreSQL when LEA_TEST_POSTGRES_URL is set (the same
tests, the same code path). Tokens are made with the `lea-databank` command line, as an
administrator would.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import httpx
import pytest

if TYPE_CHECKING:  # join_helpers imports this module; its server is made inside the fixture
    from PySide6.QtWidgets import QApplication, QWidget
    from pytestqt.qtbot import QtBot

    from lea_desktop.ui.main_window import MainWindow
    from tests.integration.sync.join_helpers import SmtpServer

PG_ENV = "LEA_TEST_POSTGRES_URL"

# Small limits so faults cost fractions of a second; the app's defaults are in SyncLimits.
FAST = dict(
    batch_size=100,
    connect_timeout=2.0,
    read_timeout=2.0,
    deadline=20.0,
    retries=3,
    backoff_base=0.02,
    backoff_cap=0.2,
)


@pytest.fixture(autouse=True)
def no_system_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tokens made by these tests never reach the keyring of the machine running them: every
    laptop here behaves like a headless one (keyring's `fail` backend → private token file)."""
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    # The laptop honours proxy variables; the test databank is on loopback, never behind one.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- the databank


class Databank:
    """A `lea-databank serve` subprocess on 127.0.0.1 that tests can stop, kill and restart."""

    # Tests of the shared databank send wrong tokens on purpose, all from 127.0.0.1: a limit
    # they could reach would turn later tests' requests into 429s. The limit has its own tests.
    AUTH_LIMIT = ("--auth-failures", "1000000")

    def __init__(
        self,
        db_url: str,
        workdir: Path,
        page_size: int | None = None,
        serve_args: tuple[str, ...] = AUTH_LIMIT,
        log_level: str = "warning",
    ) -> None:
        self.db_url = db_url
        self.workdir = workdir
        self.page_size = page_size
        self.serve_args = serve_args
        self.log_level = log_level
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log = workdir / f"databank-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "lea_desktop.databank", *args]

    @property
    def env(self) -> dict[str, str]:
        """The environment of `lea-databank`: the database URL (which may hold a password)
        goes there, never on a command line."""
        return {**os.environ, "LEA_DATABANK_DB": self.db_url}

    def start(self) -> None:
        extra = ["--page-size", str(self.page_size)] if self.page_size else []
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                self.command(
                    "serve",
                    "--port",
                    str(self.port),
                    "--log-level",
                    self.log_level,
                    *extra,
                    *self.serve_args,
                ),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"databank exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("databank did not start in 30 s")

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, an uncommitted transaction is simply lost."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> None:
        self.kill()
        self.start()

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            self.command(*args), capture_output=True, text=True, timeout=60, env=self.env
        )
        if check and done.returncode != 0:
            raise AssertionError(f"lea-databank {args} failed: {done.stderr}")
        return done

    def token(self, name: str | None = None, *options: str) -> tuple[str, str]:
        """(name, token) of a new laptop token made with `lea-databank token create`
        (`options`, e.g. "--partner", "INNOVA", "--scope", "partner")."""
        name = name or f"laptop-{uuid.uuid4().hex[:8]}"
        done = self.cli("token", "create", name, *options)
        return name, done.stdout.strip().splitlines()[-1]

    def export_json(self, out: Path) -> list[dict[str, Any]]:
        import json

        self.cli("export", "--format", "json", "--out", str(out))
        return json.loads(out.read_text(encoding="utf-8"))


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


@pytest.fixture(scope="session", params=_backends())
def backend(request: pytest.FixtureRequest) -> str:
    """Every databank test runs on SQLite, and on PostgreSQL too when LEA_TEST_POSTGRES_URL
    names a database (CI sets it): one code path, proven on both."""
    return request.param


def _db_url(backend: str, tmp: Path, name: str) -> str:
    return os.environ[PG_ENV] if backend == "postgresql" else str(tmp / f"{name}.sqlite")


@pytest.fixture(scope="session")
def databank_db(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The shared databank's database; on PostgreSQL emptied once at the start of the run."""
    url = _db_url(backend, tmp_path_factory.mktemp("databank"), "shared")
    if backend == "postgresql":
        from lea_desktop.databank import db

        engine = db.make_engine(url)
        db.drop_all(engine)
        engine.dispose()
    return url


@pytest.fixture(scope="session")
def databank(databank_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databank]:
    """One databank per backend for the session; tests keep apart through their own laptops
    and tokens."""
    bank = Databank(databank_db, tmp_path_factory.mktemp("databank-logs"), page_size=50)
    bank.start()
    yield bank
    bank.stop()


@pytest.fixture
def own_databank(backend: str, databank_db: str, tmp_path: Path) -> Iterator[Databank]:
    """A databank of this test's own (to kill and restart); on PostgreSQL it shares the run's
    database with the session databank, which the tests' separate device ids keep apart."""
    bank = Databank(_db_url(backend, tmp_path, "own"), tmp_path)
    bank.start()
    yield bank
    bank.stop()


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server in this process (aiosmtpd), one per test module: the public form's
    confirmation mails land in `smtp.inbox`."""
    from tests.integration.sync.join_helpers import SmtpServer

    server = SmtpServer()
    server.start()
    yield server
    server.stop()


# --------------------------------------------------------------------------- laptops


class Laptop:
    """A data home with its Store, the databank address and a token: one LEA laptop."""

    def __init__(self, home: Path, url: str, token: str, name: str) -> None:
        from lea_desktop.paths import make_private_dir
        from lea_desktop.storage import Store, settings
        from lea_desktop.sync import credentials

        self.home = make_private_dir(home)
        self.name = name
        self.url = url
        self.token = token
        self.store = Store(home / "lea.sqlite")
        settings.set_value(self.store.db, "databank.url", url)
        settings.set_value(self.store.db, "staff.name", f"Staff of {name}")
        credentials.save_token(home, token)

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.store.db

    def add_event(self, name: str = "BETT 2027", **extra: Any):  # type: ignore[no-untyped-def]
        from lea_desktop.storage import events

        data = {"name": name, "city": "London", "country": "GB", "starts": "2027-01-20",
                "ends": "2027-01-22", **extra}  # fmt: skip
        return events.create(self.db, data, device_id=self.store.device_id)

    def add_followers(self, count: int, event_id: str) -> list[str]:
        """Insert `count` valid sign-ups at once (through storage, as the CSV importer does)."""
        from lea_desktop.domain import clock
        from lea_desktop.domain.records import Registration, new_id
        from lea_desktop.formkit import load_form, validate
        from lea_desktop.storage import registrations
        from lea_desktop.usecases import followers

        form = load_form()
        rows, ids = [], []
        for i in range(count):
            tag = uuid.uuid4().hex[:10]
            answers = validate(form, {
                "organisation": f"School {tag}", "contact_name": "Aino Virtanen",
                "email": f"aino.{tag}@example.fi", "phone": "+358 40 123 4567", "country": "FI",
                "city": "Jyväskylä", "types": ["school"], "interests": ["webinars"],
                "consent_contact": True, "consent_map": i % 2 == 0,
            }).cleaned  # fmt: skip
            stamp = clock.now_iso()
            reg = Registration(
                id=new_id(), event_id=event_id, form_id=form.id, form_version=form.version,
                kind=form.kind, answers=answers, created_at=stamp, updated_at=stamp,
                collected_by=f"Staff of {self.name}", device_id=self.store.device_id,
                consent={"version": "contact:1", "purposes": ["contact"], "given_at": stamp},
            )  # fmt: skip
            rows.append(
                registrations.to_row(reg, form.search_text(answers), followers.email_key(answers))
            )
            ids.append(reg.id)
        registrations.insert_many(self.db, rows)
        return ids

    def client(self, url: str | None = None, **limits: Any):  # type: ignore[no-untyped-def]
        from lea_desktop.sync.client import DatabankClient, SyncLimits

        return DatabankClient(url or self.url, self.token, limits=SyncLimits(**{**FAST, **limits}))

    def sync(self, url: str | None = None, **limits: Any):  # type: ignore[no-untyped-def]
        from lea_desktop.usecases.syncing import sync_once

        return sync_once(self.store, self.client(url, **limits))

    def queue(self) -> dict[str, int]:
        from lea_desktop.storage import sync_queue

        return sync_queue.counts(self.db)

    def local_revisions(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT id, revision FROM registrations").fetchall())

    def close(self) -> None:
        self.store.close()


@pytest.fixture
def make_laptop(tmp_path: Path) -> Iterator[Callable[..., Laptop]]:
    """Factory: `make_laptop(databank)` → a new laptop with its own data home and token."""
    made: list[Laptop] = []

    def make(
        bank: Databank,
        url: str | None = None,
        name: str | None = None,
        *,
        partner: str = "",
        scope: str = "",
    ) -> Laptop:
        options = [
            *(["--partner", partner] if partner else []),
            *(["--scope", scope] if scope else []),
        ]
        token_name, token = bank.token(name, *options)
        home = tmp_path / f"home-{token_name}"
        laptop = Laptop(home, url or bank.url, token, token_name)
        made.append(laptop)
        return laptop

    yield make
    for laptop in made:
        laptop.close()


# --------------------------------------------------------------------------- the fault proxy

CAPTIVE_PAGE = (
    b"<!DOCTYPE html><html><head><title>Welcome to FairNet</title></head><body>"
    b"<h1>Free Wi-Fi</h1><form method='post'><input name='email'>"
    b"<button>Accept and connect</button></form></body></html>"
)
FAULTS = (
    "pass",  # forward untouched
    "reset",  # connection reset before the request reaches the server
    "lose_answer",  # the server commits, the answer is lost (reset instead of the answer)
    "cut_answer",  # the answer is cut halfway through its body
    "hang",  # the request is swallowed; nothing comes back until the client gives up
    "drip",  # the answer comes one byte at a time, slower than any sane deadline
    "500",  # the server commits, a 500 comes back instead of its answer
    "502",  # a proxy error page, the server never sees the request
    "503",
    "portal",  # a captive portal's 200 HTML login page
    "restart",  # the server is killed while handling the request, then started again
)


@dataclass
class _Request:
    head: bytes
    body: bytes

    @property
    def line(self) -> str:
        return self.head.split(b"\r\n", 1)[0].decode("latin-1")

    @property
    def method(self) -> str:
        return self.line.split(" ", 1)[0]

    @property
    def path(self) -> str:
        return self.line.split(" ")[1]


class LoopbackServer:
    """An asyncio TCP server in a thread of its own, for the tests' stand-ins on the network
    (the fault proxy, a TLS front, a listener): `start()` binds a free port on `host` (TLS with
    `ssl_context`), `stop()` closes it and cancels every connection, each wait bounded.
    Subclasses answer connections in `_handle`."""

    scheme = "http"

    def __init__(self, *, host: str = "127.0.0.1", ssl_context: ssl.SSLContext | None = None):
        self.host = host
        self.ssl_context = ssl_context
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.base_events.Server | None = None

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def start(self) -> Self:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, self.host, 0, ssl=self.ssl_context), self._loop
        )
        self._server = future.result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server:
                self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError


class FaultProxy(LoopbackServer):
    """A loopback HTTP/1.1 proxy (asyncio, in a thread of its own) that injects faults.

    `plan(request) -> fault name` decides per request; `script` (a queue of fault names) is
    consumed first. Every connection to the client is closed after one answer, and every wait
    is bounded (`hang_limit`), so the proxy can never hold a test beyond its own timeouts.
    """

    def __init__(self, backend_port: int, *, on_restart: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.backend_port = backend_port
        self.on_restart = on_restart
        self.script: deque[str] = deque()
        self.plan: Callable[[_Request], str] = lambda req: "pass"
        self.injected: Counter[str] = Counter()
        self.hang_limit = 5.0
        self.drip_delay = 0.25
        self._restart_lock = threading.Lock()

    # -- plumbing

    @staticmethod
    def _reset(writer: asyncio.StreamWriter) -> None:
        """Close with RST (SO_LINGER 0): the client sees 'connection reset by peer'."""
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()

    @staticmethod
    async def _read_request(reader: asyncio.StreamReader) -> _Request | None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            return None
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        body = await reader.readexactly(length) if length else b""
        return _Request(head, body)

    async def _forward(self, req: _Request, *, kill_midway: bool = False) -> bytes | None:
        """Send the request to the databank on a fresh connection; its whole answer, or None."""
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.backend_port)
        except OSError:
            return None
        lines = [
            ln for ln in req.head.split(b"\r\n")
            if ln and not ln.lower().startswith(b"connection:")
        ]  # fmt: skip
        writer.write(b"\r\n".join([*lines, b"Connection: close", b"", b""]) + req.body)
        await writer.drain()
        if kill_midway:
            # The request is in the server's hands; kill it while it works on it.
            await asyncio.sleep(random.uniform(0, 0.03))
            await self._loop.run_in_executor(None, self._restart)
            writer.close()
            return None
        try:
            answer = await asyncio.wait_for(reader.read(), self.hang_limit * 4)
        except (TimeoutError, ConnectionError):
            answer = None
        writer.close()
        return answer or None

    def _restart(self) -> None:
        with self._restart_lock:
            if self.on_restart:
                self.on_restart()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            req = await self._read_request(reader)
            if req is None:
                writer.close()
                return
            fault = self.script.popleft() if self.script else self.plan(req)
            self.injected[fault] += 1
            await self._apply(fault, req, reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            writer.transport.abort()
        except asyncio.CancelledError:
            writer.transport.abort()
            raise

    async def _apply(
        self, fault: str, req: _Request, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        if fault == "reset":
            self._reset(writer)
            return
        if fault == "hang":
            with contextlib.suppress(TimeoutError):  # until the client gives up, or the bound
                await asyncio.wait_for(reader.read(), self.hang_limit)
            self._reset(writer)
            return
        if fault in ("502", "503"):
            page = b"<html><body><h1>%s Bad Gateway</h1></body></html>" % fault.encode()
            writer.write(
                b"HTTP/1.1 %s Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                b"Connection: close\r\n\r\n%s" % (fault.encode(), len(page), page)
            )
            await writer.drain()
            writer.close()
            return
        if fault == "portal":
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
                % (len(CAPTIVE_PAGE), CAPTIVE_PAGE)
            )
            await writer.drain()
            writer.close()
            return
        answer = await self._forward(req, kill_midway=fault == "restart")
        if answer is None or fault in ("lose_answer", "restart"):
            self._reset(writer)
            return
        if fault == "500":
            body = b'{"detail":"Internal error in the databank."}'
            writer.write(
                b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
            )
        elif fault == "cut_answer":
            head, _, body = answer.partition(b"\r\n\r\n")
            writer.write(head + b"\r\n\r\n" + body[: max(1, len(body) // 2)])
            await writer.drain()
            self._reset(writer)
            return
        elif fault == "drip":
            for i in range(len(answer)):
                writer.write(answer[i : i + 1])
                await writer.drain()
                await asyncio.sleep(self.drip_delay)
        else:
            writer.write(answer)
        await writer.drain()
        writer.close()


@pytest.fixture
def fault_proxy() -> Iterator[Callable[..., FaultProxy]]:
    """Factory: `fault_proxy(databank)` → a started proxy in front of that databank."""
    made: list[FaultProxy] = []

    def make(bank: Databank, **kw: Any) -> FaultProxy:
        proxy = FaultProxy(bank.port, on_restart=bank.restart, **kw).start()
        made.append(proxy)
        return proxy

    yield make
    for proxy in made:
        proxy.stop()


@pytest.fixture
def empty_databank_url(backend, tmp_path):  # type: ignore[no-untyped-def]
    """A database of this test's own: a SQLite file, or a PostgreSQL schema made for it (and
    dropped after) in the run's database."""
    import os

    from sqlalchemy import create_engine, text

    if backend == "sqlite":
        yield str(tmp_path / "old.sqlite")
        return
    from lea_desktop.databank import db

    base = os.environ["LEA_TEST_POSTGRES_URL"]
    schema = f"migration_{uuid.uuid4().hex[:8]}"
    admin = create_engine(db.normalize_url(base))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def laptop_window(
    qtbot: QtBot, qapp: QApplication
) -> Iterator[Callable[[Laptop, str], tuple[MainWindow, QWidget]]]:
    """make(laptop, page_name) → (the main window over that laptop's store, its page
    `page_name`, open and shown). Workers are waited for and the windows deleted afterwards, so
    no timer of their pages fires over a closed store."""
    from lea_desktop.ui import workers
    from lea_desktop.ui.app import build_window, create_application
    from tests.gui.conftest import dispose

    create_application()
    made: list[MainWindow] = []

    def make(laptop: Laptop, page_name: str) -> tuple[MainWindow, QWidget]:
        window = build_window(laptop.store)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        window.context.reload_active_event()
        page = window.open_page(page_name)
        qtbot.waitUntil(lambda: page.isVisible())
        return window, page

    yield make
    workers.shutdown(10000)
    qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=10000)
    for window in made:
        dispose(window)
