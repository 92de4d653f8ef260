"""Sending the public sign-up form's confirmation emails over SMTP.

`--smtp-url` says where and how:

- `smtp://HOST:PORT` — plain SMTP (a relay on this machine or a closed network);
- `smtp+starttls://USER:PASS@HOST:587` — SMTP upgraded with STARTTLS (certificate checked);
- `smtps://USER:PASS@HOST:465` — SMTP over TLS from the first byte (certificate checked).

User and password are optional and percent-decoded. The URL is never shown with its password
(`describe`). Sending is blocking (smtplib): the server calls `send` on a worker thread;
connections are kept open for the next message.
"""

from __future__ import annotations

import smtplib
import ssl
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from functools import cache
from urllib.parse import unquote, urlsplit

from lea_desktop.databank.db import describe_url

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
TIMEOUT = 20.0  # seconds for the SMTP server to answer each step


class SmtpUrlError(ValueError):
    """`--smtp-url` cannot be used; the message says why (without the password)."""


@dataclass(frozen=True)
class SmtpServer:
    scheme: str
    host: str
    port: int
    username: str = ""
    password: str = field(default="", repr=False)


def parse_smtp_url(url: str) -> SmtpServer:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise SmtpUrlError("--smtp-url: not a URL (smtp://HOST:PORT)") from None
    if parts.scheme not in DEFAULT_PORTS:
        raise SmtpUrlError(
            f"--smtp-url: unsupported scheme {parts.scheme!r}; use smtp://, smtp+starttls:// "
            "or smtps://"
        )
    if not parts.hostname:
        raise SmtpUrlError("--smtp-url: no host (smtp://HOST:PORT)")
    return SmtpServer(
        scheme=parts.scheme,
        host=parts.hostname,
        port=port or DEFAULT_PORTS[parts.scheme],
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )


def describe(url: str) -> str:
    """The SMTP URL with its password masked, for messages and logs."""
    return describe_url(url)


@cache
def _tls() -> ssl.SSLContext:
    """The TLS settings of every connection (certificates checked against the system's CAs):
    made once, as loading the CA store costs more than sending a message (~0.1 s under load)."""
    return ssl.create_default_context()


def send(server: SmtpServer, message: Message) -> None:
    """Hand `message` to the SMTP server; raises `OSError` or `smtplib.SMTPException`.

    Connections are kept open between messages (`_Idle`): a sign-up's email then costs the
    message's own commands, not a new connection, greeting, EHLO, TLS and login each time. A
    kept connection the server has closed meanwhile is dropped and the message goes through a
    new one."""
    client = _IDLE.take(server)
    if client is not None:
        try:
            client.send_message(message)
        except (smtplib.SMTPServerDisconnected, ConnectionError):
            _close(client)  # closed by the server while idle: nothing was sent on it
        except BaseException:
            _close(client)
            raise
        else:
            _IDLE.give(server, client)
            return
    client = _connect(server)
    try:
        client.send_message(message)
    except BaseException:
        _close(client)
        raise
    _IDLE.give(server, client)


def _connect(server: SmtpServer) -> smtplib.SMTP:
    client: smtplib.SMTP
    if server.scheme == "smtps":
        client = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT, context=_tls())
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
    try:
        if server.scheme == "smtp+starttls":
            client.starttls(context=_tls())
        if server.username:
            client.login(server.username, server.password)
    except BaseException:
        _close(client)
        raise
    return client


def _close(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()


class _Idle:
    """SMTP connections waiting for the next message, per server: at most `KEEP` each, none
    older than `MAX_IDLE` seconds (servers close idle clients after a minute or so)."""

    KEEP = 8
    MAX_IDLE = 30.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: dict[SmtpServer, list[tuple[float, smtplib.SMTP]]] = {}

    def take(self, server: SmtpServer) -> smtplib.SMTP | None:
        stale: list[smtplib.SMTP] = []
        found = None
        now = time.monotonic()
        with self._lock:
            kept = self._idle.get(server, [])
            while kept:
                since, client = kept.pop()
                if now - since <= self.MAX_IDLE:
                    found = client
                    break
                stale.append(client)
        for client in stale:
            _close(client)
        return found

    def give(self, server: SmtpServer, client: smtplib.SMTP) -> None:
        with self._lock:
            kept = self._idle.setdefault(server, [])
            if len(kept) < self.KEEP:
                kept.append((time.monotonic(), client))
                return
        _close(client)

    def close_all(self) -> None:
        with self._lock:
            kept = [c for clients in self._idle.values() for _t, c in clients]
            self._idle.clear()
        for client in kept:
            _close(client)


_IDLE = _Idle()


def close_idle() -> None:
    """Close the kept connections (the server is shutting down)."""
    _IDLE.close_all()
