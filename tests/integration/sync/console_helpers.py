"""Helpers of the web console's tests: accounts made with `lea-databank user create` (the
password on stdin, as a script would give it), and a browser-like HTTP client that signs in
through the form and sends each form's CSRF token back."""

from __future__ import annotations

import html
import random
import re
import subprocess
import uuid

import httpx

from tests.integration.sync.conftest import Databank

PASSWORD = "correct horse battery staple"


def make_user(
    bank: Databank, role: str = "coordinator", partner: str = "", password: str = PASSWORD
) -> str:
    """A new console account (a unique name); its name."""
    name = f"{role[:5]}-{uuid.uuid4().hex[:8]}"
    extra = ["--partner", partner] if partner else []
    done = subprocess.run(
        bank.command("user", "create", name, "--role", role, *extra),
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=bank.env,
    )
    assert done.returncode == 0, done.stderr
    return name


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', page)
    assert found, "the page has no CSRF token"
    return html.unescape(found.group(1))


def other_address() -> str:
    """A loopback address of its own (127.x.y.z): failed sign-ins counted for it hold back no
    other test."""
    return f"127.{random.randint(1, 250)}.{random.randint(1, 250)}.{random.randint(2, 250)}"


def client(bank: Databank, source: str = "127.0.0.1") -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=source)
    return httpx.Client(base_url=bank.url, transport=transport, timeout=60)


def sign_in(
    http: httpx.Client, username: str, password: str = PASSWORD, next_url: str = ""
) -> httpx.Response:
    page = http.get("/console/login", params={"next": next_url} if next_url else None)
    assert page.status_code == 200, page.text[:300]
    return http.post(
        "/console/login",
        data={"csrf_token": csrf_of(page.text), "username": username, "password": password,
              "next": next_url},
    )  # fmt: skip


def signed_in(bank: Databank, username: str, source: str = "127.0.0.1") -> httpx.Client:
    http = client(bank, source)
    answer = sign_in(http, username)
    assert answer.status_code == 303, answer.text[:500]
    return http


def heading(page: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", page, re.S)
    return html.unescape(found.group(1)) if found else ""


def problem(page: str) -> str:
    found = re.search(r'<p class="problem"[^>]*>(.*?)</p>', page, re.S)
    return html.unescape(found.group(1)) if found else ""
