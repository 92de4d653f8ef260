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
import pytest

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


def partner_laptop(bank: Databank, home, partner: str):  # type: ignore[no-untyped-def]
    """A laptop whose token names its consortium partner (`token create --partner`)."""
    from tests.integration.sync.conftest import Laptop

    name = f"laptop-{uuid.uuid4().hex[:8]}"
    token = bank.cli("token", "create", name, "--partner", partner).stdout.strip().splitlines()[-1]
    return Laptop(home / name, bank.url, token, name)


def add_follower(laptop, event_id: str, **changes):  # type: ignore[no-untyped-def]
    """One follower saved on `laptop` (through storage, as the form does); its id."""
    from lea_desktop.domain import clock
    from lea_desktop.domain.records import Registration, new_id
    from lea_desktop.formkit import load_form, validate
    from lea_desktop.storage import registrations
    from lea_desktop.usecases import followers

    form = load_form()
    tag = uuid.uuid4().hex[:8]
    answers = {
        "organisation": f"School {tag}", "contact_name": "Aino Virtanen",
        "email": f"aino.{tag}@example.fi", "phone": "+358 40 123 4567", "country": "FI",
        "city": "Jyväskylä", "types": ["school"], "interests": ["webinars"],
        "consent_contact": True, "consent_map": False, **changes,
    }  # fmt: skip
    checked = validate(form, answers)
    assert checked.ok, checked.errors
    stamp = clock.now_iso()
    reg = Registration(
        id=new_id(), event_id=event_id, form_id=form.id, form_version=form.version,
        kind=form.kind, answers=checked.cleaned, created_at=stamp, updated_at=stamp,
        collected_by=f"Staff of {laptop.name}", device_id=laptop.store.device_id,
        consent={"version": "contact:1", "text_sha256": "ab" * 32, "purposes": ["contact"],
                 "given_at": stamp},
    )  # fmt: skip
    registrations.insert_many(
        laptop.db,
        [
            registrations.to_row(
                reg, form.search_text(checked.cleaned), followers.email_key(checked.cleaned)
            )
        ],
    )
    return reg.id


def row_ids(page: str) -> list[str]:
    return re.findall(r'<tr data-id="([0-9a-f-]{36})"', page)


def console_world(databank, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Two partners' laptops, each with an event and followers, synced; a coordinator and a
    partner account of each (for the module: the tests below touch different followers, and
    the erasure comes last)."""
    with pytest.MonkeyPatch.context() as patch:  # as `no_system_keyring`, for the module
        import keyring
        from keyring.backends import fail

        patch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        yield from _world(databank, tmp_path_factory.mktemp("console-followers"))


def _world(databank, tmp_path):  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:6]
    innova, enter = f"INNOVA-{tag}", f"ENTER-{tag}"
    a = partner_laptop(databank, tmp_path, innova)
    b = partner_laptop(databank, tmp_path, enter)
    fair_a = a.add_event(f"BETT {tag}")
    fair_b = b.add_event(f"Educa {tag}", responsible_partner=enter)
    ids = {
        "lycee": add_follower(
            a,
            fair_a.id,
            organisation=f"Lycée Ørestad {tag}",
            country="FR",
            city="Göteborg",
            types=["procurer"],
        ),
        "school": add_follower(a, fair_a.id, organisation=f"Koulu {tag}"),
        "hostile": add_follower(
            b,
            fair_b.id,
            organisation=f'<script>alert("{tag}")</script>',
            country="SE",
            types=["supplier"],
        ),
    }
    assert a.sync().reached and b.sync().reached
    yield {
        "tag": tag, "a": a, "b": b, "ids": ids, "fair_a": fair_a, "fair_b": fair_b,
        "coordinator": make_user(databank), "innova": make_user(databank, "partner", innova),
        "enter": make_user(databank, "partner", enter), "innova_name": innova,
    }  # fmt: skip
    a.close()
    b.close()
