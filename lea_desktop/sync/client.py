"""The laptop's HTTP client for the databank (httpx, asyncio).

Every answer is checked before it is believed: fair Wi-Fi answers with login pages, redirects,
proxy errors and half-sent bodies. Each failure becomes one `SyncProblem` subclass that says
what happened in words and whether trying again in a moment may help (`transient`).

Security: TLS is always verified (the system's authorities, or the private one in
`databank.ca_file`), redirects are never followed, the token is never sent to plain `http://` on
another computer unless staff allowed it for a lab network (`domain/addresses.py`), and never
to the health probe (a captive portal answering it must not collect the token).

Time limits: httpx's connect/read/write timeouts bound each step of a request, and the engine
wraps the whole cycle in an asyncio deadline, so a server that drips one byte every few seconds
(never tripping a read timeout) still cannot hold a sync longer than `SyncLimits.deadline`.
"""

from __future__ import annotations

import json
import os
import ssl
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import httpx

from lea_desktop import __version__
from lea_desktop.domain import addresses
from lea_desktop.sync import protocol


@dataclass(frozen=True)
class SyncLimits:
    """Timeouts, retries and batch size; tests shrink them, the app uses the defaults."""

    batch_size: int = 200
    connect_timeout: float = 5.0
    read_timeout: float = 20.0  # longest silence while waiting for (part of) an answer
    deadline: float = 60.0  # a whole sync cycle, whatever the server does
    retries: int = 4  # extra tries of one request after a transient failure
    backoff_base: float = 0.5  # seconds; doubled each retry, with full jitter
    backoff_cap: float = 8.0
    in_flight: int = 3  # batches sent before the first answer is awaited (overlaps both ends)

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect_timeout,
            read=self.read_timeout,
            write=self.read_timeout,
            pool=self.connect_timeout,
        )


@dataclass(frozen=True)
class JsonText:
    """A request body already encoded as JSON text: sent as it is."""

    text: str


# --------------------------------------------------------------------------- problems

OK = "ok"
NOT_CONFIGURED = "not_configured"
NO_TOKEN = "no_token"
OFFLINE = "offline"
CAPTIVE_PORTAL = "captive_portal"
UNAUTHORIZED = "unauthorized"
NOT_DATABANK = "not_databank"
SERVER_ERROR = "server_error"
REFUSED = "refused"
TIMEOUT = "timeout"
CANCELLED = "cancelled"
INSECURE = "insecure"  # plain http to another computer, not allowed: nothing was sent
UNTRUSTED = "untrusted"  # the certificate is not trusted, or the CA file cannot be used


class SyncProblem(Exception):
    """Why a sync could not go on. `state` is one of the constants above."""

    state = OFFLINE
    transient = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Offline(SyncProblem):
    state, transient = OFFLINE, True


class CaptivePortal(SyncProblem):
    state, transient = CAPTIVE_PORTAL, False


class Unauthorized(SyncProblem):
    state, transient = UNAUTHORIZED, False


class NotDatabank(SyncProblem):
    state, transient = NOT_DATABANK, False


class ServerError(SyncProblem):
    state, transient = SERVER_ERROR, True


class BadAnswer(SyncProblem):
    """A reply that claims to be the databank's but is cut or malformed: try again."""

    state, transient = SERVER_ERROR, True


class InsecureAddress(SyncProblem):
    """The address is plain http to another computer and staff did not allow it."""

    state, transient = INSECURE, False


class Untrusted(SyncProblem):
    """TLS failed: the databank's certificate is not trusted, or `databank.ca_file` is unusable."""

    state, transient = UNTRUSTED, False


class Refused(SyncProblem):
    """The databank understood the request and refused it as a whole (4xx other than 401)."""

    state, transient = REFUSED, False

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status  # the HTTP status (404: a path this databank does not serve)


# --------------------------------------------------------------------------- addresses

is_loopback = addresses.is_loopback


def insecure_warning(url: str) -> str | None:
    """A warning for an allowed `http://` databank that is not on this computer."""
    return addresses.allowed_warning(url) if addresses.is_insecure(url) else None


def tls_context(ca_file: str) -> ssl.SSLContext:
    """What httpx verifies the databank's certificate with: the system's authorities (httpx's,
    or SSL_CERT_FILE / SSL_CERT_DIR when set), or only the private certificate authority in
    `ca_file`. Never off.

    Made once and kept for the next syncs: loading the authorities took ~20 ms of CPU at
    every sync (once a minute). A `ca_file` replaced (its size or time changed), or other
    SSL_CERT_* variables, make a new one."""
    if not ca_file:
        return _system_context(
            os.environ.get("SSL_CERT_FILE", ""), os.environ.get("SSL_CERT_DIR", "")
        )
    try:
        stat = os.stat(ca_file)
        return _file_context(ca_file, stat.st_mtime_ns, stat.st_size)
    except (OSError, ssl.SSLError) as error:
        from lea_desktop.storage.settings import ca_file_problem

        why = ca_file_problem(ca_file) or type(error).__name__
        raise Untrusted(
            f"The certificate authority file set in databank.ca_file cannot be used: {why}. "
            "Fix it: lea-desktop config set databank.ca_file PATH (an empty value: the "
            "system's authorities)."
        ) from None


@lru_cache(maxsize=4)
def _system_context(_cert_file: str, _cert_dir: str) -> ssl.SSLContext:
    # The arguments only key the cache: httpx reads the same variables itself.
    return httpx.create_ssl_context(verify=True, trust_env=True)


@lru_cache(maxsize=4)
def _file_context(path: str, _mtime_ns: int, _size: int) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=path)


# --------------------------------------------------------------------------- the client


