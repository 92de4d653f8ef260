"""The public sign-up form in a real browser (Debian's chromium driven by Playwright) on a
phone's screen: a Finnish visitor makes a mistake, fixes it, confirms from the email the test's
SMTP server received, and the follower is in `lea-databank export`."""

from __future__ import annotations

import os
import re
import time

import pytest

from lea_desktop.domain.records import slug
from tests.integration.sync.browser_helpers import ARGS, CHROMIUM, needs_chromium
from tests.integration.sync.conftest import _db_url
from tests.integration.sync.join_helpers import SmtpServer, confirmation_link, join_bank

pytestmark = needs_chromium
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def bank(backend: str, databank_db: str, smtp: SmtpServer, tmp_path_factory):  # type: ignore[no-untyped-def]
    work = tmp_path_factory.mktemp("join-browser")
    db_url = databank_db if backend == "postgresql" else _db_url(backend, work, "browser")
    databank = join_bank(db_url, work, smtp)
    yield databank
    databank.stop()


@pytest.fixture
def fair(make_laptop, bank):  # type: ignore[no-untyped-def]
    """An event a laptop created and synced (before the browser starts: Playwright's sync API
    keeps an event loop running in this thread, and a sync cycle runs one of its own)."""
    laptop = make_laptop(bank)
    event = laptop.add_event(f"Educa Helsinki {time.time_ns()}")
    assert laptop.sync().reached
    return event


@pytest.fixture
def phone(fair):  # type: ignore[no-untyped-def]
    """A browser page the size of a phone, in Finnish, that may reach loopback only."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(
                viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                locale="fi-FI", java_script_enabled=False,
            )  # fmt: skip
            outside: list[str] = []
            # Any request to somewhere other than the databank would be a third-party request.
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith("http://127.0.0.1:")
                    else (outside.append(route.request.url), route.abort())
                ),
            )
            page = context.new_page()
            page.outside = outside  # type: ignore[attr-defined]
            yield page
            context.close()
        finally:
            browser.close()


def test_a_finnish_visitor_signs_up_on_a_phone(fair, bank, smtp, phone, tmp_path):
    event = fair
    address = f"aino.{time.time_ns()}@example.fi"

    phone.goto(f"{bank.url}/join/{slug(event.name)}")
    assert phone.locator("html").get_attribute("lang") == "fi"  # from the phone's language
    assert phone.locator("h1").inner_text() == "Ryhdy LEA-seuraajaksi"
    # Every input a person sees has a label; the page fits the phone's width.
    unlabelled = phone.locator("input:not([type=hidden]):not(#fax), select").evaluate_all(
        "els => els.filter(e => !e.labels || e.labels.length === 0).map(e => e.name)"
    )
    assert unlabelled == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if os.environ.get("LEA_SCREENSHOTS"):
        phone.screenshot(path=os.path.join(os.environ["LEA_SCREENSHOTS"], "join-fi.png"),
                         full_page=True)  # fmt: skip

    phone.get_by_label(re.compile(r"^Organisaatio( \*)?$")).fill("Jyväskylän lyseo")
    phone.get_by_label(re.compile(r"^Yhteyshenkilö( \*)?$")).fill("Aino Virtanen")
    phone.get_by_label(re.compile(r"^Sähköposti( \*)?$")).fill(
        "aino.virtanen@example"
    )  # the mistake: no domain
    phone.get_by_label(re.compile(r"^Maa( \*)?$")).select_option("FI")
    phone.get_by_label(re.compile(r"^Paikkakunta( \*)?$")).fill("Jyväskylä")
    phone.locator("input[name=types][value=school]").check()
    phone.locator("#consent_contact").check()
    # A person takes longer than the bank's minimum fill time; a warm browser filling by
    # script does not, and would be answered "too fast" (as a robot is).
    time.sleep(1.2)
    phone.get_by_role("button", name="Rekisteröidy").click()

    error = phone.locator("#err-email")
    assert "Sähköpostiosoite ei kelpaa" in error.inner_text()
    assert phone.locator("#email").get_attribute("aria-invalid") == "true"
    assert (
        phone.get_by_label(re.compile(r"^Organisaatio( \*)?$")).input_value() == "Jyväskylän lyseo"
    )  # kept
    assert phone.locator("input[name=types][value=school]").is_checked()
    assert phone.locator("#consent_contact").is_checked()

    phone.locator("#email").fill(address)
    time.sleep(1.2)  # the re-shown form is new: a person reads the message before sending
    phone.get_by_role("button", name="Rekisteröidy").click()
    assert phone.locator("h1").inner_text() == "Tarkista sähköpostisi"

    mail = smtp.inbox.wait_for(1)[-1]
    assert mail["To"] == address
    assert mail["Subject"] == "Vahvista LEA-seuraajaksi rekisteröitymisesi"
    phone.goto(confirmation_link(mail))
    assert phone.locator("h1").inner_text() == "Kiitos!"
    assert phone.outside == []  # type: ignore[attr-defined]

    exported = bank.export_json(tmp_path / "followers.json")
    [follower] = [r for r in exported if r["email"] == address]
    assert follower["organisation"] == "Jyväskylän lyseo"
    assert follower["source"] == "web" and follower["event_id"] == event.id
    assert follower["consent"]["purposes"] == ["contact"]
