"""The reverse-proxy examples of docs/security.md, run for real: nginx and Caddy, each with the
very file in docs/deploy/ (only the host name, ports, certificate and log paths swapped for
this machine's), terminating TLS on loopback with a certificate of a private certificate
authority (trustme) in front of `lea-databank serve`. A laptop syncs through each; the headers
the databank trusts arrive as the proxy set them, whatever a client sent; the proxy's access
log keeps no query string. Skipped, with the reason, where the proxy is not installed (CI
installs both: .ci/run)."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import trustme

DEPLOY = Path(__file__).resolve().parents[3] / "docs" / "deploy"
SPOOFED = "203.0.113.9"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _swap(text: str, old: str, new: str) -> str:
    """Replace a line of the example; fail loudly if the example no longer has it."""
    assert old in text, f"the example no longer contains {old!r}: update this test with it"
    return text.replace(old, new)


class Certs:
    """A private CA and a server certificate for localhost / 127.0.0.1, as files."""

    def __init__(self, folder: Path) -> None:
        self.ca = trustme.CA()
        server = self.ca.issue_cert("localhost", "127.0.0.1")
        self.ca_file = folder / "ca.pem"
        self.cert = folder / "server.crt"
        self.key = folder / "server.key"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        server.private_key_pem.write_to_path(str(self.key))
        self.cert.write_bytes(b"".join(blob.bytes() for blob in server.cert_chain_pems))

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file))


# --------------------------------------------------------------------------- the proxies


class Proxy:
    """A reverse proxy process on 127.0.0.1:`port`, from an example file in docs/deploy/."""

    name = ""

    def __init__(self, folder: Path, certs: Certs, backend_port: int) -> None:
        self.folder = folder
        self.certs = certs
        self.backend_port = backend_port
        self.port = _free_port()
        self.access_log = folder / "access.log"
        self.output = folder / f"{self.name}.out"
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"https://localhost:{self.port}"

    def command(self) -> tuple[list[str], dict[str, str]]:
        raise NotImplementedError

    def start(self) -> Proxy:
        argv, env = self.command()
        with open(self.output, "wb") as out:
            self.proc = subprocess.Popen(
                argv, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **env}
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.output.read_text()[-3000:]}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5),
            ):
                return self
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not start in 30 s: {self.output.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


class Nginx(Proxy):
    name = "nginx"

    def command(self) -> tuple[list[str], dict[str, str]]:
        site = (DEPLOY / "nginx-lea-databank.conf").read_text()
        site = _swap(site, "server 127.0.0.1:8765;", f"server 127.0.0.1:{self.backend_port};")
        site = _swap(site, "listen 443 ssl;", f"listen 127.0.0.1:{self.port} ssl;")
        site = _swap(site, "listen [::]:443 ssl;\n", "")  # IPv6 may be off on a test machine
        site = _swap(site, "server_name databank.example.eu;", "server_name localhost;")
        site = _swap(site, "/etc/ssl/lea/databank.example.eu.crt", str(self.certs.cert))
        site = _swap(site, "/etc/ssl/lea/databank.example.eu.key", str(self.certs.key))
        site = _swap(site, "/var/log/nginx/lea-databank.access.log", str(self.access_log))
        (self.folder / "lea-databank.conf").write_text(site)
        temp = {k: self.folder / k for k in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        for path in temp.values():
            path.mkdir()
        # As root, nginx's workers would drop to `nobody`, who cannot write this test's
        # private temporary folders (bodies over 16 KB are buffered there).
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\ndaemon off;\npid {self.folder}/nginx.pid;\n"
            f"error_log {self.folder}/error.log warn;\n"
            "events { worker_connections 64; }\n"
            "http {\n"
            f"  client_body_temp_path {temp['body']};\n  proxy_temp_path {temp['proxy']};\n"
            f"  fastcgi_temp_path {temp['fastcgi']};\n  uwsgi_temp_path {temp['uwsgi']};\n"
            f"  scgi_temp_path {temp['scgi']};\n  access_log off;\n"
            f"  include {self.folder}/lea-databank.conf;\n"
            "}\n"
        )
        argv = [
            shutil.which("nginx") or "nginx",
            "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"),
            "-e", str(self.folder / "error.log"),
        ]  # fmt: skip
        return argv, {}


class Caddy(Proxy):
    name = "caddy"

    def command(self) -> tuple[list[str], dict[str, str]]:
        site = (DEPLOY / "Caddyfile").read_text()
        # This machine's ports and no admin endpoint (tests run side by side); the certificate
        # is ours instead of one Caddy would obtain for the public name.
        options = (
            "{\n\tadmin off\n\tauto_https disable_redirects\n\tskip_install_trust\n"
            f"\thttp_port {_free_port()}\n\thttps_port {self.port}\n"
            f"\tstorage file_system {self.folder / 'data'}\n}}\n\n"
        )
        site = _swap(
            site,
            "databank.example.eu {\n",
            f"https://localhost:{self.port} {{\n\ttls {self.certs.cert} {self.certs.key}\n",
        )
        site = _swap(
            site, "reverse_proxy 127.0.0.1:8765", f"reverse_proxy 127.0.0.1:{self.backend_port}"
        )
        site = _swap(site, "/var/log/caddy/lea-databank.access.log", str(self.access_log))
        config = self.folder / "Caddyfile"
        config.write_text(options + site)
        home = str(self.folder / "home")
        env = {"HOME": home, "XDG_DATA_HOME": home, "XDG_CONFIG_HOME": home}
        argv = [shutil.which("caddy") or "caddy", "run", "--config", str(config),
                "--adapter", "caddyfile"]  # fmt: skip
        return argv, env


PROXIES = {"nginx": Nginx, "caddy": Caddy}


@pytest.fixture(params=sorted(PROXIES))
def make_proxy(request, tmp_path: Path) -> Iterator[Callable[[int], Proxy]]:
    """make(backend_port) → the example proxy started in front of that port."""
    kind = PROXIES[request.param]
    if shutil.which(kind.name) is None:
        pytest.skip(f"{kind.name} is not installed (apt-get install {kind.name}; CI installs it)")
    certs = Certs(tmp_path)
    made: list[Proxy] = []

    def make(backend_port: int) -> Proxy:
        folder = tmp_path / f"{kind.name}-{len(made)}"
        folder.mkdir()
        proxy = kind(folder, certs, backend_port).start()
        made.append(proxy)
        return proxy

    make.certs = certs  # type: ignore[attr-defined]
    yield make
    for proxy in made:
        proxy.stop()


# --------------------------------------------------------------------------- a header echo


class _Echo(http.server.BaseHTTPRequestHandler):
    seen: list[dict[str, str]]

    def do_GET(self) -> None:
        type(self).seen.append({k.lower(): v for k, v in self.headers.items()})
        body = json.dumps({"ok": True}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo() -> Iterator[tuple[int, list[dict[str, str]]]]:
    """A backend that records the headers each request arrives with: (port, seen)."""
    handler = type("Echo", (_Echo,), {"seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], handler.seen
    server.shutdown()
    server.server_close()
    thread.join(5)


# --------------------------------------------------------------------------- the tests


def test_a_laptop_syncs_through_the_example_proxy(databank, make_laptop, make_proxy):
    """TLS from the proxy (a private CA: databank.ca_file), the databank behind it: every
    record arrives (batches of 200, well over the 16 KB a proxy keeps in memory before it
    buffers a body to disk), and the reconciliation says all are held."""
    from lea_desktop.storage import settings
    from lea_desktop.sync.engine import make_client
    from lea_desktop.usecases.syncing import sync_once

    proxy = make_proxy(databank.port)
    laptop = make_laptop(databank, url=proxy.url)
    settings.set_value(laptop.db, "databank.ca_file", str(make_proxy.certs.ca_file))
    laptop.add_followers(450, laptop.add_event().id)
    report = sync_once(laptop.store, make_client(laptop.store))
    assert report.complete, report.message
    assert report.accepted == 450 and report.pending == 0

    from lea_desktop.sync.reconcile import reconcile

    receipt = reconcile(laptop.store, make_client(laptop.store))
    assert receipt.all_held and receipt.held_same == 450


def test_the_proxy_sets_the_trusted_headers_and_drops_what_a_client_sends(echo, make_proxy):
    """A client's own X-Forwarded-For, X-Forwarded-Proto, Forwarded and X-Real-IP never reach
    the databank: it gets the proxy's values (the connecting address, https); the access log
    keeps the path but no query string."""
    port, seen = echo
    proxy = make_proxy(port)
    spoofed = {
        "X-Forwarded-For": SPOOFED,
        "X-Forwarded-Proto": "http",
        "X-Forwarded-Host": "evil.example",
        "Forwarded": f"for={SPOOFED};proto=http",
        "X-Real-IP": SPOOFED,
    }
    with httpx.Client(verify=make_proxy.certs.client_context()) as client:
        answer = client.get(
            proxy.url + "/api/v1/health?token=lea_secret&email=aino@example.fi", headers=spoofed
        )
    assert answer.status_code == 200 and answer.json() == {"ok": True}
    [headers] = seen
    assert headers["x-forwarded-for"] == "127.0.0.1"
    assert headers["x-forwarded-proto"] == "https"
    assert headers.get("x-forwarded-host", "localhost").split(":")[0] == "localhost"
    assert "forwarded" not in headers and "x-real-ip" not in headers
    assert answer.headers.get("strict-transport-security", "").startswith("max-age=")

    proxy.stop()  # the log is complete once the proxy has stopped
    log = proxy.access_log.read_text()
    assert "/api/v1/health" in log
    assert "lea_secret" not in log and "aino@example.fi" not in log and "token=" not in log


def _serve(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, int, Path]:
    port = _free_port()
    log = tmp_path / f"serve-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "lea_desktop.databank", "serve", "--db",
             str(tmp_path / "bank.sqlite"), "--port", str(port), "--log-level", "info",
             "--validation-workers", "0", *extra],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()[-2000:]
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return proc, port, log
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the databank did not start in 30 s")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def test_the_databank_believes_x_forwarded_for_only_from_the_proxy_addresses(tmp_path):
    """`serve --forwarded-allow-ips`: from an address in the list (127.0.0.1 by default: a
    proxy on this machine) X-Forwarded-For names the client; with the list empty it is
    ignored; '*' and a malformed address are refused before the server starts."""
    for extra, shown in (((), SPOOFED), (("--forwarded-allow-ips", ""), "127.0.0.1")):
        proc, port, log = _serve(tmp_path, *extra)
        try:
            answer = httpx.get(
                f"http://127.0.0.1:{port}/api/v1/whoami",
                headers={"X-Forwarded-For": SPOOFED},
                timeout=5,
            )
            assert answer.status_code == 401
        finally:
            _stop(proc)
        lines = [line for line in log.read_text().splitlines() if "/api/v1/whoami" in line]
        assert lines and all(shown in line for line in lines), lines
        if shown != SPOOFED:
            assert SPOOFED not in log.read_text()

    for value, words in (("*", "any client"), ("proxy.example", "not an IP address")):
        done = subprocess.run(
            [sys.executable, "-m", "lea_desktop.databank", "serve", "--db",
             str(tmp_path / "bank.sqlite"), "--forwarded-allow-ips", value],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