# Paths asked without the token: the health probe runs first, on any network, before the
# answer has shown that the address really is the databank.
PUBLIC_PATHS = frozenset({protocol.HEALTH})


class DatabankClient:
    """One databank address and token. Use as `async with DatabankClient(...) as c:`.

    `allow_insecure_http`: staff allowed plain http to another computer (a lab network);
    without it such an address is refused before anything is sent. `ca_file`: the private
    certificate authority of the databank (setting `databank.ca_file`), else the system's.
    `transport` lets tests route requests elsewhere; the app never passes one.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        limits: SyncLimits | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        allow_insecure_http: bool = False,
        ca_file: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.limits = limits or SyncLimits()
        self.allow_insecure_http = allow_insecure_http
        self.ca_file = ca_file
        self._token = token
        self._transport = transport
        self._http: httpx.AsyncClient | None = None

    def __repr__(self) -> str:  # never show the token
        return f"DatabankClient({self.base_url!r})"

    async def __aenter__(self) -> DatabankClient:
        if addresses.is_insecure(self.base_url) and not self.allow_insecure_http:
            # An address from an older configuration, set before plain http was refused.
            raise InsecureAddress(f"Nothing was sent: {addresses.refusal(self.base_url)}")
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            headers={
                "User-Agent": f"lea-desktop/{__version__}",
                "Accept": "application/json",
            },
            timeout=self.limits.timeout(),
            follow_redirects=False,  # a redirect is a captive portal's tell, not a detour
            verify=tls_context(self.ca_file),
            transport=self._transport,
            # trust_env (the default): HTTPS_PROXY / NO_PROXY and, without a ca_file,
            # SSL_CERT_FILE are honoured, as a partner's network may require.
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def request(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, body: Any = None
    ) -> Any:
        """Send one request; return the decoded JSON answer or raise a `SyncProblem`.

        `body` is encoded as JSON, unless it is `JsonText` (sent as it is)."""
        assert self._http is not None, "use `async with DatabankClient(...)`"
        content = None
        headers = {}
        if path not in PUBLIC_PATHS:
            headers["Authorization"] = f"Bearer {self._token}"
        if isinstance(body, JsonText):
            content = body.text.encode("utf-8")
            headers["Content-Type"] = "application/json"
        elif body is not None:
            content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
        try:
            response = await self._http.request(
                method, path, params=params, content=content, headers=headers
            )
        except httpx.TimeoutException:
            raise Offline("The databank did not answer in time.") from None
        except httpx.TransportError as error:  # refused, reset, DNS, cut body, TLS failure
            raise _transport_problem(error) from None
        return _read(response)

    async def whoami(self) -> protocol.WhoAmI:
        """The name the token is known by and the consortium key (`None` from an older
        databank)."""
        value = await self.request("GET", protocol.WHOAMI)
        try:
            return protocol.parse_whoami(value)
        except protocol.ProtocolError:
            raise BadAnswer("The databank's answer about the token is malformed.") from None


def _transport_problem(error: httpx.TransportError) -> SyncProblem:
    verify = _certificate_error(error)
    if verify is not None:
        # A portal intercepting HTTPS also shows up as a certificate that is not the databank's.
        return Untrusted(
            f"The databank's certificate is not trusted ({verify}): nothing was sent. If the "
            "databank uses a private certificate authority, give its certificate: lea-desktop "
            "config set databank.ca_file CA.pem. On a fair's Wi-Fi it may instead mean the "
            "network needs a login (captive portal)."
        )
    text = str(error).lower()
    if "ssl" in text or "tls" in text:
        return Offline("The secure connection to the databank failed (TLS handshake).")
    if isinstance(error, httpx.ConnectError):
        return Offline("Cannot reach the databank (no network or the server is down).")
    return Offline("The connection to the databank broke off.")


def _certificate_error(error: BaseException) -> str | None:
    """The reason a certificate was refused, if that is why the connection failed."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen.verify_message or "certificate verify failed"
        seen = seen.__cause__ or seen.__context__
    text = str(error)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return text.split("] ", 1)[-1].split(" (_ssl", 1)[0]
    return None


def _is_json(response: httpx.Response) -> bool:
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


def _read(response: httpx.Response) -> Any:
    status = response.status_code
    if status in (301, 302, 303, 307, 308) or status in (407, 511):
        raise CaptivePortal(
            "The network needs a login (captive portal): open a web browser and log in."
        )
    if status == 401:
        detail = _detail(response) if _is_json(response) else ""
        raise Unauthorized(
            detail or "The databank refused the token (wrong or revoked): ask for a new one."
        )
    if not _is_json(response):
        if status >= 500:
            raise ServerError(f"The databank or a proxy failed (HTTP {status}).")
        if status == 200 or "html" in response.headers.get("content-type", "").lower():
            raise CaptivePortal(
                "The network answers with a web page instead of the databank: it needs a login "
                "(captive portal). Open a web browser and log in."
            )
        raise NotDatabank(f"The address answers HTTP {status} without JSON: not a LEA databank.")
    if status >= 500:
        raise ServerError(f"The databank failed (HTTP {status}): {_detail(response)}")
    if status >= 400:
        raise Refused(
            f"The databank refused the request (HTTP {status}): {_detail(response)}", status
        )
    if status != 200:
        raise NotDatabank(f"Unexpected answer HTTP {status}.")
    try:
        return json.loads(response.content)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BadAnswer("The databank's answer arrived incomplete or garbled.") from None


def _detail(response: httpx.Response) -> str:
    try:
        value = json.loads(response.content)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return ""
    detail = value.get("detail") if isinstance(value, dict) else None
    return detail if isinstance(detail, str) else ""
