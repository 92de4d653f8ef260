"""Helpers of the public sign-up form's tests: a real SMTP server in this process (aiosmtpd), a
databank that sends through it, and the form read back from its HTML."""

from __future__ import annotations

import email
import email.policy
import html
import re
import threading
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
from aiosmtpd.controller import Controller

from tests.integration.sync.conftest import Databank, free_port


class Inbox:
    """Collects what the SMTP server receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(parsed)  # type: ignore[arg-type]
            self._arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 20.0) -> list[EmailMessage]:
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.messages) >= count, timeout)
            return list(self.messages)


class SmtpServer:
    def __init__(self, inbox: Inbox | None = None) -> None:
        self.inbox = inbox or Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def join_bank(
    db_url: str, workdir: Path, smtp: SmtpServer | None, *extra: str, min_seconds: str = "1"
) -> Databank:
    """A databank whose sign-up form sends through `smtp` (None: no SMTP settings)."""
    bank = Databank(db_url, workdir)
    mail_args: tuple[str, ...] = ()
    if smtp is not None:
        mail_args = ("--smtp-url", smtp.url, "--mail-from", "followers@lea.example.eu",
                     "--public-url", bank.url + "/")  # fmt: skip
    bank.serve_args = (
        *Databank.AUTH_LIMIT, *mail_args, "--join-min-seconds", min_seconds,
        "--join-limit", "100000", *extra,
    )  # fmt: skip
    bank.start()
    return bank


def form_token(page: str) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found, "the page has no form token"
    return html.unescape(found.group(1))


def good_answers(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "organisation": "Jyväskylän lyseo", "contact_name": "Aino Virtanen",
        "email": "aino.virtanen@example.fi", "phone": "+358 40 123 4567", "country": "FI",
        "city": "Jyväskylä", "types": ["school"], "website": "https://lyseo.example.fi",
        "interests": ["webinars"], "consent_contact": "yes", "consent_map": "yes",
    }  # fmt: skip
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def submit(
    client: httpx.Client,
    path: str,
    answers: dict[str, Any],
    *,
    lang: str = "en",
    wait: float = 1.05,
    token: str | None = None,
) -> httpx.Response:
    """Open the form at `path`, wait longer than the bank's minimum fill time, send `answers`."""
    page = client.get(path, params={"lang": lang})
    assert page.status_code == 200, page.text[:500]
    time.sleep(wait)  # a person takes a moment: the databank refuses forms sent at once
    data = {"form_token": token if token is not None else form_token(page.text), "lang": lang}
    return client.post(path, params={"lang": lang}, data={**data, **answers})


def confirmation_link(message: EmailMessage) -> str:
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    found = re.search(r"(https?://\S+/join/confirm/\S+)", text)
    assert found, text
    return found.group(1)


def heading(page: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", page, re.S)
    return html.unescape(found.group(1)) if found else ""
