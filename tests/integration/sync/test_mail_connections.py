"""The confirmation emails' SMTP connections are kept open between messages, through a real
SMTP server (aiosmtpd): several messages go through one connection, and one the server
closed meanwhile is replaced without losing or doubling a message."""

from __future__ import annotations

import email
import email.policy
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from lea_desktop.databank import mail
from tests.integration.sync.conftest import free_port


class Recorder:
    def __init__(self) -> None:
        self.subjects: list[str] = []
        self.connections = 0  # EHLOs: one per connection
        self.lock = threading.Lock()

    async def handle_EHLO(  # type: ignore[no-untyped-def]
        self, server, session, envelope, hostname, responses
    ) -> list[str]:
        session.host_name = hostname
        with self.lock:
            self.connections += 1
        return responses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.subjects.append(str(parsed["Subject"]))
        return "250 OK"


class Smtp:
    """An SMTP server that can be restarted on its port (dropping its clients' connections)."""

    def __init__(self) -> None:
        self.recorder = Recorder()
        self.port = free_port()
        self.server = mail.parse_smtp_url(f"smtp://127.0.0.1:{self.port}")
        self.controller = self._start()

    def _start(self) -> Controller:
        controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        controller.start()
        return controller

    def restart(self) -> None:
        self.controller.stop()
        self.controller = self._start()


@pytest.fixture
def smtp_server() -> Iterator[Smtp]:
    made = Smtp()
    try:
        yield made
    finally:
        mail.close_idle()
        made.controller.stop()


def _message(n: int) -> EmailMessage:
    message = EmailMessage()
    message.set_content(f"Message {n}")
    message["Subject"] = f"Confirm {n}"
    message["From"] = "followers@lea.example.eu"
    message["To"] = f"visitor{n}@example.fi"
    return message


def test_messages_share_a_kept_connection(smtp_server: Smtp) -> None:
    for n in range(5):
        mail.send(smtp_server.server, _message(n))
    assert smtp_server.recorder.subjects == [f"Confirm {n}" for n in range(5)]
    assert smtp_server.recorder.connections == 1  # one connection for all five


def test_a_connection_the_server_dropped_is_replaced(smtp_server: Smtp) -> None:
    mail.send(smtp_server.server, _message(1))
    smtp_server.restart()  # the kept connection is dead now
    mail.send(smtp_server.server, _message(2))
    assert smtp_server.recorder.subjects == ["Confirm 1", "Confirm 2"]  # none lost or doubled
    assert smtp_server.recorder.connections == 2


def test_senders_at_once_each_deliver_once(smtp_server: Smtp) -> None:
    recorder, server = smtp_server.recorder, smtp_server.server
    threads = [
        threading.Thread(target=lambda n=n: mail.send(server, _message(n))) for n in range(20)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(recorder.subjects) == sorted(f"Confirm {n}" for n in range(20))
    assert recorder.connections <= 20
